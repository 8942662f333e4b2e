using System.Management.Automation;
using System.Security.Cryptography;
using System.Text;
using BandcampPS.Engine;
using BandcampPS.Engine.Auth;
using BandcampPS.Engine.Currency;
using BandcampPS.Engine.Import;
using BandcampPS.Engine.Sales;
using BandcampPS.Engine.Storage;
using BandcampPS.Infrastructure;

namespace BandcampPS.Commands;

/// <summary>
/// For scheduled jobs: brings the store up to date with every band the credentials manage, from the newest stored
/// sale minus an overlap window up to now. Idempotent, and one run at a time per database.
/// </summary>
[Cmdlet(VerbsData.Sync, "BandcampRevenue", SupportsShouldProcess = true, DefaultParameterSetName = RevenueStoreTarget.SqliteSet)]
[OutputType(typeof(RevenueSyncResult))]
public sealed class SyncBandcampRevenueCommand : BandcampConnectedCmdlet
{
    [Parameter(ParameterSetName = RevenueStoreTarget.SqliteSet)]
    [ValidateNotNullOrEmpty]
    public string? Database { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = RevenueStoreTarget.SqlServerSet)]
    [ValidateNotNullOrEmpty]
    public string? ConnectionString { get; set; }

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

    [Parameter]
    [ValidatePattern("^[A-Za-z]{3}$")]
    [ArgumentCompleter(typeof(CurrencyCompleter))]
    public string? Currency { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ExchangeRatePath { get; set; }

    [Parameter]
    public SwitchParameter IncludeBuyerDetails { get; set; }

    /// <summary>How long to wait for another sync of the same database to finish.</summary>
    [Parameter]
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromMinutes(10);

    private readonly List<long> _bandIds = [];

    protected override void BeginProcessing() =>
        InputChecks.DateRange(this, nameof(Since), Since is { } since ? UtcDates.ToUtc(since) : null, EndDate is { } end ? UtcDates.ToUtc(end) : null);

    protected override void ProcessRecord()
    {
        if (BandId is not null) _bandIds.AddRange(BandId);
    }

    protected override void EndProcessing()
    {
        var connection = ActiveConnection;
        IRevenueStore store;
        ExchangeRateTable? rates;
        try
        {
            store = RevenueStoreTarget.Create(this, Database, ConnectionString);
            rates = Currency is null ? null : ExchangeRateSource.Load(this, ExchangeRatePath, null, Currency);
        }
        catch (Exception ex) when (ex is not PipelineStoppedException)
        {
            ThrowTerminatingError(ErrorRecords.From(ex));
            return;
        }

        var dryRun = !ShouldProcess(store.Target, "Sync Bandcamp revenue");
        var options = new RevenueSyncOptions
        {
            Overlap = TimeSpan.FromDays(OverlapDays),
            SinceUtc = Since is { } since ? UtcDates.ToUtc(since) : null,
            EndUtc = EndDate is { } end ? UtcDates.ToUtc(end) : DateTime.UtcNow,
            ChunkDays = ChunkDays,
            Import = new RevenueImporterOptions
            {
                DryRun = dryRun,
                IncludeBuyerDetails = IncludeBuyerDetails,
                ReportingCurrency = Currency?.ToUpperInvariant(),
                ExchangeRates = rates,
            },
        };

        try
        {
            RunPumped(async queue =>
            {
                using var runLock = await CrossProcessFileLock.AcquireAsync(LockPath(store), LockTimeout, TimeProvider.System, CancellationToken).ConfigureAwait(false);
                await store.OpenAsync(CancellationToken).ConfigureAwait(false);
                var bands = _bandIds.Count > 0
                    ? _bandIds.Distinct().Select(id => (Id: id, Name: (string?)null)).ToList()
                    : (await connection.GetBandsAsync(includeMemberBands: false, CancellationToken).ConfigureAwait(false)).Select(b => (Id: b.BandId, Name: (string?)b.Name)).ToList();
                var sync = new RevenueSync(connection, store, options);
                foreach (var (id, name) in bands)
                {
                    try
                    {
                        var result = await sync.SyncBandAsync(id, name, error => queue.Post(() => WriteRowError(error)), CancellationToken).ConfigureAwait(false);
                        queue.Post(() =>
                        {
                            WriteInformation($"{(dryRun ? "What if: " : "")}{result}", ["BandcampSync"]);
                            WriteObject(result);
                        });
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException && ex is not BandcampException { Kind: BandcampErrorKind.Authentication })
                    {
                        // One band failing does not stop the others; -ErrorAction Stop makes it fatal for scheduled jobs.
                        queue.Post(() => WriteError(ErrorRecords.From(ex, id)));
                    }
                }
            });
        }
        catch (Exception ex) when (ex is not PipelineStoppedException)
        {
            ThrowTerminatingError(ErrorRecords.From(ex, store.Target));
        }
    }

    private void WriteRowError(object error) => WriteError(error switch
    {
        BandcampSaleParseError parse => ErrorRecords.From(parse),
        Exception ex => ErrorRecords.From(ex),
        _ => ErrorRecords.Create(BandcampErrorIds.SyncRowFailed, ErrorCategory.NotSpecified, error.ToString() ?? "", error),
    });

    /// <summary>One lock per database, beside a SQLite file or, for SQL Server, in the user's data folder.</summary>
    private static string LockPath(IRevenueStore store)
    {
        if (File.Exists(store.Target) || Path.IsPathRooted(store.Target)) return store.Target + ".sync.lock";
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(store.Target)))[..16];
        var folder = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "BandcampPS", "locks");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, $"sync-{hash}.lock");
    }
}
