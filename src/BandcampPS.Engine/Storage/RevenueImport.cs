using System.Data.Common;

namespace BandcampPS.Engine.Storage;

/// <summary>
/// What every store's import shares: validating and hashing each batch, the dry run, and the transaction
/// rules: one transaction per batch, committed when the batch is written, or one for the whole import
/// (<see cref="RevenueImportOptions.SingleTransaction"/>), committed by CommitAsync. A failed write rolls
/// its transaction back; in single mode that ends the import. Disposing rolls back whatever is open.
/// </summary>
internal abstract class RevenueImport(RevenueImportOptions options) : IRevenueImport
{
    private readonly OutcomeTracker? _dryRun = options.DryRun ? new OutcomeTracker() : null;
    private bool _finished;
    private bool _failed;

    protected RevenueImportOptions Options { get; } = options;

    /// <summary>The open write transaction, if any.</summary>
    protected DbTransaction? Transaction { get; private set; }

    public async Task<BatchOutcome> WriteBatchAsync(IReadOnlyList<RevenueEvent> rows, CancellationToken ct)
    {
        EnsureUsable();
        var prepared = PreparedRow.PrepareBatch(rows, Options.IncludeBuyerDetails);
        if (_dryRun is null)
            return new BatchOutcome(await InTransactionAsync(() => WriteAsync(prepared, ct), ct).ConfigureAwait(false));
        var storedBefore = await LookupAsync(prepared, ct).ConfigureAwait(false);
        return new BatchOutcome(_dryRun.Classify(prepared, storedBefore));
    }

    public async Task<int> ClearAsync(RevenueClearScope scope, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        scope.Validate();
        EnsureUsable();
        if (_dryRun is null)
            return await InTransactionAsync(() => DeleteAsync(scope, ct), ct).ConfigureAwait(false);
        var inScope = await CountAsync(scope, ct).ConfigureAwait(false);
        _dryRun.Clear(scope);
        return inScope;
    }

    public async Task CommitAsync(CancellationToken ct)
    {
        EnsureUsable();
        _finished = true; // even if the commit fails: its transaction is gone, the import cannot go on
        if (Transaction is not null)
            await EndTransactionAsync(commit: true, ct).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        // Disposing an uncommitted transaction rolls it back.
        if (Transaction is not null)
            await EndTransactionAsync(commit: false, CancellationToken.None).ConfigureAwait(false);
        _finished = true;
        await DisposeConnectionAsync().ConfigureAwait(false);
    }

    /// <summary>Begins a write transaction that keeps other importers out until it ends.</summary>
    protected abstract Task<DbTransaction> BeginWriteTransactionAsync(CancellationToken ct);

    /// <summary>Writes the batch in <see cref="Transaction"/>; the outcome of each row as if written in order.</summary>
    protected abstract Task<RowOutcome[]> WriteAsync(PreparedRow[] rows, CancellationToken ct);

    /// <summary>For a dry run: what the database holds for row i's key, without writing.</summary>
    protected abstract Task<Func<int, StoredRow?>> LookupAsync(PreparedRow[] rows, CancellationToken ct);

    protected abstract Task<int> DeleteAsync(RevenueClearScope scope, CancellationToken ct);

    protected abstract Task<int> CountAsync(RevenueClearScope scope, CancellationToken ct);

    protected abstract ValueTask DisposeConnectionAsync();

    private async Task<T> InTransactionAsync<T>(Func<Task<T>> work, CancellationToken ct)
    {
        Transaction ??= await BeginWriteTransactionAsync(ct).ConfigureAwait(false);
        try
        {
            var result = await work().ConfigureAwait(false);
            if (!Options.SingleTransaction)
                await EndTransactionAsync(commit: true, ct).ConfigureAwait(false);
            return result;
        }
        catch
        {
            if (Transaction is not null) // null when the commit itself failed: already rolled back
                await EndTransactionAsync(commit: false, CancellationToken.None).ConfigureAwait(false);
            _failed = Options.SingleTransaction;
            throw;
        }
    }

    /// <summary>Commits or rolls back, and always disposes: a failed commit leaves no transaction behind.</summary>
    private async Task EndTransactionAsync(bool commit, CancellationToken ct)
    {
        var transaction = Transaction!;
        Transaction = null;
        try
        {
            if (commit)
                await transaction.CommitAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void EnsureUsable()
    {
        if (_failed)
            throw new InvalidOperationException("An earlier write of this import failed and its transaction was rolled back; start a new import.");
        if (_finished)
            throw new InvalidOperationException("This import is already committed or disposed.");
    }
}
