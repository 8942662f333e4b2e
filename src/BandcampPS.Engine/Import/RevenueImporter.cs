using System.Diagnostics;
using BandcampPS.Engine.Currency;
using BandcampPS.Engine.Sales;
using BandcampPS.Engine.Storage;

namespace BandcampPS.Engine.Import;

/// <summary>A stored (or, in a dry run, classified) row and what happened to it.</summary>
public sealed record ImportedRow(RevenueRow Row, RowOutcome Outcome);

/// <summary>
/// Streams sales into a revenue store: each sale is mapped to a RevenueRow under its key (<see cref="SaleKeyer"/>:
/// the one the read gave it, else numbered here), converted to the reporting currency, and written in batches, each
/// in a short transaction of its own. A sale that cannot be stored is reported and left out; the others are stored.
/// It keeps count, per read span (<see cref="SalesSpan"/>), of what arrived and what was stored, so ClearExisting
/// replaces, and Sync's watermark passes, only spans that were read and stored completely. Memory holds one batch and
/// a few counters per span; the keys themselves are remembered by the store.
/// </summary>
public sealed class RevenueImporter : IAsyncDisposable
{
    private readonly IRevenueStore _store;
    private readonly RevenueImporterOptions _options;
    private readonly List<RevenueRow> _pending;
    private readonly List<BandcampSale> _pendingSales;
    private readonly SaleKeyer _keyer = new();
    private readonly Dictionary<(long, string), RevenueImportBreakdown> _breakdown = [];
    private readonly Dictionary<SalesSpan, SpanTally> _spans = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private IRevenueImport? _import;
    private int _received, _inserted, _present, _updated, _failed;

    public RevenueImporter(IRevenueStore store, RevenueImporterOptions options)
    {
        if (options.ReportingCurrency is not null && options.ExchangeRates is null)
            throw new ArgumentException("A reporting currency needs exchange rates.", nameof(options));
        _store = store;
        _options = options;
        _pending = new List<RevenueRow>(options.BatchSize);
        _pendingSales = new List<BandcampSale>(options.BatchSize);
    }

    public bool IsBatchFull => _pending.Count >= _options.BatchSize;

    /// <summary>Begins the store's import: refuses a reporting currency other than the database's, before anything is read.</summary>
    public async Task StartAsync(CancellationToken ct) =>
        _import = await _store.BeginImportAsync(new StoreImportOptions
        {
            DryRun = _options.DryRun,
            RememberKeys = _options.ClearExisting,
            IncludeBuyerDetails = _options.IncludeBuyerDetails,
            ReportingCurrency = _options.ReportingCurrency,
        }, ct).ConfigureAwait(false);

    /// <summary>
    /// Queues a sale for the next batch; returns why it cannot be stored, or null. With ClearExisting, a sale that
    /// does not say what read it came from throws: replacing needs to know what was read completely.
    /// </summary>
    public BandcampException? Add(BandcampSale sale)
    {
        if (_options.ClearExisting && sale.ReadSpan is null) throw ClearScopeUnknown(sale);
        _received++;
        var tally = Tally(sale);
        if (tally is not null) tally.Received++;

        // Mapped once under its own key: the reader's, so a chunk read again and a row without item id keep theirs.
        var row = RevenueRow.FromSale(sale, _keyer.KeyOfCarried(sale), _options.IncludeBuyerDetails);
        if (_options.ReportingCurrency is { } target)
        {
            if (!_options.ExchangeRates!.TryConvertSale(sale, target, out var conversion, out var whyNot))
            {
                _failed++;
                if (tally is not null) tally.Refused++;
                return new BandcampException(BandcampErrorIds.ExchangeRateNotFound, BandcampErrorKind.ObjectNotFound,
                    $"Sale {SaleNames.Of(sale)} was not stored: {whyNot}", sale);
            }
            row = row.WithConversion(conversion);
        }
        else if (sale is ConvertedSale { Conversion: var carried })
        {
            // Piped from ConvertTo-BandcampCurrency with no -Currency here: store the conversion the sale carries,
            // computed the same way, rather than drop it.
            row = row.WithConversion(carried);
        }
        _pending.Add(row);
        _pendingSales.Add(sale);
        if (tally is not null) tally.Pending++;
        return null;
    }

