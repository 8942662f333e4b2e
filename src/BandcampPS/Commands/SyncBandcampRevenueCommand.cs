using System.Management.Automation;
using BandcampPS.Engine;
using BandcampPS.Engine.Currency;
using BandcampPS.Engine.Import;
using BandcampPS.Engine.Sales;
using BandcampPS.Infrastructure;

namespace BandcampPS.Commands;

/// <summary>
/// For scheduled jobs: brings the store up to date with every band the credentials manage, from the newest stored
/// sale minus an overlap window up to now. Idempotent, and one run at a time per database.
/// </summary>
/// <remarks>
/// A store cmdlet that also calls Bandcamp, and C# gives a class one base: it takes the store base (-Database and
/// -ConnectionString in their two parameter sets, and the store they name) and declares the connected base's one
/// parameter, -Connection, itself, resolved as every connected cmdlet resolves it (BandcampSession.Resolve).
/// </remarks>
[Cmdlet(VerbsData.Sync, "BandcampRevenue", SupportsShouldProcess = true, DefaultParameterSetName = SqliteSet)]
[OutputType(typeof(RevenueSyncResult))]
public sealed class SyncBandcampRevenueCommand : BandcampStoreCmdlet
{
    /// <summary>The connection to use instead of the current one (from Connect-Bandcamp -PassThru).</summary>
    [Parameter]
    public BandcampConnection? Connection { get; set; }

    /// <summary>Only these bands (or labels); default every band Get-BandcampBand lists.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, long.MaxValue)]
    public long[]? BandId { get; set; }

    /// <summary>Where to start instead of the newest stored sale; required the first time. No time zone = UTC.</summary>
    [Parameter]
    public DateTime? Since { get; set; }

    /// <summary>Exclusive; default now. No time zone = UTC.</summary>
    [Parameter]
    public DateTime? EndDate { get; set; }

    [Parameter]
    [ValidateRange(0, 365)]
    public int OverlapDays { get; set; } = 3;

    [Parameter]
    [ValidateRange(1, 366)]
    public int ChunkDays { get; set; } = SalesReportRequest.DefaultChunkDays;

    /// <summary>Chunk requests in flight at once per band (see Get-BandcampSale -ThrottleLimit).</summary>
    [Parameter]
    [ValidateRange(1, 16)]
    public int ThrottleLimit { get; set; } = SalesReportRequest.DefaultThrottleLimit;

    [Parameter]
    [ValidatePattern("^[A-Za-z]{3}$")]
    [ArgumentCompleter(typeof(CurrencyCompleter))]
    public string? Currency { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ExchangeRatePath { get; set; }

    [Parameter]
    [ValidateNotNull]
    public ExchangeRate[]? ExchangeRate { get; set; }

    [Parameter]
    public SwitchParameter IncludeBuyerDetails { get; set; }

    /// <summary>How long to wait for another sync of the same database to finish.</summary>
    [Parameter]
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromMinutes(10);

    private const int ProgressActivityId = 0x42C3;
    private readonly List<long> _bandIds = [];

    protected override void BeginProcessing() => InputChecks.DateRange(this, nameof(Since), UtcDates.ToUtc(Since), UtcDates.ToUtc(EndDate));

    protected override void ProcessRecord()
    {
        if (BandId is not null) _bandIds.AddRange(BandId);
    }

    protected override void EndProcessing()
    {
        var connection = BandcampSession.Resolve(this, Connection);
        var store = Terminating(CreateStore);
        var rates = Currency is null ? null : Terminating(() => ExchangeRateInput.Load(this, ExchangeRatePath, ExchangeRate, Currency));

        var dryRun = !ShouldProcess(store.Target, "Sync Bandcamp revenue");
        var sync = new RevenueSync(connection, store, new RevenueSyncOptions
        {
            Overlap = TimeSpan.FromDays(OverlapDays),
            SinceUtc = UtcDates.ToUtc(Since),
            EndUtc = UtcDates.ToUtc(EndDate) ?? UtcNow,
            ChunkDays = ChunkDays,
            ThrottleLimit = ThrottleLimit,
            BandIds = _bandIds.Count > 0 ? _bandIds : null,
            LockTimeout = LockTimeout,
            Import = new RevenueImporterOptions
            {
                DryRun = dryRun,
                IncludeBuyerDetails = IncludeBuyerDetails,
                ReportingCurrency = Currency?.ToUpperInvariant(),
                ExchangeRates = rates,
            },
        });

        var progress = new ProgressRecord(ProgressActivityId, dryRun ? "Syncing Bandcamp revenue (what if)" : "Syncing Bandcamp revenue", "Starting");
        try
        {
            Terminating(() => RunPumped(queue => sync.RunAsync(
                result => queue.Post(() => WriteObject(result)),
                report => queue.Post(() => WriteError(ErrorRecords.FromReport(report))),
                new InlineProgress<SalesChunkProgress>(p => queue.Post(() => ReportProgress(progress, p))),
                CancellationToken)), store.Target);
        }
        finally
        {
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
            store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private void ReportProgress(ProgressRecord record, SalesChunkProgress p)
    {
        record.StatusDescription = $"{p.Request.Describe()}: {p.Chunk} ({p.ChunkIndex + 1} of {p.ChunkCount}), {p.SalesSoFar:N0} sale(s) so far";
        record.PercentComplete = p.ChunkCount == 0 ? 0 : (int)(100L * p.ChunkIndex / p.ChunkCount);
        WriteProgress(record);
    }
}
