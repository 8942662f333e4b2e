using System.Data;
using System.Text.Json;
using BandcampPS.Engine.Sales;
using Microsoft.Data.SqlClient;

namespace BandcampPS.Engine.Storage.SqlServer;

/// <summary>
/// One import on its own connection: each batch is bulk-copied into the session's temp table and applied
/// by one MERGE (<see cref="SqlServerStatements.Merge"/>). Write transactions first take an application
/// lock, so importers take turns (like SQLite's single writer) instead of deadlocking on key-range locks.
/// </summary>
internal sealed class SqlServerRevenueImport : IRevenueImport
{
    private const int CommandTimeoutSeconds = 300;

    private readonly SqlConnection _connection;
    private readonly RevenueImportOptions _options;
    private readonly TimeProvider _clock;
    private readonly OutcomeTracker? _dryRun;
    private readonly StagingTable _staging = new();
    private SqlTransaction? _transaction;
    private bool _finished;
    private bool _failed;

    private SqlServerRevenueImport(SqlConnection connection, RevenueImportOptions options, TimeProvider clock)
    {
        _connection = connection;
        _options = options;
        _clock = clock;
        _dryRun = options.DryRun ? new OutcomeTracker() : null;
    }

    public static async Task<SqlServerRevenueImport> StartAsync(
        SqlConnection connection, RevenueImportOptions options, TimeProvider clock, CancellationToken ct)
    {
        var import = new SqlServerRevenueImport(connection, options, clock);
        await import.ExecuteAsync(SqlServerStatements.CreateStaging, ct).ConfigureAwait(false);
        return import;
    }

    public async Task<BatchOutcome> WriteBatchAsync(IReadOnlyList<RevenueEvent> rows, CancellationToken ct)
    {
        EnsureUsable();
        var prepared = PreparedRow.PrepareBatch(rows, _options.IncludeBuyerDetails);
        // MERGE may touch a target row only once, so each key goes to the server once: its last row in the
        // batch, which is what writing the rows one by one would leave behind.
        var lastOfKey = new Dictionary<(BandcampSaleSource, string), int>();
        for (var i = 0; i < prepared.Length; i++)
            lastOfKey[prepared[i].Key] = i;
        _staging.Fill(prepared, lastOfKey.Values.Order(), _clock.GetUtcNow().UtcDateTime);

        if (_dryRun is not null)
        {
            var stored = await LookupStagedAsync(prepared, ct).ConfigureAwait(false);
            return new BatchOutcome(_dryRun.Classify(prepared, i => stored.TryGetValue(prepared[i].Key, out var row) ? row : null));
        }

        var merged = await InTransactionAsync(() => MergeAsync(ct), ct).ConfigureAwait(false);
        return new BatchOutcome(OutcomesOfMerge(prepared, lastOfKey.Values, merged));
    }

