using System.Management.Automation;
using BandcampPS.Engine.Sales;
using BandcampPS.Engine.Storage;
using BandcampPS.Infrastructure;

namespace BandcampPS.Commands;

/// <summary>
/// Streams the stored revenue rows (RevenueEvent) of the SQLite (default) or SQL Server database that
/// Import-BandcampRevenue fills, filtered in the database, oldest first. Flat and scalar, ready for Export-Csv.
/// </summary>
[Cmdlet(VerbsCommon.Get, "BandcampRevenue", DefaultParameterSetName = RevenueStoreTarget.SqliteSet)]
[OutputType(typeof(RevenueEvent))]
public sealed class GetBandcampRevenueCommand : BandcampCmdlet
{
    /// <summary>The SQLite file; default BANDCAMP_DATABASE or the user's local application data folder.</summary>
    [Parameter(ParameterSetName = RevenueStoreTarget.SqliteSet)]
    [ValidateNotNullOrEmpty]
    public string? Database { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = RevenueStoreTarget.SqlServerSet)]
    [ValidateNotNullOrEmpty]
    public string? ConnectionString { get; set; }

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

    /// <summary>Exact, case-insensitive: album, track, package, payout, refund...</summary>
    [Parameter]
    [ArgumentCompleter(typeof(ItemTypeCompleter))]
    [ValidateNotNullOrEmpty]
    public string? ItemType { get; set; }

    /// <summary>Exact, case-insensitive.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CatalogNumber { get; set; }

    private IRevenueStore? _store;
    private DateTime? _startUtc;
    private DateTime? _endUtc;

    protected override void BeginProcessing()
    {
        _startUtc = StartDate is { } start ? UtcDates.ToUtc(start) : null;
        _endUtc = EndDate is { } end ? UtcDates.ToUtc(end) : null;
        if (_startUtc is { } from && _endUtc is { } to && to <= from)
            ThrowTerminatingError(ErrorRecords.DateRangeInvalid(from, to, EndDate));

        try
        {
            _store = RevenueStoreTarget.CreateForReading(this, Database, ConnectionString);
            RunEngine(async ct => { await _store.OpenAsync(StoreAccess.ReadWrite, ct).ConfigureAwait(false); return true; });
        }
        catch (Exception ex) when (ex is not PipelineStoppedException)
        {
            ThrowTerminatingError(ErrorRecords.FromRead(ex, _store?.Target ?? Database));
        }
        WriteVerbose($"Reading revenue from {_store!.Target}.");
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
            ItemType = ItemType,
            CatalogNumber = CatalogNumber,
        };
        long count = 0;
        try
        {
            // Rows leave the reader as they are read; the bounded queue holds the reader back while the pipeline is slow.
            RunPumped(async queue =>
            {
                await foreach (var row in _store!.QueryAsync(query, CancellationToken).ConfigureAwait(false))
                {
                    count++;
                    queue.Post(() => WriteObject(row));
                }
            });
        }
        catch (Exception ex) when (ex is not PipelineStoppedException)
        {
            ThrowTerminatingError(ErrorRecords.FromRead(ex, _store!.Target));
        }
        WriteVerbose($"{count:N0} stored row(s){(BandId is { } band ? $" of band {band}" : "")} read from {_store!.Target}.");
    }
}
