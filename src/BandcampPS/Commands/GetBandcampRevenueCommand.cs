using System.Management.Automation;
using BandcampPS.Engine;
using BandcampPS.Engine.Sales;
using BandcampPS.Engine.Storage;
using BandcampPS.Infrastructure;

namespace BandcampPS.Commands;

/// <summary>
/// Streams the stored revenue rows (RevenueRow) of the SQLite (default) or SQL Server database that
/// Import-BandcampRevenue fills, filtered in the database, oldest first. Flat and scalar, ready for Export-Csv.
/// Without -Source, one source per band and month: where both the API's and a CSV export's rows are stored for a
/// band and calendar month, the API's are read, and a warning says how many CSV rows were left out.
/// </summary>
[Cmdlet(VerbsCommon.Get, "BandcampRevenue", DefaultParameterSetName = SqliteSet)]
[OutputType(typeof(RevenueRow))]
public sealed class GetBandcampRevenueCommand : BandcampStoreCmdlet
{
    /// <summary>Inclusive; default the first stored sale. A date without a time zone is taken as UTC.</summary>
    [Parameter(Position = 0)]
    [Alias("Start", "Since")]
    public DateTime? StartDate { get; set; }

    /// <summary>Exclusive; default no limit. A date without a time zone is taken as UTC.</summary>
    [Parameter(Position = 1)]
    [Alias("End")]
    public DateTime? EndDate { get; set; }

    /// <summary>Api or Csv: where the stored rows came from.</summary>
    [Parameter]
    public BandcampSaleSource? Source { get => (BandcampSaleSource?)_source; set => _source = value; }

    // Boxed on purpose: Import-Module loads every public type of this assembly before the module hooks up the
    // engine's load context, and a field of an engine value type (this enum) would fail that load. Properties and
    // method bodies are resolved later, when the engine is reachable.
    private object? _source;

    /// <summary>The band or label the sales were reported for (a label's rows carry the label's id). Binds from piped bands.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, long.MaxValue)]
    public long? BandId { get; set; }

    /// <summary>
    /// The artist name; * and ? are wildcards, every other character (including [ ] and `) is literal.
    /// Case-insensitive (SQLite: for ASCII letters; SQL Server: as the database collation compares).
    /// </summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string? Artist { get; set; }

    /// <summary>Only these item types (album, track, package, payout, refund...), exact and case-insensitive.</summary>
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

    /// <summary>Exact, case-insensitive.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CatalogNumber { get; set; }

    protected override bool OnlyReads => true;

    private IRevenueStore? _store;
    private DateTime? _startUtc;
    private DateTime? _endUtc;
    private SaleFilter _items = SaleFilter.All;
    private SourceOverlap _overlap = SourceOverlap.None;

    protected override void BeginProcessing()
    {
        _startUtc = UtcDates.ToUtc(StartDate);
        _endUtc = UtcDates.ToUtc(EndDate);
        InputChecks.DateRange(this, nameof(StartDate), _startUtc, _endUtc);
        _items = InputChecks.ItemFilter(this, ItemType, MusicOnly, AllowUnknownItemType);

        var store = _store = OpenStoreForReading();
        WriteVerbose($"Reading revenue from {store.Target}.");
    }

    // Once without pipeline input; once per piped band otherwise.
    protected override void ProcessRecord()
    {
        var query = new RevenueQuery
        {
            StartUtc = _startUtc,
            EndUtc = _endUtc,
            Source = Source,
            BandId = BandId,
            Artist = Artist,
            Items = _items,
            CatalogNumber = CatalogNumber,
        };
        long count = 0;
        var store = _store!;
        // Rows leave the reader as they are read; the bounded queue holds the reader back while the pipeline is slow.
        Terminating(() => RunPumped(async queue =>
        {
            await foreach (var row in store.QueryAsync(query, CancellationToken).ConfigureAwait(false))
            {
                count++;
                queue.Post(() => WriteObject(row));
            }
            var overlap = await store.GetSourceOverlapAsync(query, CancellationToken).ConfigureAwait(false);
            queue.Post(() => _overlap = _overlap.Add(overlap));
        }), store.Target);
        WriteVerbose($"{count:N0} stored row(s){(BandId is { } band ? $" of band {band}" : "")} read from {store.Target}.");
    }

    // Once per run, however many bands were piped.
    protected override void EndProcessing()
    {
        if (_overlap.Describe() is { } note) WriteWarning(note);
    }
}
