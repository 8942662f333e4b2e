using BandcampPS.Engine.Sales;
using BandcampPS.FakeApi;

namespace BandcampPS.Engine.Tests.Merch;

/// <summary>The async sales report (generate → fetch, polled with backoff → download) against the fake API.</summary>
public sealed class AsyncSalesReportTests
{
    private static readonly DateTime Start = new(2021, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime End = new(2023, 7, 1, 0, 0, 0, DateTimeKind.Utc);

    private static IEnumerable<BandcampSale> Sales(IEnumerable<SaleParseResult> rows) => rows.Where(r => r.Sale is not null).Select(r => r.Sale!);

    private static async Task<List<SaleParseResult>> ReadAllAsync(IAsyncEnumerable<SaleParseResult> rows, CancellationToken ct = default)
    {
        var list = new List<SaleParseResult>();
        await foreach (var row in rows.WithCancellation(ct)) list.Add(row);
        return list;
    }

    [Fact]
    public async Task The_same_sales_come_out_as_from_the_sync_report_after_polls_that_wait_twice_as_long_each_time()
    {
        await using var e = await EngineOverFake.StartAsync();
        e.Server.Faults.FetchNotReadyCount = 3;
        // One report at a time, so the recorded waits come report after report.
        var request = new SalesReportRequest(FakeBands.LabelId, null, Start, End, ChunkDays: 366) { ThrottleLimit = 1 };

        var viaAsync = await ReadAllAsync(e.Connection.GetSalesFromGeneratedReportAsync(request, null, CancellationToken.None));
        var viaSync = await ReadAllAsync(e.Connection.GetSalesAsync(request with { ChunkDays = 30 }, null, CancellationToken.None));

        Assert.All(viaAsync, r => Assert.True(r.Error is null && r.Gap is null));
        Assert.Equal(e.Server.Sales.CountInRange(FakeBands.LabelId, null, Start, End), Sales(viaAsync).Count());
        Assert.Equal(Sales(viaSync).Select(s => s.SaleKey).Order(), Sales(viaAsync).Select(s => s.SaleKey).Order());
        Assert.All(viaAsync.Where(r => r.EndedSpan is not null), r => Assert.True(r.EndedSpan!.IsComplete));
        Assert.Equal(3, e.Server.Stats.GenerateSalesReportRequests); // 2021, 2022, half of 2023
        Assert.Equal(3 * 4, e.Server.Stats.FetchSalesReportRequests);
        var perReport = new[] { 2, 4, 8 }.Select(s => TimeSpan.FromSeconds(s));
        Assert.Equal(perReport.Concat(perReport).Concat(perReport), e.Time.Waits);
        Assert.Equal(0, e.Server.Stats.ReportDownloadsWithAuthorization);
    }

    [Fact]
    public async Task A_redirected_download_is_followed_without_the_bearer_token()
    {
        await using var e = await EngineOverFake.StartAsync();
        e.Server.Faults.RedirectReportDownloads = true;
        var request = new SalesReportRequest(FakeBands.SoloBandId, null, Start, End, ChunkDays: 366);

        var rows = await ReadAllAsync(e.Connection.GetSalesFromGeneratedReportAsync(request, null, CancellationToken.None));

        Assert.Equal(e.Server.Sales.CountInRange(FakeBands.SoloBandId, null, Start, End), Sales(rows).Count());
        Assert.Equal(3, e.Server.Stats.ReportDownloads);
        Assert.Equal(0, e.Server.Stats.ReportDownloadsWithAuthorization);
    }

    [Fact]
    public async Task Waiting_is_bounded_and_the_report_not_generated_in_time_is_a_gap_that_says_what_to_do()
    {
        await using var e = await EngineOverFake.StartAsync(reports: new AsyncReportSettings { MaxWait = TimeSpan.FromMinutes(1), MaxPollDelay = TimeSpan.FromSeconds(16) });
        e.Server.Faults.FetchNotReadyCount = 1000;
        var request = new SalesReportRequest(FakeBands.LabelId, null, Start, End, ChunkDays: 3000);

        var rows = await ReadAllAsync(e.Connection.GetSalesFromGeneratedReportAsync(request, null, CancellationToken.None));
        var error = Assert.Single(rows, r => r.Gap is not null).Gap!.Reason;

        Assert.Equal(BandcampErrorIds.AsyncReportTimeout, error.ErrorId);
        Assert.Contains("-ChunkDays", error.Message);
        // 2 + 4 + 8 + 16 + 16 = 46 s waited; one more 16 s wait would pass the minute.
        Assert.Equal(new[] { 2, 4, 8, 16, 16 }.Select(s => TimeSpan.FromSeconds(s)), e.Time.Waits);
        Assert.Equal(6, e.Server.Stats.FetchSalesReportRequests);
    }

    [Fact]
    public async Task Cancelling_while_it_waits_stops_at_once_and_fetches_no_more()
    {
        await using var e = await EngineOverFake.StartAsync();
        e.Server.Faults.FetchNotReadyCount = 1000;
        var waiting = new TaskCompletionSource();
        e.Time.HoldNextWait = waiting;
        using var cancel = new CancellationTokenSource();
        var request = new SalesReportRequest(FakeBands.LabelId, null, Start, End);

        var reading = ReadAllAsync(e.Connection.GetSalesFromGeneratedReportAsync(request, null, cancel.Token), cancel.Token);
        await waiting.Task;
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);
        Assert.Equal(1, e.Server.Stats.FetchSalesReportRequests);
        Assert.Equal(0, e.Server.Stats.ReportDownloads);
    }

    [Fact]
    public async Task A_band_the_client_may_not_read_is_one_gap_with_bandcamps_own_error()
    {
        await using var e = await EngineOverFake.StartAsync();
        var request = new SalesReportRequest(FakeBands.FirstArtistId, null, Start, End);

        var rows = await ReadAllAsync(e.Connection.GetSalesFromGeneratedReportAsync(request, null, CancellationToken.None));
        var gap = Assert.Single(rows, r => r.Gap is not null).Gap!;
        Assert.Equal((Start, End), (gap.StartUtc, gap.EndUtc));
        var error = Assert.IsType<BandcampApiException>(gap.Reason);

        Assert.Contains("do not have access", error.Message);
        Assert.Equal(0, e.Server.Stats.FetchSalesReportRequests);
    }
}