    /// <summary>
    /// Writes the queued batch. A row the store refuses is reported through <paramref name="rejected"/> and the
    /// batch is written without it (the store validates a batch before writing any of it).
    /// </summary>
    public async Task<IReadOnlyList<ImportedRow>> FlushAsync(Action<BandcampException> rejected, CancellationToken ct)
    {
        var import = _import ?? throw new InvalidOperationException("StartAsync first.");
        if (_pending.Count == 0) return [];
        BatchOutcome outcome;
        while (true)
        {
            try
            {
                outcome = await import.WriteBatchAsync(_pending, ct).ConfigureAwait(false);
                break;
            }
            catch (RevenueStoreException ex) when (ex.RowIndex is { } index && index >= 0 && index < _pending.Count)
            {
                _failed++;
                var sale = _pendingSales[index];
                if (Tally(sale) is { } tally) (tally.Refused, tally.Pending) = (tally.Refused + 1, tally.Pending - 1);
                rejected(new BandcampException(ex.ErrorId, BandcampErrorKind.InvalidData,
                    $"Sale {SaleNames.Of(sale)} was not stored: {ex.Message}", sale, ex));
                _pending.RemoveAt(index);
                _pendingSales.RemoveAt(index);
                if (_pending.Count == 0) return [];
            }
        }

        var rows = new ImportedRow[_pending.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            var row = _pending[i];
            var result = outcome.Rows[i];
            rows[i] = new ImportedRow(row, result);
            Breakdown(row).Count(result);
            if (Tally(_pendingSales[i]) is { } tally) (tally.Stored, tally.Pending) = (tally.Stored + 1, tally.Pending - 1);
        }
        _inserted += outcome.Inserted;
        _present += outcome.AlreadyPresent;
        _updated += outcome.Updated;
        _pending.Clear();
        _pendingSales.Clear();
        return rows;
    }

    /// <summary>
    /// True when <paramref name="span"/> was read completely, every sale it emitted arrived here, and every one is
    /// stored (flushed): what may be replaced, and what Sync's watermark may pass. Otherwise why not, in
    /// <paramref name="reason"/>.
    /// </summary>
    public bool IsStoredCompletely(SalesSpan span, out string? reason)
    {
        _spans.TryGetValue(span, out var tally);
        tally ??= new SpanTally();
        reason = span.Incompleteness
            ?? (tally.Refused > 0 ? $"{tally.Refused} of its sales were not stored"
            : tally.Received != span.Emitted ? $"this import received {tally.Received} of the {span.Emitted} sales read for it (the sales were filtered, cut short or repeated after they were read)"
            : tally.Pending > 0 ? "some of its sales are not written yet"
            : null);
        return reason is null;
    }

    /// <summary>
    /// What -ClearExisting would delete: for every span of every read whose sales reached this import, the stored rows
    /// of exactly that band, member band, item filter and window that this import did not bring again, if the span
    /// was read and stored completely; every other span is left untouched and named with its reason. Call after the
    /// last flush; counts, deletes nothing.
    /// </summary>
    public async Task<ClearPlan> PlanClearAsync(CancellationToken ct)
    {
        if (!_options.ClearExisting) throw new InvalidOperationException("Only an import with ClearExisting clears.");
        var scopes = new List<RevenueClearScope>();
        var skipped = new List<string>();
        foreach (var span in _spans.Keys.Select(s => s.Scope).Distinct().SelectMany(s => s.Spans))
        {
            if (IsStoredCompletely(span, out var reason)) scopes.Add(RevenueClearScope.Of(span));
            else skipped.Add($"{span}: {reason}");
        }
        var rows = await _import!.CountStaleAsync(scopes, ct).ConfigureAwait(false);
        return new ClearPlan(scopes, skipped, rows);
    }

