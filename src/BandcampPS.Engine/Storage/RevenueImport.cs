using System.Data.Common;

namespace BandcampPS.Engine.Storage;

/// <summary>
/// What every store's import shares: validating and hashing each batch, one database one reporting currency, the
/// dry run, and the transaction rules: one short transaction per batch, and one for the final delete of stale rows.
/// A failed write rolls its own transaction back; earlier batches stay committed (they are plain upserts of current
/// Bandcamp data, never a loss), so the import can go on or be run again.
/// </summary>
internal abstract class RevenueImport(StoreImportOptions options, string? reportingCurrency, DateTime startedUtc) : IRevenueImport
{
    private readonly OutcomeTracker? _dryRun = options.DryRun ? new OutcomeTracker() : null;
    private bool _disposed;

    protected StoreImportOptions Options { get; } = options;

    /// <summary>When the import began, to the second: stale-row deletes never touch a row written since (another importer's).</summary>
    protected DateTime StartedUtc { get; } = StoredValues.ToStoredTime(startedUtc);

    /// <summary>The open write transaction, if any.</summary>
    protected DbTransaction? Transaction { get; private set; }

    public string? ReportingCurrency { get; private set; } = reportingCurrency;

    /// <summary>A run's -Currency against the database's: refused before the import reads or writes anything.</summary>
    internal static void CheckReportingCurrency(string target, string? stored, string? requested)
    {
        if (stored is null || requested is null || string.Equals(stored, requested, StringComparison.OrdinalIgnoreCase)) return;
        throw new BandcampException(BandcampErrorIds.ReportingCurrencyConflict, BandcampErrorKind.InvalidArgument,
            $"The revenue database {target} keeps its conversions in {stored}; importing with -Currency {requested} would mix two " +
            $"reporting currencies in one database. Import with -Currency {stored} (or without -Currency, which keeps the stored " +
            $"conversions), or use another database for {requested}.", requested);
    }

    public Task<BatchOutcome> WriteBatchAsync(IReadOnlyList<RevenueRow> rows, CancellationToken ct)
    {
        EnsureUsable();
        return WritePreparedAsync(PreparedRow.PrepareBatch(rows, Options.IncludeBuyerDetails), ct);
    }

    /// <summary>The write of a batch already validated and hashed (the benchmark times the two apart).</summary>
    internal Task<BatchOutcome> WritePreparedAsync(PreparedRow[] prepared, CancellationToken ct) =>
        TranslatingAsync(() => WritePreparedCoreAsync(prepared, ct));

