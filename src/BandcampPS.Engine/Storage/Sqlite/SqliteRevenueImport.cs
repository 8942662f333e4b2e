using System.Data.Common;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace BandcampPS.Engine.Storage.Sqlite;

/// <summary>
/// One import on its own connection. Row by row with three prepared statements (look up the key, insert,
/// update; see <see cref="PositionalStatement"/>) inside a BEGIN IMMEDIATE transaction: the write lock is
/// taken up front, so two importers queue on the busy timeout instead of deadlocking on a read-to-write
/// upgrade, and each sees the other's rows. SQLite calls are synchronous (Microsoft.Data.Sqlite's async
/// ones are too), so the work runs inline and returns completed tasks.
/// </summary>
internal sealed class SqliteRevenueImport : RevenueImport
{
    // @ContentHash after the columns, then the row id an UPDATE rewrites.
    private static readonly string[] WriteParameters =
        [.. RevenueColumns.All.Select(c => "@" + RevenueColumns.Name(c)), "@ContentHash", "@Id"];

    private static readonly int ContentHashParameter = RevenueColumns.All.Length;
    private static readonly int IdParameter = RevenueColumns.All.Length + 1;

    private readonly SqliteConnection _connection;
    private readonly TimeProvider _clock;
    private readonly PositionalStatement _lookup;
    private readonly PositionalStatement _insert;
    private readonly PositionalStatement _update;

    public SqliteRevenueImport(SqliteConnection connection, RevenueImportOptions options, TimeProvider clock)
        : base(options)
    {
        _connection = connection;
        _clock = clock;
        _lookup = new PositionalStatement(connection, SqliteStatements.Lookup, ["@Source", "@SaleKey"]);
        _insert = new PositionalStatement(connection, SqliteStatements.Insert, WriteParameters);
        _update = new PositionalStatement(connection, SqliteStatements.Update, WriteParameters);
    }

    protected override Task<DbTransaction> BeginWriteTransactionAsync(CancellationToken ct) =>
        Task.FromResult<DbTransaction>(_connection.BeginTransaction(deferred: false)); // BEGIN IMMEDIATE

    protected override Task<RowOutcome[]> WriteAsync(PreparedRow[] rows, CancellationToken ct)
    {
        var importedAt = _clock.GetUtcNow().UtcDateTime;
        var outcomes = new RowOutcome[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            ct.ThrowIfCancellationRequested();
            var (id, stored) = Lookup(rows[i].Row);
            outcomes[i] = OutcomeTracker.Classify(stored?.ContentHash, rows[i].ContentHash);
            switch (outcomes[i])
            {
                case RowOutcome.Inserted:
                    Bind(_insert, rows[i], importedAt);
                    _insert.Execute();
                    break;
                case RowOutcome.Updated:
                    Bind(_update, rows[i], importedAt);
                    _update.Bind(IdParameter, id);
                    _update.Execute();
                    break;
            }
        }
        return Task.FromResult(outcomes);
    }

    protected override Task<Func<int, StoredRow?>> LookupAsync(PreparedRow[] rows, CancellationToken ct) =>
        Task.FromResult<Func<int, StoredRow?>>(i => Lookup(rows[i].Row).Stored);

    protected override Task<int> DeleteAsync(RevenueClearScope scope, CancellationToken ct)
    {
        if (scope.KeepSaleKeys is { } keep)
        {
            var stale = StaleIds(scope, keep);
            using var delete = _connection.CreateCommand();
            delete.CommandText = SqliteStatements.DeleteById;
            delete.Transaction = (SqliteTransaction?)Transaction;
            var id = delete.Parameters.Add("@Id", SqliteType.Integer);
            foreach (var staleId in stale)
            {
                id.Value = staleId;
                delete.ExecuteNonQuery();
            }
            return Task.FromResult(stale.Count);
        }
        using var clear = ClearCommand(SqliteStatements.Clear, scope);
        return Task.FromResult(clear.ExecuteNonQuery());
    }

    protected override Task<int> CountAsync(RevenueClearScope scope, CancellationToken ct)
    {
        if (scope.KeepSaleKeys is { } keep) return Task.FromResult(StaleIds(scope, keep).Count);
        using var count = ClearCommand(SqliteStatements.CountClear, scope);
        return Task.FromResult(Convert.ToInt32(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
    }

    protected override async ValueTask DisposeConnectionAsync()
    {
        _lookup.Dispose();
        _insert.Dispose();
        _update.Dispose();
        // This connection does not checkpoint as it goes (see BeginImportAsync): fold the WAL into the file
        // now, as far as other connections allow. PASSIVE never waits for them; closing the last
        // connection checkpoints fully anyway.
        if (!Options.DryRun)
            SqliteRevenueStore.Execute(_connection, "PRAGMA wal_checkpoint(PASSIVE)");
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private (long Id, StoredRow? Stored) Lookup(RevenueEvent row)
    {
        _lookup.Reset();
        _lookup.Bind(0, StoredValues.SourceName(row.Source));
        _lookup.Bind(1, row.SaleKey);
        if (!_lookup.Step())
            return (0, null);
        try
        {
            var stored = new StoredRow(
                ContentHasher.FromStored(_lookup.Blob(1)),
                _lookup.Int64(2),
                SqliteValues.ParseTimestamp(_lookup.Text(3)));
            return (_lookup.Int64(0), stored);
        }
        finally
        {
            _lookup.Reset();
        }
    }

    private static void Bind(PositionalStatement statement, PreparedRow row, DateTime importedAt)
    {
        statement.Reset(); // NULLs are left unbound: clear whatever an earlier, failed row bound
        foreach (var column in RevenueColumns.All)
            statement.Bind((int)column, column == RevenueColumn.ImportedAt ? importedAt : row.Values[(int)column]);
        statement.Bind(ContentHashParameter, ContentHasher.ToBytes(row.ContentHash));
    }

    /// <summary>Rows in scope whose keys the import did not bring again (see <see cref="RevenueClearScope.KeepSaleKeys"/>).</summary>
    private List<long> StaleIds(RevenueClearScope scope, IReadOnlySet<string> keep)
    {
        var stale = new List<long>();
        using var candidates = ClearCommand(SqliteStatements.ClearCandidates, scope);
        using var reader = candidates.ExecuteReader();
        while (reader.Read())
            if (!keep.Contains(reader.GetString(1))) stale.Add(reader.GetInt64(0));
        return stale;
    }

    private SqliteCommand ClearCommand(string sql, RevenueClearScope scope)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = (SqliteTransaction?)Transaction;
        command.Parameters.AddWithValue("@Source", SqliteValues.ToDb(scope.Source));
        command.Parameters.AddWithValue("@Start", SqliteValues.ToDbOrNull(scope.StartUtc));
        command.Parameters.AddWithValue("@End", SqliteValues.ToDbOrNull(scope.EndUtc));
        command.Parameters.AddWithValue("@BandIds", scope.BandIds is null ? DBNull.Value : JsonSerializer.Serialize(scope.BandIds));
        return command;
    }
}
