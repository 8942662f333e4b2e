using System.Data;
using System.Data.Common;
using System.Text.Json;
using BandcampPS.Engine.Sales;
using Microsoft.Data.SqlClient;

namespace BandcampPS.Engine.Storage.SqlServer;

/// <summary>
/// One import on its own connection: each batch is bulk-copied into the session's temp table and applied
/// by one MERGE (<see cref="SqlServerStatements.Merge"/>). Write transactions first take an application
/// lock, so importers take turns (like SQLite's single writer) instead of deadlocking on key-range locks.
/// </summary>
internal sealed class SqlServerRevenueImport : RevenueImport
{
    private const int CommandTimeoutSeconds = 300;

    private readonly SqlConnection _connection;
    private readonly TimeProvider _clock;
    private readonly StagingTable _staging = new();

    private SqlServerRevenueImport(SqlConnection connection, RevenueImportOptions options, TimeProvider clock)
        : base(options)
    {
        _connection = connection;
        _clock = clock;
    }

    public static async Task<SqlServerRevenueImport> StartAsync(
        SqlConnection connection, RevenueImportOptions options, TimeProvider clock, CancellationToken ct)
    {
        var import = new SqlServerRevenueImport(connection, options, clock);
        await import.ExecuteAsync(SqlServerStatements.CreateStaging, ct).ConfigureAwait(false);
        return import;
    }

    /// <summary>
    /// Per-row outcomes from what the MERGE reported: a staged key it inserted held nothing before, one
    /// it updated held what it replaced, and one it did not report already held its last row's content.
    /// </summary>
    internal static RowOutcome[] OutcomesOfMerge(PreparedRow[] rows, IEnumerable<int> staged, IEnumerable<MergedRow> merged)
    {
        var before = staged.ToDictionary(i => rows[i].Key, i => (StoredRow?)new StoredRow(rows[i].ContentHash, rows[i].Row.BandId, rows[i].Row.SaleDate));
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
        var merged = new List<MergedRow>();
        await using var merge = Command(SqlServerStatements.Merge);
        await using (var reader = await merge.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                var replaced = reader.GetString(0) == "INSERT"
                    ? (StoredRow?)null
                    : new StoredRow(ContentHasher.FromStored((byte[])reader.GetValue(2)), reader.GetInt64(3), SqlServerValues.ReadTimestamp(reader, 4));
                merged.Add(new MergedRow(reader.GetInt32(1), replaced));
            }
        }
        return OutcomesOfMerge(rows, staged, merged);
    }

    protected override async Task<Func<int, StoredRow?>> LookupAsync(PreparedRow[] rows, CancellationToken ct)
    {
        await StageAsync(rows, ct).ConfigureAwait(false);
        var stored = new Dictionary<(BandcampSaleSource, string), StoredRow>();
        await using var lookup = Command(SqlServerStatements.LookupStaged);
        await using (var reader = await lookup.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                stored[rows[reader.GetInt32(0)].Key] = new StoredRow(
                    ContentHasher.FromStored((byte[])reader.GetValue(1)), reader.GetInt64(2), SqlServerValues.ReadTimestamp(reader, 3));
            }
        }
        return i => stored.TryGetValue(rows[i].Key, out var row) ? row : null;
    }

    protected override async Task<int> DeleteAsync(RevenueClearScope scope, CancellationToken ct)
    {
        if (scope.KeepSaleKeys is { } keep)
        {
            var stale = await StaleIdsAsync(scope, keep, ct).ConfigureAwait(false);
            await using var delete = Command(SqlServerStatements.DeleteById);
            var id = delete.Parameters.Add("@Id", SqlDbType.BigInt);
            foreach (var staleId in stale)
            {
                id.Value = staleId;
                await delete.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            return stale.Count;
        }
        await using var clear = ClearCommand(SqlServerStatements.Clear, scope);
        return await clear.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    protected override async Task<int> CountAsync(RevenueClearScope scope, CancellationToken ct)
    {
        if (scope.KeepSaleKeys is { } keep) return (await StaleIdsAsync(scope, keep, ct).ConfigureAwait(false)).Count;
        await using var count = ClearCommand(SqlServerStatements.CountClear, scope);
        return Convert.ToInt32(await count.ExecuteScalarAsync(ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
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

    /// <summary>Rows in scope whose keys the import did not bring again (see <see cref="RevenueClearScope.KeepSaleKeys"/>).</summary>
    private async Task<List<long>> StaleIdsAsync(RevenueClearScope scope, IReadOnlySet<string> keep, CancellationToken ct)
    {
        var stale = new List<long>();
        await using var candidates = ClearCommand(SqlServerStatements.ClearCandidates, scope);
        await using var reader = await candidates.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            if (!keep.Contains(reader.GetString(1))) stale.Add(reader.GetInt64(0));
        return stale;
    }

    private SqlCommand ClearCommand(string sql, RevenueClearScope scope)
    {
        var command = Command(sql);
        SqlServerValues.Add(command, "@Source", SqlDbType.NVarChar, StoredValues.SourceName(scope.Source), 8);
        SqlServerValues.Add(command, "@Start", SqlDbType.DateTime2, SqlServerValues.Timestamp(scope.StartUtc));
        SqlServerValues.Add(command, "@End", SqlDbType.DateTime2, SqlServerValues.Timestamp(scope.EndUtc));
        SqlServerValues.Add(command, "@BandIds", SqlDbType.NVarChar, scope.BandIds is null ? null : JsonSerializer.Serialize(scope.BandIds), -1);
        return command;
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
