using System.Data;
using System.Data.Common;
using BandcampPS.Engine.Sales;
using Microsoft.Data.SqlClient;

namespace BandcampPS.Engine.Storage.SqlServer;

/// <summary>
/// One import on its own connection: each batch is bulk-copied into the session's temp table and applied by one MERGE
/// (<see cref="SqlServerStatements.Merge"/>) in a transaction of its own. Write transactions first take an application
/// lock, so importers take turns (like SQLite's single writer) instead of deadlocking on key-range locks.
/// </summary>
internal sealed class SqlServerRevenueImport : RevenueImport
{
    private const int CommandTimeoutSeconds = 300;

    private readonly SqlConnection _connection;
    private readonly string _target;
    private readonly TimeProvider _clock;
    private readonly StagingTable _staging = new();

    private SqlServerRevenueImport(SqlConnection connection, string target, StoreImportOptions options, string? reportingCurrency, TimeProvider clock)
        : base(options, reportingCurrency, clock.GetUtcNow().UtcDateTime)
    {
        _connection = connection;
        _target = target;
        _clock = clock;
    }

    public static async Task<SqlServerRevenueImport> StartAsync(
        SqlConnection connection, string target, StoreImportOptions options, string? reportingCurrency, TimeProvider clock, CancellationToken ct)
    {
        var import = new SqlServerRevenueImport(connection, target, options, reportingCurrency, clock);
        await import.ExecuteAsync(SqlServerStatements.CreateStaging, ct).ConfigureAwait(false);
        if (options.RememberKeys) await import.ExecuteAsync(SqlServerStatements.CreateRunKeys, ct).ConfigureAwait(false);
        return import;
    }

    /// <summary>
    /// Per-row outcomes from what the MERGE reported: a staged key it inserted held nothing before, one
    /// it updated held what it replaced, and one it did not report already held its last row's content.
    /// </summary>
    internal static RowOutcome[] OutcomesOfMerge(PreparedRow[] rows, IEnumerable<int> staged, IEnumerable<MergedRow> merged)
    {
        var before = staged.ToDictionary(i => rows[i].Key, i => (StoredRow?)new StoredRow(rows[i].ContentHash, null));
        foreach (var row in merged)
            before[rows[row.RowIndex].Key] = row.Replaced;
        return new OutcomeTracker().Classify(rows, i => before[rows[i].Key]);
    }

    protected override async Task<DbTransaction> BeginWriteTransactionAsync(CancellationToken ct)
    {
        var transaction = (SqlTransaction)await _connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        try
        {
            await using var lockImport = new SqlCommand(SqlServerStatements.LockImport, _connection, transaction);
            await lockImport.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    protected override async Task<RowOutcome[]> WriteAsync(PreparedRow[] rows, CancellationToken ct)
    {
        var staged = await StageAsync(rows, ct).ConfigureAwait(false);
        if (rows.Any(r => r.Row.ReportingCurrency is null))
            await KeepStoredConversionsAsync(rows, staged, ct).ConfigureAwait(false);
        var merged = new List<MergedRow>();
        await using var merge = Command(SqlServerStatements.Merge);
        await using (var reader = await merge.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                var replaced = reader.GetString(0) == "INSERT"
                    ? (StoredRow?)null
                    : new StoredRow(ContentHasher.FromStored((byte[])reader.GetValue(2)), null);
                merged.Add(new MergedRow(reader.GetInt32(1), replaced));
            }
        }
        return OutcomesOfMerge(rows, staged, merged);
    }

    /// <summary>
    /// A row whose Bandcamp values changed, imported without -Currency, is converted at its stored rate (the same
    /// <see cref="StoredConversion.Apply"/> as SQLite) and restaged, so the MERGE keeps the conversion consistent.
    /// </summary>
    private async Task KeepStoredConversionsAsync(PreparedRow[] rows, IReadOnlyCollection<int> staged, CancellationToken ct)
    {
        var patches = new Dictionary<int, PreparedRow>();
        await using (var lookup = Command(SqlServerStatements.StoredConversionsOfChanged))
        await using (var reader = await lookup.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                var index = reader.GetInt32(0);
                var stored = new StoredConversion(reader.GetString(1), reader.GetDecimal(2), DateOnly.FromDateTime(reader.GetDateTime(3)));
                patches[index] = rows[index].ConvertedAt(stored);
            }
        }
        if (patches.Count == 0) return;
        foreach (var (index, patched) in patches) rows[index] = patched;
        await StageAsync(rows, ct).ConfigureAwait(false);
    }

