using System.Management.Automation;
using BandcampPS.Engine.Sales;
using BandcampPS.Infrastructure;

namespace BandcampPS.Commands;

/// <summary>Streams the sales of a band or label over a date range from Bandcamp's sales report.</summary>
[Cmdlet(VerbsCommon.Get, "BandcampSale", DefaultParameterSetName = ApiSet)]
[OutputType(typeof(BandcampSale))]
public sealed class GetBandcampSaleCommand : BandcampConnectedCmdlet
{
    private const string ApiSet = "Api";
    private const int ProgressActivityId = 0x42C1;

    [Parameter(Mandatory = true, ParameterSetName = ApiSet, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, long.MaxValue)]
    public long BandId { get; set; }

    [Parameter(ParameterSetName = ApiSet, ValueFromPipelineByPropertyName = true)]
    public long? MemberBandId { get; set; }

    /// <summary>Inclusive. A date without a time zone is taken as UTC.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ApiSet)]
    [Alias("Start", "Since")]
    public DateTime StartDate { get; set; }

    /// <summary>Exclusive; default now. A date without a time zone is taken as UTC.</summary>
    [Parameter(Position = 1, ParameterSetName = ApiSet)]
    [Alias("End")]
    public DateTime? EndDate { get; set; }

    [Parameter(ParameterSetName = ApiSet)]
    [ValidateRange(1, 366)]
    public int ChunkDays { get; set; } = SalesReportRequest.DefaultChunkDays;

    [Parameter]
    [ArgumentCompleter(typeof(ItemTypeCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? ItemType { get; set; }

    /// <summary>Digital music only (album, track, bundle): no merch, physical packages, payouts or refunds.</summary>
    [Parameter]
    public SwitchParameter MusicOnly { get; set; }

    private SaleFilter _filter = SaleFilter.All;
    private readonly SalesCoverage _coverage = new();
    private DateTime _startUtc;
    private DateTime _endUtc;

    protected override void BeginProcessing()
    {
        _filter = new SaleFilter(ItemType, MusicOnly);
        if (ParameterSetName != ApiSet) return;
        _startUtc = UtcDates.ToUtc(StartDate);
        _endUtc = UtcDates.ToUtc(EndDate ?? DateTime.UtcNow);
        if (_endUtc <= _startUtc)
        {
            ThrowTerminatingError(ErrorRecords.Create("BandcampDateRangeInvalid", ErrorCategory.InvalidArgument,
                $"-EndDate {_endUtc:yyyy-MM-dd HH:mm:ss}Z is not after -StartDate {_startUtc:yyyy-MM-dd HH:mm:ss}Z (dates without a time zone are taken as UTC).",
                EndDate));
        }
    }

    protected override void ProcessRecord()
    {
        var connection = ActiveConnection;
        var member = MemberBandId is > 0 ? MemberBandId : null;
        if (_coverage.AlreadyCovered(BandId, member) is { } reason)
        {
            WriteVerbose($"Skipping band {BandId}{(member is null ? "" : $" member {member}")}: {reason}, so its sales are not read twice.");
            return;
        }
        _coverage.Begin(BandId, member);

        var request = new SalesReportRequest(BandId, member, _startUtc, _endUtc, ChunkDays);
        var progress = new ProgressRecord(ProgressActivityId, "Reading Bandcamp sales", "Starting");
        try
        {
            RunPumped(async queue =>
            {
                var reporter = new InlineProgress<SalesChunkProgress>(p => queue.Post(() => ReportProgress(progress, p)));
                await foreach (var row in connection.GetSalesAsync(request, reporter, CancellationToken).ConfigureAwait(false))
                {
                    if (row.Error is { } error) queue.Post(() => WriteError(ErrorRecords.From(error)));
                    else if (_filter.Matches(row.Sale!) && _coverage.Admit(row.Sale!)) queue.Post(() => WriteObject(row.Sale));
                }
            });
        }
        catch (PipelineStoppedException) { throw; }
        catch (Exception ex) when (ex is not PipelineStoppedException)
        {
            WriteEngineError(ex, request);
        }
        finally
        {
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
        }
    }

    private void ReportProgress(ProgressRecord record, SalesChunkProgress p)
    {
        // One chunk is not worth a progress bar.
        if (p.ChunkCount < 2) return;
        record.StatusDescription = $"{p.Request.Describe()}: {p.Chunk} ({p.ChunkIndex + 1} of {p.ChunkCount}), {p.SalesSoFar} sale(s) so far";
        record.PercentComplete = (int)(100L * p.ChunkIndex / p.ChunkCount);
        WriteProgress(record);
    }
}

/// <summary>An IProgress that calls back on the reporting thread (Progress&lt;T&gt; would post to a synchronization context).</summary>
internal sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
