using System.Diagnostics;
using System.Globalization;
using BandcampPS.Engine.Currency;
using BandcampPS.Engine.Sales;
using BandcampPS.Engine.Storage;

namespace BandcampPS.Engine.Import;

/// <summary>A stored (or, in a dry run, classified) row and what happened to it.</summary>
public sealed record ImportedRow(RevenueEvent Event, RowOutcome Outcome);

/// <summary>
/// Streams sales into a revenue store: each sale is mapped to a RevenueEvent (keyed by item id, or by an
/// occurrence-numbered line identity for CSV rows), converted to the reporting currency, and written in
/// batches. A sale that cannot be stored is reported and left out; the others are stored. Memory holds one
/// batch (plus, with ClearExisting, the run's keys).
/// </summary>
public sealed class RevenueImporter : IAsyncDisposable
{
    private readonly IRevenueStore _store;
    private readonly RevenueImporterOptions _options;
    private readonly List<RevenueEvent> _pending;
    private readonly List<BandcampSale> _pendingSales;
    private readonly Dictionary<string, int> _lineOccurrences = [];
    private (BandcampSaleSource Source, string TransactionId) _currentTransaction;
    private readonly Dictionary<(long, string), RevenueImportBreakdown> _breakdown = [];
    private readonly Dictionary<BandcampSaleSource, ClearRange> _clearRanges = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private IRevenueImport? _import;
    private int _received, _inserted, _present, _updated, _failed;

    public RevenueImporter(IRevenueStore store, RevenueImporterOptions options)
    {
        if (options.ReportingCurrency is not null && options.ExchangeRates is null)
            throw new ArgumentException("A reporting currency needs exchange rates.", nameof(options));
        _store = store;
        _options = options;
        _pending = new List<RevenueEvent>(options.BatchSize);
        _pendingSales = new List<BandcampSale>(options.BatchSize);
    }

    public bool IsBatchFull => _pending.Count >= _options.BatchSize;

    public async Task StartAsync(CancellationToken ct) =>
        _import = await _store.BeginImportAsync(new RevenueImportOptions
        {
            DryRun = _options.DryRun,
            SingleTransaction = _options.ClearExisting,
            IncludeBuyerDetails = _options.IncludeBuyerDetails,
        }, ct).ConfigureAwait(false);

    /// <summary>Queues a sale for the next batch; returns why it cannot be stored, or null.</summary>
    public BandcampException? Add(BandcampSale sale)
    {
        _received++;
        // Mapped once under its own key: FromSale(sale) followed by a `with` copy built the key twice and copied
        // the whole 60-field row again, for every sale.
        var row = RevenueEvent.FromSale(sale, KeyOf(sale), _options.IncludeBuyerDetails);
        if (_options.ReportingCurrency is { } target)
        {
            var day = DateOnly.FromDateTime(sale.SaleDate);
            if (!_options.ExchangeRates!.TryGetConversion(sale.Currency, target, day, out var conversion))
            {
                _failed++;
                return new BandcampException(BandcampErrorIds.ExchangeRateNotFound, BandcampErrorKind.ObjectNotFound,
                    $"Sale {SaleNames.Of(sale)} was not stored: there is no {sale.Currency} to {target} exchange rate for {day:yyyy-MM-dd} " +
                    $"(the rates run to {_options.ExchangeRates.LatestDate:yyyy-MM-dd}; run Update-BandcampExchangeRate for newer ones).", sale);
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
                rejected(new BandcampException(ex.ErrorId, BandcampErrorKind.InvalidData,
                    $"Sale {SaleNames.Of(_pendingSales[index])} was not stored: {ex.Message}", _pendingSales[index], ex));
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
            if (_options.ClearExisting) Track(row);
        }
        _inserted += outcome.Inserted;
        _present += outcome.AlreadyPresent;
        _updated += outcome.Updated;
        _pending.Clear();
        _pendingSales.Clear();
        return rows;
    }

    /// <summary>Writes what is left, clears (with ClearExisting), commits (unless a dry run) and sums up.</summary>
    public async Task<(RevenueImportSummary Summary, IReadOnlyList<ImportedRow> LastRows)> CompleteAsync(Action<BandcampException> rejected, CancellationToken ct)
    {
        var last = await FlushAsync(rejected, ct).ConfigureAwait(false);
        var cleared = 0;
        foreach (var (source, range) in _clearRanges)
        {
            cleared += await _import!.ClearAsync(new RevenueClearScope
            {
                Source = source,
                BandIds = range.Bands,
                StartUtc = range.Start,
                EndUtc = range.End.AddTicks(1),
                KeepSaleKeys = range.Keys,
            }, ct).ConfigureAwait(false);
        }
        if (!_options.DryRun) await _import!.CommitAsync(ct).ConfigureAwait(false);
        var summary = new RevenueImportSummary
        {
            Target = _store.Target,
            WhatIf = _options.DryRun,
            Received = _received,
            Inserted = _inserted,
            AlreadyPresent = _present,
            Updated = _updated,
            Failed = _failed,
            Cleared = cleared,
            ReportingCurrency = _options.ReportingCurrency,
            Duration = _clock.Elapsed,
            Breakdown = _breakdown.Values.OrderBy(b => b.BandId).ThenBy(b => b.Currency, StringComparer.Ordinal).ToList(),
        };
        return (summary, last);
    }

    public async ValueTask DisposeAsync()
    {
        if (_import is not null) await _import.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// The item id when there is one. Otherwise (CSV rows) the line identity, numbered among the identical lines of
    /// the same transaction that come one after another: a cart's lines are adjacent in an export, while the same
    /// line in a second, overlapping export file is not, so it gets the same key again and is not stored twice.
    /// </summary>
    private string KeyOf(BandcampSale sale)
    {
        if (sale.TransactionItemId is { } itemId) return SaleKeys.ForItem(itemId);
        if (_currentTransaction != (sale.Source, sale.TransactionId))
        {
            _currentTransaction = (sale.Source, sale.TransactionId);
            _lineOccurrences.Clear();
        }
        var identity = SaleKeys.LineIdentity(sale);
        _lineOccurrences.TryGetValue(identity, out var seen);
        _lineOccurrences[identity] = ++seen;
        return SaleKeys.ForLine(identity, seen);
    }

    private RevenueImportBreakdown Breakdown(RevenueEvent row)
    {
        if (!_breakdown.TryGetValue((row.BandId, row.Currency), out var counts))
            _breakdown[(row.BandId, row.Currency)] = counts = new RevenueImportBreakdown { BandId = row.BandId, Currency = row.Currency };
        return counts;
    }

    private void Track(RevenueEvent row)
    {
        if (!_clearRanges.TryGetValue(row.Source, out var range)) _clearRanges[row.Source] = range = new ClearRange(row.SaleDate);
        range.Add(row);
    }


    /// <summary>The bands and dates one source's rows covered in this run, and their keys.</summary>
    private sealed class ClearRange(DateTime first)
    {
        public HashSet<long> Bands { get; } = [];
        public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);
        public DateTime Start { get; private set; } = first;
        public DateTime End { get; private set; } = first;

        public void Add(RevenueEvent row)
        {
            Bands.Add(row.BandId);
            Keys.Add(row.SaleKey);
            if (row.SaleDate < Start) Start = row.SaleDate;
            if (row.SaleDate > End) End = row.SaleDate;
        }
    }
}