    protected override async Task<Func<int, StoredRow?>> LookupAsync(PreparedRow[] rows, CancellationToken ct)
    {
        await StageAsync(rows, ct).ConfigureAwait(false);
        var stored = new Dictionary<(BandcampSaleSource, string), StoredRow>();
        await using var lookup = Command(SqlServerStatements.LookupStaged);
        await using (var reader = await lookup.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                stored[rows[reader.GetInt32(0)].Key] = new StoredRow(ContentHasher.FromStored((byte[])reader.GetValue(1)), null);
        }
        return i => stored.TryGetValue(rows[i].Key, out var row) ? row : null;
    }

    /// <summary>The batch is still in the staging table (written or looked up just before).</summary>
    protected override Task RememberKeysAsync(PreparedRow[] rows, CancellationToken ct) =>
        ExecuteAsync(SqlServerStatements.RememberStagedKeys, ct);

    protected override async Task<int> StaleAsync(IReadOnlyList<RevenueClearScope> scopes, bool delete, CancellationToken ct)
    {
        var total = 0;
        foreach (var scope in scopes)
        {
            await using var command = Command(delete ? SqlServerStatements.DeleteStale : SqlServerStatements.CountStale);
            SqlServerValues.Add(command, "@Source", SqlDbType.NVarChar, StoredValues.SourceName(scope.Source), 8);
            SqlServerValues.Add(command, "@BandId", SqlDbType.BigInt, scope.BandId);
            SqlServerValues.Add(command, "@MemberBandId", SqlDbType.BigInt, scope.MemberBandId);
            SqlServerValues.Add(command, "@Start", SqlDbType.DateTime2, SqlServerValues.Timestamp(scope.StartUtc));
            SqlServerValues.Add(command, "@End", SqlDbType.DateTime2, SqlServerValues.Timestamp(scope.EndUtc));
            SqlServerValues.Add(command, "@ItemTypes", SqlDbType.NVarChar, StoredValues.ItemTypesJson(scope.ItemTypes), -1);
            SqlServerValues.Add(command, "@StartedAt", SqlDbType.DateTime2, StartedUtc);
            total += delete
                ? await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false)
                : Convert.ToInt32(await command.ExecuteScalarAsync(ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        }
        return total;
    }

    protected override async Task<string> ClaimReportingCurrencyAsync(string currency, CancellationToken ct)
    {
        await using var claim = Command(SqlServerStatements.ClaimSetting);
        SqlServerValues.Add(claim, "@Name", SqlDbType.NVarChar, StoredValues.ReportingCurrencySetting, 100);
        SqlServerValues.Add(claim, "@Value", SqlDbType.NVarChar, currency, 400);
        var recorded = (string)(await claim.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
        CheckReportingCurrency(_target, recorded, currency);
        return recorded;
    }

    // Closing drops the temp table.
    protected override ValueTask DisposeConnectionAsync() => _connection.DisposeAsync();

    /// <summary>
    /// Bulk-copies each key once, as its last row in the batch: MERGE may touch a target row only once, and
    /// the last row is what writing them one by one would leave behind. Returns the staged row indexes.
    /// </summary>
    private async Task<IReadOnlyCollection<int>> StageAsync(PreparedRow[] rows, CancellationToken ct)
    {
        var lastOfKey = new Dictionary<(BandcampSaleSource, string), int>();
        for (var i = 0; i < rows.Length; i++)
            lastOfKey[rows[i].Key] = i;
        _staging.Fill(rows, lastOfKey.Values.Order(), _clock.GetUtcNow().UtcDateTime);

        await ExecuteAsync(SqlServerStatements.TruncateStaging, ct).ConfigureAwait(false);
        using var bulk = new SqlBulkCopy(_connection, SqlBulkCopyOptions.KeepNulls, (SqlTransaction?)Transaction)
        {
            DestinationTableName = SqlServerStatements.Staging,
            BulkCopyTimeout = CommandTimeoutSeconds,
        };
        foreach (DataColumn column in _staging.Table.Columns)
            bulk.ColumnMappings.Add(column.ColumnName, column.ColumnName);
        await bulk.WriteToServerAsync(_staging.Table, ct).ConfigureAwait(false);
        return lastOfKey.Values;
    }

    private async Task ExecuteAsync(string sql, CancellationToken ct)
    {
        await using var command = Command(sql);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private SqlCommand Command(string sql) =>
        new(sql, _connection, (SqlTransaction?)Transaction) { CommandTimeout = CommandTimeoutSeconds };
}

/// <summary>One OUTPUT row of the MERGE: the staged row's index and, for an UPDATE, what it replaced.</summary>
internal readonly record struct MergedRow(int RowIndex, StoredRow? Replaced);
