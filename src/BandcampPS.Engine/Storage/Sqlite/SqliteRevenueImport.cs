using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace BandcampPS.Engine.Storage.Sqlite;

/// <summary>
/// One import on its own connection. Row by row with three prepared statements (look up the key, insert,
/// update; see <see cref="PositionalStatement"/>) inside a BEGIN IMMEDIATE transaction: the write lock is
/// taken up front, so two importers queue on the busy timeout instead of deadlocking on a read-to-write
/// upgrade, and each sees the other's rows. SQLite calls are synchronous (Microsoft.Data.Sqlite's async
/// ones are too), so the methods return completed tasks.
/// </summary>
internal sealed class SqliteRevenueImport : IRevenueImport
{
    // @ContentHash after the columns, then the row id an UPDATE rewrites.
    private static readonly string[] WriteParameters =
        [.. RevenueColumns.All.Select(c => "@" + RevenueColumns.Name(c)), "@ContentHash", "@Id"];

    private static readonly int ContentHashParameter = RevenueColumns.All.Length;
    private static readonly int IdParameter = RevenueColumns.All.Length + 1;

    private readonly SqliteConnection _connection;
    private readonly RevenueImportOptions _options;
    private readonly TimeProvider _clock;
    private readonly OutcomeTracker? _dryRun;
    private readonly PositionalStatement _lookup;
    private readonly PositionalStatement _insert;
    private readonly PositionalStatement _update;
    private SqliteTransaction? _transaction;
    private bool _finished;
    private bool _failed;

    public SqliteRevenueImport(SqliteConnection connection, RevenueImportOptions options, TimeProvider clock)
    {
        _connection = connection;
        _options = options;
        _clock = clock;
        _dryRun = options.DryRun ? new OutcomeTracker() : null;
        _lookup = new PositionalStatement(connection, SqliteStatements.Lookup, ["@Source", "@SaleKey"]);
        _insert = new PositionalStatement(connection, SqliteStatements.Insert, WriteParameters);
        _update = new PositionalStatement(connection, SqliteStatements.Update, WriteParameters);
    }

    public Task<BatchOutcome> WriteBatchAsync(IReadOnlyList<RevenueEvent> rows, CancellationToken ct)
    {
        EnsureUsable();
        var prepared = PreparedRow.PrepareBatch(rows, _options.IncludeBuyerDetails);
        if (_dryRun is not null)
            return Task.FromResult(new BatchOutcome(_dryRun.Classify(prepared, i => Lookup(prepared[i].Row))));

        var outcomes = InTransaction(() => Write(prepared, ct));
        return Task.FromResult(new BatchOutcome(outcomes));
    }

    public Task<int> ClearAsync(RevenueClearScope scope, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        scope.Validate();
        EnsureUsable();
        if (scope.KeepSaleKeys is { } keep)
        {
            var stale = StaleIds(scope, keep);
            if (_dryRun is not null) return Task.FromResult(stale.Count);
            return Task.FromResult(InTransaction(() =>
            {
                using var delete = _connection.CreateCommand();
                delete.CommandText = SqliteStatements.DeleteById;
                delete.Transaction = _transaction;
                var id = delete.Parameters.Add("@Id", SqliteType.Integer);
                foreach (var staleId in stale)
                {
                    id.Value = staleId;
                    delete.ExecuteNonQuery();
                }
                return stale.Count;
            }));
        }
        if (_dryRun is not null)
        {
            using var inScope = ClearCommand(SqliteStatements.CountClear, scope);
            var count = Convert.ToInt32(inScope.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            _dryRun.Clear(scope);
            return Task.FromResult(count);
        }
        return Task.FromResult(InTransaction(() =>
        {
            using var clear = ClearCommand(SqliteStatements.Clear, scope);
            return clear.ExecuteNonQuery();
        }));
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
        // Disposing an uncommitted SqliteTransaction rolls it back.
        if (_transaction is not null)
            await _transaction.DisposeAsync().ConfigureAwait(false);
        _transaction = null;
        _finished = true;
        _lookup.Dispose();
        _insert.Dispose();
        _update.Dispose();
        // This connection does not checkpoint as it goes (see BeginImportAsync): fold the WAL into the file
        // now, as far as other connections allow. PASSIVE never waits for them; closing the last
        // connection checkpoints fully anyway.
        if (!_options.DryRun)
            SqliteRevenueStore.Execute(_connection, "PRAGMA wal_checkpoint(PASSIVE)");
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private RowOutcome[] Write(PreparedRow[] rows, CancellationToken ct)
    {
        var importedAt = _clock.GetUtcNow().UtcDateTime;
        var outcomes = new RowOutcome[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            ct.ThrowIfCancellationRequested();
            var (id, stored) = LookupWithId(rows[i].Row);
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
        return outcomes;
    }

    /// <summary>
    /// Runs work in the import's transaction: the single one (opened on first use, committed by CommitAsync),
    /// or one of its own committed here. A failure rolls back; in single mode the whole import is then over.
    /// </summary>
    private T InTransaction<T>(Func<T> work)
    {
        _transaction ??= _connection.BeginTransaction(deferred: false); // BEGIN IMMEDIATE
        try
        {
            var result = work();
            if (!_options.SingleTransaction)
                EndTransaction(commit: true);
            return result;
        }
        catch
        {
            EndTransaction(commit: false);
            _failed = _options.SingleTransaction;
            throw;
        }
    }

    private void EndTransaction(bool commit)
    {
        if (commit)
            _transaction!.Commit();
        _transaction!.Dispose();
        _transaction = null;
    }

    private StoredRow? Lookup(RevenueEvent row) => LookupWithId(row).Stored;

    private (long Id, StoredRow? Stored) LookupWithId(RevenueEvent row)
    {
        _lookup.Reset();
        _lookup.Bind(0, StoredValues.SourceName(row.Source));
        _lookup.Bind(1, row.SaleKey);
        if (!_lookup.Step())
            return (0, null);
        try
        {
            var stored = new StoredRow(
                System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(_lookup.Blob(1)),
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
        {
            statement.Bind((int)column, column == RevenueColumn.ImportedAt ? importedAt : row.Values[(int)column]);
        }
        statement.Bind(ContentHashParameter, ContentHasher.ToBytes(row.ContentHash));
    }

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
        command.Transaction = _transaction;
        command.Parameters.AddWithValue("@Source", SqliteValues.ToDb(scope.Source));
        command.Parameters.AddWithValue("@Start", SqliteValues.ToDbOrNull(scope.StartUtc));
        command.Parameters.AddWithValue("@End", SqliteValues.ToDbOrNull(scope.EndUtc));
        command.Parameters.AddWithValue("@BandIds", scope.BandIds is null ? DBNull.Value : JsonSerializer.Serialize(scope.BandIds));
        return command;
    }

    private void EnsureUsable()
    {
        if (_failed)
            throw new InvalidOperationException("An earlier write of this import failed and its transaction was rolled back; start a new import.");
        if (_finished)
            throw new InvalidOperationException("This import is already committed or disposed.");
    }
}
