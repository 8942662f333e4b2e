using System.Management.Automation;
using BandcampPS.Engine;
using BandcampPS.Engine.Currency;
using BandcampPS.Engine.Reporting;
using BandcampPS.Engine.Sales;
using BandcampPS.Engine.Storage;
using BandcampPS.Infrastructure;

namespace BandcampPS.Commands;

/// <summary>
/// Totals of revenue grouped by period, artist, release, country, currency and more: from the database (grouped
/// by the database itself) or from piped sales (grouped in memory). Both give the same RevenueSummaryRow objects
/// for the same sales. Amounts in different currencies are never added together.
/// </summary>
[Cmdlet(VerbsCommon.Get, "BandcampRevenueSummary", DefaultParameterSetName = SqliteSet)]
[OutputType(typeof(RevenueSummaryRow))]
public sealed class GetBandcampRevenueSummaryCommand : BandcampStoreCmdlet
{
    private const string PipelineSet = "Pipeline";

    /// <summary>
    /// Sales (from Get-BandcampSale) or stored rows (from Get-BandcampRevenue) to summarize instead of the database.
    /// PSObject because either type binds; anything else is an error record of its own.
    /// </summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = PipelineSet)]
    public PSObject[]? InputObject { get; set; }

    /// <summary>
    /// What a row totals: any of Year, Month, Day, Artist, Release, CatalogNumber, ItemType, Country, Currency,
    /// Source, Band. Default Month, Currency (Month implies Year, Day implies Month). An empty array gives one total.
    /// </summary>
    [Parameter(Position = 0)]
    [ValidateNotNull]
    public RevenueGroupBy[] GroupBy { get; set; } = [RevenueGroupBy.Month, RevenueGroupBy.Currency];

    /// <summary>Inclusive. A date without a time zone is taken as UTC.</summary>
    [Parameter]
    [Alias("Start", "Since")]
    public DateTime? StartDate { get; set; }

    /// <summary>Exclusive. A date without a time zone is taken as UTC.</summary>
    [Parameter]
    [Alias("End")]
    public DateTime? EndDate { get; set; }

    /// <summary>Api or Csv.</summary>
    [Parameter]
    public BandcampSaleSource? Source { get => (BandcampSaleSource?)_source; set => _source = value; }

    // Boxed on purpose: Import-Module loads every public type of this assembly before the module hooks up the
    // engine's load context, and a field of an engine value type (this enum) would fail that load. Properties and
    // method bodies are resolved later, when the engine is reachable.
    private object? _source;

    [Parameter]
    [ValidateRange(1, long.MaxValue)]
    public long? BandId { get; set; }

    /// <summary>Only these item types (album, track, package, payout, refund...), filtered in the database; case-insensitive.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(ItemTypeCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? ItemType { get; set; }

    /// <summary>Digital music only (album, track, bundle): no merch, payouts or refunds.</summary>
    [Parameter]
    public SwitchParameter MusicOnly { get; set; }

    /// <summary>Filters on an -ItemType the module does not know (Bandcamp may add types), with a warning instead of an error.</summary>
    [Parameter]
    public SwitchParameter AllowUnknownItemType { get; set; }

    /// <summary>
    /// Piped sales only: converts them into this currency (ISO code) as Import-BandcampRevenue -Currency does, for
    /// the Converted* totals. Stored rows already carry the conversion they were imported with. -ReportingCurrency
    /// was its name before every converting cmdlet said -Currency; scripts that use it keep working.
    /// </summary>
    [Parameter(ParameterSetName = PipelineSet)]
    [ValidatePattern("^[A-Za-z]{3}$")]
    [ArgumentCompleter(typeof(CurrencyCompleter))]
    [Alias("ReportingCurrency")]
    public string? Currency { get; set; }

    [Parameter(ParameterSetName = PipelineSet)]
    [ValidateNotNullOrEmpty]
    public string? ExchangeRatePath { get; set; }

    [Parameter(ParameterSetName = PipelineSet)]
    [ValidateNotNull]
    public ExchangeRate[]? ExchangeRate { get; set; }

    protected override bool OnlyReads => true;

    private RevenueSummaryQuery _query = new();
    private SaleSummarizer? _summarizer;