    private async Task<BatchOutcome> WritePreparedCoreAsync(PreparedRow[] prepared, CancellationToken ct)
    {
        EnsureUsable();
        var newCurrency = CheckRowCurrencies(prepared);
        if (_dryRun is not null)
        {
            var storedBefore = await LookupAsync(prepared, ct).ConfigureAwait(false);
            if (Options.RememberKeys) await RememberKeysAsync(prepared, ct).ConfigureAwait(false);
            ReportingCurrency ??= newCurrency;
            return new BatchOutcome(_dryRun.Classify(prepared, storedBefore));
        }

        Transaction = await BeginWriteTransactionAsync(ct).ConfigureAwait(false);
        try
        {
            if (newCurrency is not null && ReportingCurrency is null)
                ReportingCurrency = await ClaimReportingCurrencyAsync(newCurrency, ct).ConfigureAwait(false);
            var outcomes = await WriteAsync(prepared, ct).ConfigureAwait(false);
            if (Options.RememberKeys) await RememberKeysAsync(prepared, ct).ConfigureAwait(false);
            await EndTransactionAsync(commit: true, ct).ConfigureAwait(false);
            return new BatchOutcome(outcomes);
        }
        catch
        {
            if (Transaction is not null) await EndTransactionAsync(commit: false, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    public async Task<int> CountStaleAsync(IReadOnlyList<RevenueClearScope> scopes, CancellationToken ct)
    {
        EnsureRemembering();
        return scopes.Count == 0 ? 0 : await TranslatingAsync(() => StaleAsync(scopes, delete: false, ct)).ConfigureAwait(false);
    }

    public Task<int> DeleteStaleAsync(IReadOnlyList<RevenueClearScope> scopes, CancellationToken ct) =>
        TranslatingAsync(() => DeleteStaleCoreAsync(scopes, ct));

    private async Task<int> DeleteStaleCoreAsync(IReadOnlyList<RevenueClearScope> scopes, CancellationToken ct)
    {
        EnsureRemembering();
        if (_dryRun is not null) throw new InvalidOperationException("A dry run deletes nothing; use CountStaleAsync.");
        if (scopes.Count == 0) return 0;
        Transaction = await BeginWriteTransactionAsync(ct).ConfigureAwait(false);
        try
        {
            var deleted = await StaleAsync(scopes, delete: true, ct).ConfigureAwait(false);
            await EndTransactionAsync(commit: true, ct).ConfigureAwait(false);
            return deleted;
        }
        catch
        {
            if (Transaction is not null) await EndTransactionAsync(commit: false, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        // Disposing an uncommitted transaction rolls it back.
        if (Transaction is not null) await EndTransactionAsync(commit: false, CancellationToken.None).ConfigureAwait(false);
        await DisposeConnectionAsync().ConfigureAwait(false);
    }

    /// <summary>Begins a write transaction that keeps other importers out until it ends (kept short: one batch).</summary>
    protected abstract Task<DbTransaction> BeginWriteTransactionAsync(CancellationToken ct);

    /// <summary>Writes the batch in <see cref="Transaction"/>; the outcome of each row as if written in order.</summary>
    protected abstract Task<RowOutcome[]> WriteAsync(PreparedRow[] rows, CancellationToken ct);

    /// <summary>For a dry run: what the database holds for row i's key, without writing.</summary>
    protected abstract Task<Func<int, StoredRow?>> LookupAsync(PreparedRow[] rows, CancellationToken ct);

    /// <summary>Adds the batch's keys to this import's private table of keys it brought.</summary>
    protected abstract Task RememberKeysAsync(PreparedRow[] rows, CancellationToken ct);

    /// <summary>Counts or deletes, over all scopes, the stored rows older than the import whose keys it did not bring.</summary>
    protected abstract Task<int> StaleAsync(IReadOnlyList<RevenueClearScope> scopes, bool delete, CancellationToken ct);

    /// <summary>
    /// Records <paramref name="currency"/> as the database's reporting currency unless another importer recorded one
    /// first; returns the one recorded (in <see cref="Transaction"/>).
    /// </summary>
    protected abstract Task<string> ClaimReportingCurrencyAsync(string currency, CancellationToken ct);

    protected abstract ValueTask DisposeConnectionAsync();

    /// <summary>A database failure in the user's words (the file or server and the fix), or null to let it through.</summary>
    protected virtual BandcampException? Translate(Exception exception) => null;

    /// <summary>Runs one of the import's public operations, throwing what the store's error means (<see cref="Translate"/>) in its place.</summary>
    private async Task<T> TranslatingAsync<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (Exception ex) when (Translate(ex) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>
    /// Every converted row must be in the database's reporting currency (a row piped from ConvertTo-BandcampCurrency
    /// carries its own); the first one names it for a database that has none. Returns that new currency, or null.
    /// </summary>
    private string? CheckRowCurrencies(PreparedRow[] rows)
    {
        var expected = ReportingCurrency;
        for (var i = 0; i < rows.Length; i++)
        {
            if (rows[i].Row.ReportingCurrency is not { } currency) continue;
            expected ??= currency;
            if (!string.Equals(currency, expected, StringComparison.OrdinalIgnoreCase))
            {
                throw new RevenueStoreException(BandcampErrorIds.ReportingCurrencyConflict,
                    $"it is converted to {currency}, but the revenue database keeps its conversions in {expected}; convert it to {expected} (or import it without a conversion)")
                { RowIndex = i };
            }
        }
        return ReportingCurrency is null ? expected : null;
    }

    /// <summary>Commits or rolls back, and always disposes: a failed commit leaves no transaction behind.</summary>
    private async Task EndTransactionAsync(bool commit, CancellationToken ct)
    {
        var transaction = Transaction!;
        Transaction = null;
        try
        {
            if (commit) await transaction.CommitAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void EnsureUsable()
    {
        if (_disposed) throw new InvalidOperationException("This import is already disposed.");
    }

    private void EnsureRemembering()
    {
        EnsureUsable();
        if (!Options.RememberKeys) throw new InvalidOperationException("Stale rows are known only to an import that remembers its keys (RememberKeys).");
    }
}
