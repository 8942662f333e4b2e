using System.Data.Common;

namespace BandcampPS.Engine.Storage;

/// <summary>One forward-only schema step: its statements run in order, in the migration transaction.</summary>
internal sealed record SchemaMigration(int Version, string Description, IReadOnlyList<string> Statements)
{
    /// <summary>
    /// The step changes what ContentHash covers, so every stored hash must be rewritten (<see cref="SchemaDialect.RehashRows"/>).
    /// The rewrite reads every column of today's table and writes today's format, so it runs once, after the last
    /// step, when every column exists, however many steps asked for it.
    /// </summary>
    public bool RehashesRows { get; init; }
}

/// <summary>The statements a dialect needs to keep the version table.</summary>
/// <param name="Lock">Serializes concurrent openers, or null when the transaction already does (SQLite's BEGIN IMMEDIATE).</param>
/// <param name="CreateVersionTable">Idempotent.</param>
/// <param name="ReadVersion">One value: the highest applied version, 0 for none.</param>
/// <param name="RecordVersion">Parameters @Version and @Description.</param>
/// <param name="VersionTableExists">One value: 1 when the version table exists, else 0. A plain read.</param>
internal sealed record SchemaDialect(string? Lock, string CreateVersionTable, string ReadVersion, string RecordVersion, string VersionTableExists)
{
    /// <summary>Rewrites every stored ContentHash in the current format (<see cref="ContentHashRewrite"/>).</summary>
    public Func<DbConnection, DbTransaction, CancellationToken, Task>? RehashRows { get; init; }
}

/// <summary>
/// Brings a database to the newest schema this code knows: creates the version table, then applies every
/// migration above the stored version, recording each. Runs in the caller's transaction, so a failed step
/// leaves the database at the version it had. Migrations never go backwards: a database newer than the code
/// is refused rather than written with an old idea of its shape.
/// </summary>
internal sealed class SchemaMigrator
{
    private readonly SchemaDialect _dialect;
    private readonly IReadOnlyList<SchemaMigration> _migrations;

    public SchemaMigrator(SchemaDialect dialect, IReadOnlyList<SchemaMigration> migrations)
    {
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
                throw new ArgumentException($"Migrations must be numbered 1, 2, 3… in order; position {i} has version {migrations[i].Version}.", nameof(migrations));
        }
        _dialect = dialect;
        _migrations = migrations;
    }

    public int LatestVersion => _migrations.Count;

    /// <returns>The version the database had before.</returns>
    public async Task<int> MigrateAsync(DbConnection connection, DbTransaction transaction, string target, CancellationToken ct)
    {
        if (_dialect.Lock is { } lockStatement)
            await ExecuteAsync(connection, transaction, lockStatement, ct).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, _dialect.CreateVersionTable, ct).ConfigureAwait(false);

        var current = await ReadVersionAsync(connection, transaction, ct).ConfigureAwait(false);
        if (current > LatestVersion) throw TooNew(target, current);

        var rehash = false;
        foreach (var migration in _migrations.Where(m => m.Version > current))
        {
            foreach (var statement in migration.Statements)
                await ExecuteAsync(connection, transaction, statement, ct).ConfigureAwait(false);
            rehash |= migration.RehashesRows;
            await using var record = DbCommands.Create(connection, transaction, _dialect.RecordVersion);
            DbCommands.AddParameter(record, "@Version", migration.Version);
            DbCommands.AddParameter(record, "@Description", migration.Description);
            await record.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        if (rehash)
        {
            var rehashRows = _dialect.RehashRows ?? throw new InvalidOperationException("A migration rehashes rows, but the dialect cannot.");
            await rehashRows(connection, transaction, ct).ConfigureAwait(false);
        }
        return current;
    }

    /// <summary>
    /// Whether the database already has the newest schema, found with plain reads outside any transaction: no lock,
    /// no write, so opening a current database does not queue behind an import that holds the write lock (SQLite's
    /// BEGIN IMMEDIATE would wait out the busy timeout) and needs no right to create tables. False when the schema
    /// is missing or older: then <see cref="MigrateAsync"/> must run. A newer database is refused here too.
    /// </summary>
    public async Task<bool> IsCurrentAsync(DbConnection connection, string target, CancellationToken ct)
    {
        await using (var exists = DbCommands.Create(connection, null, _dialect.VersionTableExists))
        {
            var found = await exists.ExecuteScalarAsync(ct).ConfigureAwait(false);
            if (Convert.ToInt32(found, System.Globalization.CultureInfo.InvariantCulture) == 0) return false;
        }
        var current = await ReadVersionAsync(connection, null, ct).ConfigureAwait(false);
        if (current > LatestVersion) throw TooNew(target, current);
        return current == LatestVersion;
    }

    public async Task<int> ReadVersionAsync(DbConnection connection, DbTransaction? transaction, CancellationToken ct)
    {
        await using var read = DbCommands.Create(connection, transaction, _dialect.ReadVersion);
        return Convert.ToInt32(await read.ExecuteScalarAsync(ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    private RevenueStoreException TooNew(string target, int current) => new(RevenueStoreException.DatabaseTooNew,
        $"The revenue database {target} has schema version {current}, newer than the {LatestVersion} this version of BandcampPS knows. Update BandcampPS.");

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken ct)
    {
        await using var command = DbCommands.Create(connection, transaction, sql);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