    public async Task<int> ClearAsync(RevenueClearScope scope, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        scope.Validate();
        EnsureUsable();
        if (scope.KeepSaleKeys is { } keep)
        {
            var stale = await StaleIdsAsync(scope, keep, ct).ConfigureAwait(false);
            if (_dryRun is not null) return stale.Count;
            return await InTransactionAsync(async () =>
            {
                await using var delete = Command(SqlServerStatements.DeleteById);
                var id = delete.Parameters.Add("@Id", SqlDbType.BigInt);
                foreach (var staleId in stale)
                {
                    id.Value = staleId;
                    await delete.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }
                return stale.Count;
            }, ct).ConfigureAwait(false);
        }
        if (_dryRun is not null)
        {
            await using var count = ClearCommand(SqlServerStatements.CountClear, scope);
            var inScope = Convert.ToInt32(await count.ExecuteScalarAsync(ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
            _dryRun.Clear(scope);
            return inScope;
        }
        return await InTransactionAsync(async () =>
        {
            await using var clear = ClearCommand(SqlServerStatements.Clear, scope);
            return await clear.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }, ct).ConfigureAwait(false);
    }

    public async Task CommitAsync(CancellationToken ct)
    {
        EnsureUsable();
        if (_transaction is not null)
        {
            await _transaction.CommitAsync(ct).ConfigureAwait(false);
            await _transaction.DisposeAsync().ConfigureAwait(false);
            _transaction = null;
        }
        _finished = true;
    }

    public async ValueTask DisposeAsync()
    {
        // Disposing an uncommitted SqlTransaction rolls it back; closing drops the temp table.
        if (_transaction is not null)
            await _transaction.DisposeAsync().ConfigureAwait(false);
        _transaction = null;
        _finished = true;
        await _connection.DisposeAsync().ConfigureAwait(false);
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

    private async Task<List<MergedRow>> MergeAsync(CancellationToken ct)
    {
        await StageAsync(ct).ConfigureAwait(false);
        var merged = new List<MergedRow>();
        await using var merge = Command(SqlServerStatements.Merge);
        await using var reader = await merge.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var replaced = reader.GetString(0) == "INSERT"
                ? (StoredRow?)null
                : new StoredRow(ContentHasher.FromBytes((byte[])reader.GetValue(2)), reader.GetInt64(3), SqlServerValues.ReadTimestamp(reader, 4));
            merged.Add(new MergedRow(reader.GetInt32(1), replaced));
        }
        return merged;
    }

    /// <returns>What the database holds for each staged key that it has.</returns>
    private async Task<Dictionary<(BandcampSaleSource, string), StoredRow>> LookupStagedAsync(PreparedRow[] rows, CancellationToken ct)
    {
        await StageAsync(ct).ConfigureAwait(false);
        var stored = new Dictionary<(BandcampSaleSource, string), StoredRow>();
        await using var lookup = Command(SqlServerStatements.LookupStaged);
        await using var reader = await lookup.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            stored[rows[reader.GetInt32(0)].Key] = new StoredRow(
                ContentHasher.FromBytes((byte[])reader.GetValue(1)), reader.GetInt64(2), SqlServerValues.ReadTimestamp(reader, 3));
        }
        return stored;
    }

    private async Task StageAsync(CancellationToken ct)
    {
        await ExecuteAsync(SqlServerStatements.TruncateStaging, ct).ConfigureAwait(false);
        using var bulk = new SqlBulkCopy(_connection, SqlBulkCopyOptions.KeepNulls, _transaction)
        {
            DestinationTableName = SqlServerStatements.Staging,
            BulkCopyTimeout = CommandTimeoutSeconds,
        };
        foreach (DataColumn column in _staging.Table.Columns)
            bulk.ColumnMappings.Add(column.ColumnName, column.ColumnName);
        await bulk.WriteToServerAsync(_staging.Table, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs work in the import's transaction: the single one (opened on first use, committed by CommitAsync),
    /// or one of its own committed here. A failure rolls back; in single mode the whole import is then over.
    /// </summary>
    private async Task<T> InTransactionAsync<T>(Func<Task<T>> work, CancellationToken ct)
    {
        if (_transaction is null)
        {
            _transaction = (SqlTransaction)await _connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            await ExecuteAsync(SqlServerStatements.LockImport, ct).ConfigureAwait(false);
        }
        try
        {
            var result = await work().ConfigureAwait(false);
            if (!_options.SingleTransaction)
                await EndTransactionAsync(commit: true, ct).ConfigureAwait(false);
            return result;
        }
        catch
        {
            await EndTransactionAsync(commit: false, CancellationToken.None).ConfigureAwait(false);
            _failed = _options.SingleTransaction;
            throw;
        }
    }

    private async Task EndTransactionAsync(bool commit, CancellationToken ct)
    {
        if (commit)
            await _transaction!.CommitAsync(ct).ConfigureAwait(false);
        await _transaction!.DisposeAsync().ConfigureAwait(false);
        _transaction = null;
    }

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
        new(sql, _connection, _transaction) { CommandTimeout = CommandTimeoutSeconds };

    private void EnsureUsable()
    {
        if (_failed)
            throw new InvalidOperationException("An earlier write of this import failed and its transaction was rolled back; start a new import.");
        if (_finished)
            throw new InvalidOperationException("This import is already committed or disposed.");
    }
}

/// <summary>One OUTPUT row of the MERGE: the staged row's index and, for an UPDATE, what it replaced.</summary>
internal readonly record struct MergedRow(int RowIndex, StoredRow? Replaced);
