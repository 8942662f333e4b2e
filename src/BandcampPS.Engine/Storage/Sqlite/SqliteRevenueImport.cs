using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace BandcampPS.Engine.Storage.Sqlite;

/// <summary>
/// One import on its own connection. Row by row with prepared statements (look up the key, insert, update, update
/// the conversion, remember the key; see <see cref="PositionalStatement"/>) inside a BEGIN IMMEDIATE transaction per
/// batch: the write lock is taken up front, so two importers queue on the busy timeout instead of deadlocking on a
/// read-to-write upgrade, and each sees the other's rows. SQLite calls are synchronous (Microsoft.Data.Sqlite's async
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
    private readonly string _target;
    private readonly TimeProvider _clock;
    private readonly PositionalStatement _lookup;
    private readonly PositionalStatement _insert;
    private readonly PositionalStatement _insertIfNew;
    private readonly PositionalStatement _update;
    private readonly PositionalStatement _updateConversion;
    private readonly PositionalStatement? _rememberKey;

    /// <summary>
    /// After this many new rows in a row, rows are inserted without looking their keys up first (a conflict on the
    /// key says when one is stored after all). A first import then costs one statement a row instead of two; a
    /// re-import, whose rows are all stored, keeps looking up and never binds a row it will not write.
    /// </summary>
    private const int NewBeforeInsertingFirst = 64;

    private int _newInARow;

    public SqliteRevenueImport(SqliteConnection connection, string target, StoreImportOptions options, string? reportingCurrency, TimeProvider clock)
        : base(options, reportingCurrency, clock.GetUtcNow().UtcDateTime)
    {
        _connection = connection;
        _target = target;
        _clock = clock;
        _lookup = new PositionalStatement(connection, SqliteStatements.Lookup, ["@Source", "@SaleKey"]);
        _insert = new PositionalStatement(connection, SqliteStatements.Insert, WriteParameters);
        _insertIfNew = new PositionalStatement(connection, SqliteStatements.InsertIfNew, WriteParameters);
        _update = new PositionalStatement(connection, SqliteStatements.Update, WriteParameters);
        _updateConversion = new PositionalStatement(connection, SqliteStatements.UpdateConversion, WriteParameters);
        if (options.RememberKeys)
        {
            // A temporary table lives beside the database, not in it: a dry run on a read-only connection may keep one.
            SqliteRevenueStore.Execute(connection, SqliteStatements.CreateRunKeys);
            _rememberKey = new PositionalStatement(connection, SqliteStatements.RememberKey, ["@Source", "@SaleKey"]);
        }
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
            var row = rows[i];
            if (_newInARow >= NewBeforeInsertingFirst)
            {
                // Rows keep turning out new (a first import, a new range): insert straight away, and look the key up
                // only if it turns out to be stored after all, which also ends this until rows are new again.
                Execute(_insertIfNew, row, importedAt);
                if (_insertIfNew.Changes == 1)
                {
                    outcomes[i] = RowOutcome.Inserted;
                    continue;
                }
                _newInARow = 0;
            }
            var (id, stored) = Lookup(row.Row);
            outcomes[i] = OutcomeTracker.Classify(stored?.ContentHash, row.ContentHash);
            _newInARow = stored is null ? _newInARow + 1 : 0;
            var incoming = StoredConversion.Of(row.Row);
            switch (outcomes[i])
            {
                case RowOutcome.Inserted:
                    Execute(_insert, row, importedAt);
                    break;
                case RowOutcome.Updated:
                    // Bandcamp's values changed. A run without -Currency converts them at the stored rate rather
                    // than dropping a conversion an earlier run made.
                    var rewritten = incoming is null && stored?.Conversion is { } keep ? row.ConvertedAt(keep) : row;
                    Execute(_update, rewritten, importedAt, id);
                    break;
                case RowOutcome.AlreadyPresent when incoming is { } conversion && stored!.Value.Conversion != conversion:
                    Execute(_updateConversion, row, importedAt, id);
                    break;
            }
        }
        return Task.FromResult(outcomes);
    }

    protected override Task<Func<int, StoredRow?>> LookupAsync(PreparedRow[] rows, CancellationToken ct) =>
        Task.FromResult<Func<int, StoredRow?>>(i => Lookup(rows[i].Row).Stored);

    protected override Task RememberKeysAsync(PreparedRow[] rows, CancellationToken ct)
    {
        foreach (var row in rows)
        {
            _rememberKey!.Bind(0, StoredValues.SourceName(row.Row.Source));
            _rememberKey.Bind(1, row.Row.SaleKey);
            _rememberKey.Execute();
        }
        return Task.CompletedTask;
    }

    protected override Task<int> StaleAsync(IReadOnlyList<RevenueClearScope> scopes, bool delete, CancellationToken ct)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = delete ? SqliteStatements.DeleteStale : SqliteStatements.CountStale;
        command.Transaction = (SqliteTransaction?)Transaction;
        var source = command.Parameters.Add("@Source", SqliteType.Text);
        var band = command.Parameters.Add("@BandId", SqliteType.Integer);
        var member = command.Parameters.Add("@MemberBandId", SqliteType.Integer);
        var start = command.Parameters.Add("@Start", SqliteType.Text);
        var end = command.Parameters.Add("@End", SqliteType.Text);
        var types = command.Parameters.Add("@ItemTypes", SqliteType.Text);
        command.Parameters.AddWithValue("@StartedAt", SqliteValues.Timestamp(StartedUtc));
        var total = 0;
        foreach (var scope in scopes)
        {
            ct.ThrowIfCancellationRequested();
            source.Value = StoredValues.SourceName(scope.Source);
            band.Value = scope.BandId;
            member.Value = SqliteValues.ToDbOrNull(scope.MemberBandId);
            start.Value = SqliteValues.Timestamp(scope.StartUtc);
            end.Value = SqliteValues.Timestamp(scope.EndUtc);
            types.Value = (object?)StoredValues.ItemTypesJson(scope.ItemTypes) ?? DBNull.Value;
            total += delete ? command.ExecuteNonQuery() : Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
        return Task.FromResult(total);
    }

    protected override Task<string> ClaimReportingCurrencyAsync(string currency, CancellationToken ct)
    {
        using (var claim = Command(SqliteStatements.ClaimSetting))
        {
            claim.Parameters.AddWithValue("@Name", StoredValues.ReportingCurrencySetting);
            claim.Parameters.AddWithValue("@Value", currency);
            claim.ExecuteNonQuery();
        }
        using var read = Command(SqliteStatements.ReadSetting);
        read.Parameters.AddWithValue("@Name", StoredValues.ReportingCurrencySetting);
        var recorded = (string)read.ExecuteScalar()!;
        CheckReportingCurrency(_target, recorded, currency);
        return Task.FromResult(recorded);
    }

    protected override async ValueTask DisposeConnectionAsync()
    {
        _lookup.Dispose();
        _insert.Dispose();
        _insertIfNew.Dispose();
        _update.Dispose();
        _updateConversion.Dispose();
        _rememberKey?.Dispose();
        // This connection does not checkpoint as it goes (see BeginImportAsync): fold the WAL into the file now, as
        // far as other connections allow. PASSIVE never waits for them; closing the last connection checkpoints anyway.
        if (!Options.DryRun)
            SqliteRevenueStore.Execute(_connection, "PRAGMA wal_checkpoint(PASSIVE)");
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    protected override BandcampException? Translate(Exception exception) =>
        exception is SqliteException sqlite ? SqliteErrors.Translate(sqlite, _target) : null;

    private SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = (SqliteTransaction?)Transaction;
        return command;
    }

    private (long Id, StoredRow? Stored) Lookup(RevenueRow row)
    {
        _lookup.Reset();
        _lookup.Bind(0, StoredValues.SourceName(row.Source));
        _lookup.Bind(1, row.SaleKey);
        if (!_lookup.Step())
            return (0, null);
        try
        {
            var conversion = _lookup.IsNull(2) ? (StoredConversion?)null : new StoredConversion(
                _lookup.Text(2), SqliteValues.ParseDecimal(_lookup.Text(3)), DateOnly.ParseExact(_lookup.Text(4), SqliteValues.DateFormat, System.Globalization.CultureInfo.InvariantCulture));
            return (_lookup.Int64(0), new StoredRow(ContentHasher.FromStored(_lookup.Blob(1)), conversion));
        }
        finally
        {
            _lookup.Reset();
        }
    }

    private static void Execute(PositionalStatement statement, PreparedRow row, DateTime importedAt, long id = 0)
    {
        statement.Reset(); // NULLs are left unbound: clear whatever an earlier, failed row bound
        foreach (var column in RevenueColumns.All)
            statement.Bind((int)column, column == RevenueColumn.ImportedAt ? importedAt : row.Values[(int)column]);
        statement.Bind(ContentHashParameter, ContentHasher.ToBytes(row.ContentHash));
        if (id != 0) statement.Bind(IdParameter, id);
        statement.Execute();
    }
}