    protected override void BeginProcessing()
    {
        var startUtc = UtcDates.ToUtc(StartDate);
        var endUtc = UtcDates.ToUtc(EndDate);
        InputChecks.DateRange(this, nameof(StartDate), startUtc, endUtc);
        var items = InputChecks.ItemFilter(this, ItemType, MusicOnly, AllowUnknownItemType);
        _query = new RevenueSummaryQuery
        {
            GroupBy = GroupBy, Source = Source, BandId = BandId, StartUtc = startUtc, EndUtc = endUtc, Items = items,
        };

        // The conversion parameters exist in the pipeline set only: stored rows keep the conversion they were imported with.
        if (!FromPipeline) return;

        var rates = Currency is null ? null : Terminating(() => ExchangeRateInput.Load(this, ExchangeRatePath, ExchangeRate, Currency), ExchangeRatePath);
        _summarizer = new SaleSummarizer(_query, Currency, rates);
    }

    /// <summary>
    /// Piped sales, or -InputObject: the summary is of them, never of the database. Decided before the first object
    /// is bound (PowerShell settles the parameter set per piped object), so an empty pipeline gives an empty
    /// summary rather than the database's.
    /// </summary>
    private bool FromPipeline => ParameterSetName == PipelineSet || (MyInvocation.ExpectingInput && !StoreNamed);

    protected override void ProcessRecord()
    {
        if (_summarizer is null || InputObject is null) return;
        foreach (var input in InputObject)
        {
            switch (input?.BaseObject)
            {
                case null: break;
                case BandcampSale sale:
                    if (_summarizer.Add(sale) is { } problem) WriteError(ErrorRecords.From(problem, sale));
                    break;
                // A stored row keeps the conversion it was imported with; -Currency converts sales only.
                case RevenueRow row: _summarizer.Add(row); break;
                default:
                    // The module's own Export-Csv output, read back with Import-Csv.
                    if (!ExportedSaleInput.TryRead(input, out var exported, out var unreadable)) WriteError(ErrorRecords.InputTypeInvalid(input, nameof(InputObject)));
                    else if (unreadable is not null) WriteError(ErrorRecords.From(unreadable, input));
                    else if (_summarizer.Add(exported!) is { } missingRate) WriteError(ErrorRecords.From(missingRate, exported));
                    break;
            }
        }
    }

    protected override void EndProcessing()
    {
        if (_summarizer is not null)
        {
            var piped = _summarizer.ToRows();
            WriteVerbose($"{_summarizer.Count:N0} piped sale(s) or stored row(s) summarized by {Describe(_summarizer.Keys)}.");
            WriteNotes(_summarizer.Overlap, piped);
            WriteObject(piped, enumerateCollection: true);
            return;
        }

        var store = OpenStoreForReading();
        WriteVerbose($"Summarizing the revenue in {store.Target} by {Describe(_query.GroupBy)}.");
        var (rows, overlap) = Terminating(() => RunEngine(async ct =>
        {
            var summary = await store.SummarizeAsync(_query, ct).ConfigureAwait(false);
            return (summary, await store.GetSourceOverlapAsync(_query.ToRowQuery(), ct).ConfigureAwait(false));
        }), store.Target);
        WriteNotes(overlap, rows);
        WriteObject(rows, enumerateCollection: true);
    }

    /// <summary>Once per run: which source was counted, and that amounts are per currency when a group mixes them.</summary>
    private void WriteNotes(SourceOverlap overlap, IReadOnlyList<RevenueSummaryRow> rows)
    {
        if (overlap.Describe() is { } note) WriteWarning(note);
        if (!GroupBy.Contains(RevenueGroupBy.Currency) && rows.Any(r => r.Currency is null && r.SaleCount + r.Refunds + r.Payouts > 0))
            WriteWarning("Amounts are per currency and never added across currencies: the rows without a Currency mix several, so their Gross, Net and other native sums are empty. Add Currency to -GroupBy, or read the Converted* sums of rows imported with -Currency.");
    }

    private static string Describe(IReadOnlyList<RevenueGroupBy> keys) =>
        keys.Count == 0 ? "nothing (one total)" : string.Join(", ", keys);
}
