using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace BandcampPS.Engine.Storage.Sqlite;

/// <summary>
/// One import on its own connection. Row by row with three prepared statements (look up the key, insert,
/// update) inside a BEGIN IMMEDIATE transaction: the write lock is taken up front, so two importers queue
/// on the busy timeout instead of deadlocking on a read-to-write upgrade, and each sees the other's rows.
/// Microsoft.Data.Sqlite's async calls complete synchronously; the hot loop calls the sync ones directly
/// to avoid a Task per row.
/// </summary>
internal sealed class SqliteRevenueImport : IRevenueImport
{
    private readonly SqliteConnection _connection;
    private readonly RevenueImportOptions _options;
    private readonly TimeProvider _clock;
    private readonly ContentHasher _hasher = new();
    private readonly OutcomeTracker? _dryRun;
    private readonly SqliteCommand _lookup;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _update;
    private SqliteTransaction? _transaction;
    private bool _finished;
    private bool _failed;

    public SqliteRevenueImport(SqliteConnection connection, RevenueImportOptions options, TimeProvider clock)
    {
        _connection = connection;
        _options = options;
        _clock = clock;
        _dryRun = options.DryRun ? new OutcomeTracker() : null;
        _lookup = Command(SqliteStatements.Lookup, "@Source", "@SaleKey");
        _insert = WriteCommand(SqliteStatements.Insert);
        _update = WriteCommand(SqliteStatements.Update);
        _update.Parameters.Add(new SqliteParameter("@Id", SqliteType.Integer));
    }

    public Task<BatchOutcome> WriteBatchAsync(IReadOnlyList<RevenueEvent> rows, CancellationToken ct)
    {
        EnsureUsable();
        var prepared = PreparedRow.PrepareBatch(rows, _options.IncludeBuyerDetails, _hasher);
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
        if (_dryRun is not null)
        {
            var inScope = ClearCommand(SqliteStatements.CountClear, scope);
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
        await _lookup.DisposeAsync().ConfigureAwait(false);
        await _insert.DisposeAsync().ConfigureAwait(false);
        await _update.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private RowOutcome[] Write(PreparedRow[] rows, CancellationToken ct)
    {
        var importedAt = SqliteValues.Timestamp(_clock.GetUtcNow().UtcDateTime);
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
                    _insert.ExecuteNonQuery();
                    break;
                case RowOutcome.Updated:
                    Bind(_update, rows[i], importedAt);
                    _update.Parameters["@Id"].Value = id;
                    _update.ExecuteNonQuery();
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
        _lookup.Transaction = _insert.Transaction = _update.Transaction = _transaction;
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
        _lookup.Parameters["@Source"].Value = SqliteValues.ToDb(row.Source);
        _lookup.Parameters["@SaleKey"].Value = row.SaleKey;
        using var reader = _lookup.ExecuteReader();
        if (!reader.Read())
            return (0, null);
        var hash = ContentHasher.FromBytes((byte[])reader.GetValue(1));
        return (reader.GetInt64(0), new StoredRow(hash, reader.GetInt64(2), SqliteValues.ParseTimestamp(reader.GetString(3))));
    }

    private static void Bind(SqliteCommand command, PreparedRow row, string importedAt)
    {
        var parameters = command.Parameters;
        foreach (var column in RevenueColumns.All)
            parameters[(int)column].Value = SqliteValues.ToDb(RevenueColumns.Value(row.Row, column));
        parameters[(int)RevenueColumn.ImportedAt].Value = importedAt;
        parameters[RevenueColumns.All.Length].Value = ContentHasher.ToBytes(row.ContentHash);
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

    /// <summary>Parameters at ordinal = column, then @ContentHash: bound by position in the hot loop.</summary>
    private SqliteCommand WriteCommand(string sql)
    {
        var command = Command(sql, RevenueColumns.All.Select(c => "@" + RevenueColumns.Name(c)).Append("@ContentHash").ToArray());
        command.Prepare();
        return command;
    }

    private SqliteCommand Command(string sql, params string[] parameterNames)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameterNames)
            command.Parameters.Add(new SqliteParameter(name, DBNull.Value));
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