    /// <summary>Deletes what <paramref name="plan"/> counted (plus any row that went stale since), in one transaction.</summary>
    public Task<int> ClearAsync(ClearPlan plan, CancellationToken ct) =>
        _options.DryRun ? Task.FromResult(plan.Rows) : _import!.DeleteStaleAsync(plan.Scopes, ct);

    /// <summary>Writes what is left; returns the last rows written.</summary>
    public Task<IReadOnlyList<ImportedRow>> CompleteAsync(Action<BandcampException> rejected, CancellationToken ct) =>
        FlushAsync(rejected, ct);

    /// <summary>The run in total, once it is complete (and cleared, with ClearExisting).</summary>
    public RevenueImportSummary Summarize(int cleared = 0, ClearPlan? plan = null) => new()
    {
        Target = _store.Target,
        WhatIf = _options.DryRun,
        Received = _received,
        Inserted = _inserted,
        AlreadyPresent = _present,
        Updated = _updated,
        Failed = _failed,
        Cleared = cleared,
        ClearSkipped = plan?.Skipped.Count ?? 0,
        ClearSkippedReason = plan?.SkippedReason,
        ReportingCurrency = _options.ReportingCurrency ?? _import?.ReportingCurrency,
        Duration = _clock.Elapsed,
        Breakdown = _breakdown.Values.OrderBy(b => b.BandId).ThenBy(b => b.Currency, StringComparer.Ordinal).ToList(),
    };

    public async ValueTask DisposeAsync()
    {
        if (_import is not null) await _import.DisposeAsync().ConfigureAwait(false);
    }

    private static BandcampException ClearScopeUnknown(BandcampSale sale) => new(BandcampErrorIds.ClearScopeUnknown, BandcampErrorKind.InvalidArgument,
        $"-ClearExisting replaces only what a run read completely, and sale {SaleNames.Of(sale)} does not say what was read: it was not " +
        "read by Get-BandcampSale in this session (it came from Import-Csv, a file, or was made by hand). Pipe Get-BandcampSale " +
        "(for a CSV export: Get-BandcampSale -Path <file> -BandId <id> -StartDate <date> -EndDate <date>) into Import-BandcampRevenue " +
        "-ClearExisting, or import without -ClearExisting. Nothing was deleted.", sale);

    private SpanTally? Tally(BandcampSale sale)
    {
        if (sale.ReadSpan is not { } span) return null;
        if (!_spans.TryGetValue(span, out var tally)) _spans[span] = tally = new SpanTally();
        return tally;
    }

    private RevenueImportBreakdown Breakdown(RevenueRow row)
    {
        if (!_breakdown.TryGetValue((row.BandId, row.Currency), out var counts))
            _breakdown[(row.BandId, row.Currency)] = counts = new RevenueImportBreakdown { BandId = row.BandId, Currency = row.Currency };
        return counts;
    }

    /// <summary>What became of one span's sales in this import.</summary>
    private sealed class SpanTally
    {
        public int Received, Pending, Stored, Refused;
    }
}

/// <summary>What -ClearExisting will delete (or, in a dry run, would), and the spans it leaves untouched with why.</summary>
public sealed record ClearPlan(IReadOnlyList<RevenueClearScope> Scopes, IReadOnlyList<string> Skipped, int Rows)
{
    /// <summary>The first few reasons, for the summary and one warning.</summary>
    public string? SkippedReason => Skipped.Count switch
    {
        0 => null,
        <= 3 => string.Join("; ", Skipped),
        _ => $"{string.Join("; ", Skipped.Take(3))}; and {Skipped.Count - 3} more range(s)",
    };
}
