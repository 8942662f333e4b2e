using System.Runtime.CompilerServices;
using BandcampPS.Engine.Sales;
using Microsoft.Data.Sqlite;

namespace BandcampPS.Engine.Storage.Sqlite;

/// <summary>
/// The embedded default store: one SQLite file in WAL mode, so readers never block the writer and
/// importers in other processes wait for each other (30 s busy timeout) instead of failing.
/// </summary>
public sealed class SqliteRevenueStore : IRevenueStore
{
    internal const int BusyTimeoutSeconds = 30;
    private static readonly SchemaMigrator Migrator = new(SqliteSchema.Dialect, SqliteSchema.Migrations);

    private readonly TimeProvider _clock;
    private string _connectionString = "";
    private StoreAccess _access;
    private bool _absent;
    private string? _upgradedCopy;
    private bool _opened;

    public SqliteRevenueStore(string path, TimeProvider? clock = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Target = Path.GetFullPath(path);
        _clock = clock ?? TimeProvider.System;
    }

    public string Target { get; }

    /// <summary><c>$env:BANDCAMP_DATABASE</c>, else <c>&lt;LocalApplicationData&gt;/BandcampPS/revenue.db</c>.</summary>
    /// <exception cref="BandcampException">DatabasePathUnavailable: neither is there (a scheduled task without a profile).</exception>
    public static string DefaultDatabasePath()
    {
        if (BandcampEnvironment.DatabasePath is { } configured)
            return configured;
        var appData = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        if (string.IsNullOrEmpty(appData))
        {
            throw new BandcampException(BandcampErrorIds.DatabasePathUnavailable, BandcampErrorKind.InvalidArgument,
                "This session has no local application data folder (a service or scheduled task without a profile?), so the revenue database has no default place. " +
                $"Set {BandcampEnvironment.DatabaseVariable} or pass -Database (or -ConnectionString).");
        }
        return Path.Combine(appData, "BandcampPS", "revenue.db");
    }

    /// <summary>Every failure of opening, SQLite's or the folder's, comes out in the user's words (<see cref="SqliteErrors"/>).</summary>
    public async Task OpenAsync(StoreAccess access, CancellationToken ct)
    {
        try
        {
            await OpenSchemaAsync(access, ct).ConfigureAwait(false);
        }
        catch (SqliteException ex)
        {
            throw SqliteErrors.Translate(ex, Target);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw SqliteErrors.FolderNotCreated(ex, Target);
        }
    }

    private async Task OpenSchemaAsync(StoreAccess access, CancellationToken ct)
    {
        _access = access;
        if (access == StoreAccess.ReadOnly)
        {
            await OpenReadOnlyAsync(ct).ConfigureAwait(false);
            _opened = true;
            return;
        }
        CreateFolder(Path.GetDirectoryName(Target)!);
        CreateUserOnlyFile(Target);
        _connectionString = ConnectionString(Target, SqliteOpenMode.ReadWriteCreate);
        await using var connection = await ConnectAsync(ct).ConfigureAwait(false);
        // Persistent in the file; needs no transaction, and is a no-op once set.
        Execute(connection, "PRAGMA journal_mode = WAL");
        await MigrateAsync(connection, Target, ct).ConfigureAwait(false);
        _opened = true;
    }

    /// <summary>
    /// A dry run reads the file as it is and changes nothing: no folder, file, schema or journal mode is created or
    /// changed, and no -wal/-shm file is left behind. A file that does not exist is an empty database (in memory,
    /// per import); a file with an older schema is read through a migrated copy in the temp folder, so the counts
    /// are the ones a real run, which upgrades first, would report.
    /// </summary>
    private async Task OpenReadOnlyAsync(CancellationToken ct)
    {
        if (!File.Exists(Target))
        {
            _absent = true;
            return;
        }
        // Without a -wal file everything is in the main file and no connection is writing: read it as immutable, so
        // SQLite creates no -wal/-shm files beside it. With one, another connection is live; read alongside it.
        _connectionString = File.Exists(Target + "-wal")
            ? ConnectionString(Target, SqliteOpenMode.ReadOnly)
            : ConnectionString(new Uri(Target).AbsoluteUri + "?immutable=1", SqliteOpenMode.ReadOnly);
        await using var connection = await ConnectAsync(ct).ConfigureAwait(false);
        if (await Migrator.IsCurrentAsync(connection, Target, ct).ConfigureAwait(false))
            return;

        _upgradedCopy = Path.Combine(Path.GetTempPath(), $"bcps-dryrun-{Guid.NewGuid():N}.db");
        await using (var vacuum = connection.CreateCommand())
        {
            vacuum.CommandText = "VACUUM INTO @Copy";
            vacuum.Parameters.AddWithValue("@Copy", _upgradedCopy);
            await vacuum.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        _connectionString = ConnectionString(_upgradedCopy, SqliteOpenMode.ReadWrite);
        await using var copy = await ConnectAsync(ct).ConfigureAwait(false);
        await MigrateAsync(copy, Target, ct).ConfigureAwait(false);
    }

    private static async Task MigrateAsync(SqliteConnection connection, string target, CancellationToken ct)
    {
        // A current schema is the usual case: found by reading, so a report opened during an import does not wait.
        if (await Migrator.IsCurrentAsync(connection, target, ct).ConfigureAwait(false))
            return;
        // BEGIN IMMEDIATE: two processes opening a new file at once migrate one after the other.
        await using var transaction = connection.BeginTransaction(deferred: false);
        await Migrator.MigrateAsync(connection, transaction, target, ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
    }

    public Task<IRevenueImport> BeginImportAsync(StoreImportOptions options, CancellationToken ct) =>
        Translated(() => BeginAsync(options, ct));

    private async Task<IRevenueImport> BeginAsync(StoreImportOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        EnsureOpened();
        if (_access == StoreAccess.ReadOnly && !options.DryRun)
            throw new InvalidOperationException($"The revenue store {Target} was opened read-only; only a dry run can import.");
        var connection = _absent ? await EmptyDatabaseAsync(ct).ConfigureAwait(false) : await ConnectAsync(ct).ConfigureAwait(false);
        try
        {
            // Bulk load: a 16 MiB page cache, and no checkpoint every ~4 MB of WAL (each one syncs the file;
            // measured: 72k → 100k rows/s). Keys and dates arrive nearly in order, so the pages the indexes grow at
            // fit in 16 MiB: measured on 300,000 rows, 64 MiB was no faster (7.2-9.3 against 8.1 µs a row) and made
            // the process 50 MB bigger at a million rows than at 100,000 (the cache fills only on big imports).
            // The import checkpoints once when it ends; a crash meanwhile loses nothing, the WAL is replayed on open.
            if (!options.DryRun) Execute(connection, "PRAGMA cache_size = -16384; PRAGMA wal_autocheckpoint = 0");
            var currency = ReadSetting(connection, StoredValues.ReportingCurrencySetting);
            RevenueImport.CheckReportingCurrency(Target, currency, options.ReportingCurrency);
            return new SqliteRevenueImport(connection, Target, options, currency, _clock);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>What a dry run on a database that does not exist yet reads: the schema, in memory, and no rows.</summary>
    private async Task<SqliteConnection> EmptyDatabaseAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(ConnectionString(":memory:", SqliteOpenMode.Memory));
        try
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            await MigrateAsync(connection, Target, ct).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static string? ReadSetting(SqliteConnection connection, string name)
    {
        using var read = connection.CreateCommand();
        read.CommandText = SqliteStatements.ReadSetting;
        read.Parameters.AddWithValue("@Name", name);
        return read.ExecuteScalar() as string;
    }

    public IAsyncEnumerable<RevenueRow> QueryAsync(RevenueQuery query, CancellationToken ct) =>
        SqliteErrors.Translating(QueryRowsAsync(query, ct), Target, ct);

    private async IAsyncEnumerable<RevenueRow> QueryRowsAsync(RevenueQuery query, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        EnsureOpened();
        if (_absent) yield break;
        await using var connection = await ConnectAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = SqliteStatements.Query;
        AddRowFilters(command, query);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var row = new SqliteRowReader(reader);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            yield return RevenueColumns.Read(row);
    }

    public Task<SourceOverlap> GetSourceOverlapAsync(RevenueQuery query, CancellationToken ct) =>
        Translated(() => SourceOverlapAsync(query, ct));

    private async Task<SourceOverlap> SourceOverlapAsync(RevenueQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        EnsureOpened();
        if (query.Source is not null || _absent) return SourceOverlap.None;
        await using var connection = await ConnectAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = SqliteStatements.SourceOverlap;
        AddRowFilters(command, query);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await reader.ReadAsync(ct).ConfigureAwait(false);
        var count = reader.GetInt64(0);
        return count == 0 ? SourceOverlap.None
            : new SourceOverlap(count, SqliteValues.ParseTimestamp(reader.GetString(1)), SqliteValues.ParseTimestamp(reader.GetString(2)));
    }

    private static void AddRowFilters(SqliteCommand command, RevenueQuery query)
    {
        AddFilters(command, query.Source, query.BandId, query.StartUtc, query.EndUtc, query.Items);
        command.Parameters.AddWithValue("@Artist", query.Artist is null ? DBNull.Value : LikePattern.FromWildcard(query.Artist));
        command.Parameters.AddWithValue("@CatalogNumber", (object?)query.CatalogNumber ?? DBNull.Value);
    }

    private static void AddFilters(SqliteCommand command, BandcampSaleSource? source, long? bandId, DateTime? startUtc, DateTime? endUtc, SaleFilter items)
    {
        command.Parameters.AddWithValue("@Start", SqliteValues.ToDbOrNull(startUtc));
        command.Parameters.AddWithValue("@End", SqliteValues.ToDbOrNull(endUtc));
        command.Parameters.AddWithValue("@Source", SqliteValues.ToDbOrNull(source));
        command.Parameters.AddWithValue("@BandId", SqliteValues.ToDbOrNull(bandId));
        command.Parameters.AddWithValue("@ItemTypes", (object?)StoredValues.ItemTypesJson(items.ItemTypeList) ?? DBNull.Value);
    }

    public Task<DateTime?> GetLatestSaleDateAsync(BandcampSaleSource source, long? bandId, CancellationToken ct) =>
        Translated(() => LatestSaleDateAsync(source, bandId, ct));

    private async Task<DateTime?> LatestSaleDateAsync(BandcampSaleSource source, long? bandId, CancellationToken ct)
    {
        EnsureOpened();
        if (_absent) return null;
        await using var connection = await ConnectAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = bandId is null ? SqliteStatements.LatestSaleDate : SqliteStatements.LatestSaleDateOfBand;
        command.Parameters.AddWithValue("@Source", StoredValues.SourceName(source));
        command.Parameters.AddWithValue("@BandId", SqliteValues.ToDbOrNull(bandId));
        var latest = await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
        return latest is string text ? SqliteValues.ParseTimestamp(text) : null;
    }

    public Task<IReadOnlyList<RevenueSummaryRow>> SummarizeAsync(RevenueSummaryQuery query, CancellationToken ct) =>
        Translated(() => SummaryRowsAsync(query, ct));

    private async Task<IReadOnlyList<RevenueSummaryRow>> SummaryRowsAsync(RevenueSummaryQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        EnsureOpened();
        var keys = SummaryShape.Keys(query.GroupBy);
        if (_absent) return [];
        await using var connection = await ConnectAsync(ct).ConfigureAwait(false);
        DecimalSum.Register(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = SqliteStatements.Summary(keys);
        AddFilters(command, query.Source, query.BandId, query.StartUtc, query.EndUtc, query.Items);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var rows = new List<RevenueSummaryRow>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            rows.Add(SummaryShape.Read(reader, keys, SqliteValues.ReadDecimal));
        return rows;
    }

    public Task<SyncWatermark?> GetSyncWatermarkAsync(BandcampSaleSource source, long bandId, CancellationToken ct) =>
        Translated(() => WatermarkAsync(source, bandId, ct));

    private async Task<SyncWatermark?> WatermarkAsync(BandcampSaleSource source, long bandId, CancellationToken ct)
    {
        EnsureOpened();
        if (_absent) return null;
        await using var connection = await ConnectAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = SqliteStatements.ReadWatermark;
        command.Parameters.AddWithValue("@Source", StoredValues.SourceName(source));
        command.Parameters.AddWithValue("@BandId", bandId);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false)) return null;
        return new SyncWatermark(source, bandId, SqliteValues.ParseTimestamp(reader.GetString(0)), SqliteValues.ParseTimestamp(reader.GetString(1)));
    }

    public Task SaveSyncWatermarkAsync(SyncWatermark watermark, CancellationToken ct) =>
        Translated(async () => { await SaveWatermarkAsync(watermark, ct).ConfigureAwait(false); return true; });

    private async Task SaveWatermarkAsync(SyncWatermark watermark, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(watermark);
        EnsureOpened();
        if (_access == StoreAccess.ReadOnly)
            throw new InvalidOperationException($"The revenue store {Target} was opened read-only.");
        await using var connection = await ConnectAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = SqliteStatements.SaveWatermark;
        command.Parameters.AddWithValue("@Source", StoredValues.SourceName(watermark.Source));
        command.Parameters.AddWithValue("@BandId", watermark.BandId);
        command.Parameters.AddWithValue("@SinceUtc", SqliteValues.Timestamp(watermark.SinceUtc));
        command.Parameters.AddWithValue("@CompleteThroughUtc", SqliteValues.Timestamp(watermark.CompleteThroughUtc));
        command.Parameters.AddWithValue("@UpdatedAt", SqliteValues.Timestamp(_clock.GetUtcNow().UtcDateTime));
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Deletes the migrated copy a dry run on an older database read from; every other call closed its own connection.</summary>
    public ValueTask DisposeAsync()
    {
        if (_upgradedCopy is { } copy)
        {
            _upgradedCopy = null;
            SqliteConnection.ClearAllPools();
            File.Delete(copy);
        }
        return ValueTask.CompletedTask;
    }

    public override string ToString() => Target;

    private async Task<SqliteConnection> ConnectAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            // busy_timeout makes SQLite itself wait for a lock held by another process, including for
            // BEGIN IMMEDIATE. synchronous=NORMAL is safe in WAL mode: a crash never corrupts the file; a
            // power cut may lose the last commits, which a re-import restores.
            Execute(connection, $"PRAGMA busy_timeout = {BusyTimeoutSeconds * 1000}; PRAGMA synchronous = NORMAL");
            return connection;
        }
        catch (SqliteException ex)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw SqliteErrors.Translate(ex, Target);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A call of the store with SQLite's failures in the user's words (<see cref="SqliteErrors"/>).</summary>
    private async Task<T> Translated<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (SqliteException ex)
        {
            throw SqliteErrors.Translate(ex, Target);
        }
    }

    internal static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string ConnectionString(string dataSource, SqliteOpenMode mode) => new SqliteConnectionStringBuilder
    {
        DataSource = dataSource,
        Mode = mode,
        // No pool: a cmdlet that finished must not keep the file open (locks on Windows, file copies).
        Pooling = false,
        DefaultTimeout = BusyTimeoutSeconds,
    }.ToString();

    /// <summary>
    /// The file may hold buyer details: one BandcampPS creates is readable by its owner only (0600, as the token
    /// cache); SQLite gives its -wal and -shm files the same mode. An existing file keeps the mode its owner chose.
    /// </summary>
    private static void CreateUserOnlyFile(string path)
    {
        // A folder at the path is SQLite's to refuse, in words SqliteErrors has for it.
        if (File.Exists(path) || Directory.Exists(path) || OperatingSystem.IsWindows()) return;
        try
        {
            using var _ = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first: theirs is as good.
        }
    }

    internal static void CreateFolder(string folder)
    {
        if (Directory.Exists(folder))
            return;
        // The file may hold buyer details: a folder we create is readable by its owner only.
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(folder);
        else
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private void EnsureOpened()
    {
        if (!_opened)
            throw new InvalidOperationException($"Call OpenAsync before using the revenue store {Target}.");
    }
}
