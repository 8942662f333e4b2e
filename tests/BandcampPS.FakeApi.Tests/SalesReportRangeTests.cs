using System.Globalization;
using Microsoft.Extensions.Time.Testing;

namespace BandcampPS.FakeApi.Tests;

public sealed class SalesReportRangeTests
{
    private static string At(DateTime t) => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Start_is_inclusive_and_end_is_exclusive_to_the_second()
    {
        await using var server = await FakeBandcampServer.StartAsync(new FakeBandcampOptions());
        using var client = new FakeApiClient(server);
        var (access, _) = await client.GrantAsync();
        var sale = Enumerable.Range(500, 100).Select(server.Sales.Get).First(s => s.BandId == FakeBands.LabelId);
        var t = sale.DateUtc;

        async Task<bool> Contains(DateTime start, DateTime end) =>
            Json.Rows(await client.SalesReportAsync(FakeApiClient.ReportBody(FakeBands.LabelId, At(start), At(end)), access))
                .Any(r => Json.ItemId(r) == sale.BandcampTransactionItemId);

        Assert.True(await Contains(t, t.AddSeconds(1)));            // a sale exactly at start_time is in
        Assert.False(await Contains(t.AddDays(-30), t));             // a sale exactly at end_time is out
        Assert.False(await Contains(t.AddSeconds(1), t.AddDays(30)));
    }

    [Theory]
    [InlineData(FakeBands.LabelId, null)]
    [InlineData(FakeBands.LabelId, FakeBands.FirstArtistId)]
    [InlineData(FakeBands.LabelId, FakeBands.SecondArtistId)]
    [InlineData(FakeBands.LabelId, FakeBands.LabelId)]
    [InlineData(FakeBands.SoloBandId, null)]
    public async Task A_report_holds_exactly_the_data_sets_rows_for_the_band_filter_and_range(long bandId, long? memberId)
    {
        await using var server = await FakeBandcampServer.StartAsync(new FakeBandcampOptions());
        using var client = new FakeApiClient(server);
        var start = new DateTime(2021, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var end = new DateTime(2022, 7, 1, 0, 0, 0, DateTimeKind.Utc);

        var rows = Json.Rows(await client.SalesReportAsync(FakeApiClient.ReportBody(bandId, At(start), At(end), memberId)));

        var expected = server.Sales.InRange(bandId, memberId, start, end).Select(s => s.BandcampTransactionItemId).ToHashSet();
        Assert.Equal(server.Sales.CountInRange(bandId, memberId, start, end), rows.Length);
        Assert.True(expected.SetEquals(rows.Select(Json.ItemId)));
        Assert.NotEmpty(rows);
    }

    [Fact]
    public async Task End_time_defaults_to_now_on_the_servers_clock()
    {
        var now = new DateTimeOffset(2022, 3, 15, 12, 0, 0, TimeSpan.Zero);
        await using var server = await FakeBandcampServer.StartAsync(new FakeBandcampOptions { TimeProvider = new FakeTimeProvider(now) });
        using var client = new FakeApiClient(server);

        var rows = Json.Rows(await client.SalesReportAsync(FakeApiClient.ReportBody(FakeBands.LabelId, "2022-01-01")));

        var start = new DateTime(2022, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        Assert.Equal(server.Sales.CountInRange(FakeBands.LabelId, null, start, now.UtcDateTime), rows.Length);
    }

    [Theory]
    [InlineData("2022-01-01")]
    [InlineData("2022-01-01 00:00:00")]
    [InlineData("2022-01-01T00:00:00Z")]
    [InlineData("2022-01-01T01:00:00+01:00")]
    public async Task The_accepted_date_spellings_mean_the_same_utc_instant(string start)
    {
        await using var server = await FakeBandcampServer.StartAsync(new FakeBandcampOptions());
        using var client = new FakeApiClient(server);

        var rows = Json.Rows(await client.SalesReportAsync(FakeApiClient.ReportBody(FakeBands.LabelId, start, "2023-01-01")));

        var expected = server.Sales.CountInRange(FakeBands.LabelId, null,
            new DateTime(2022, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal(expected, rows.Length);
    }

    [Fact]
    public async Task Rows_come_newest_first_unless_shuffled()
    {
        await using var ordered = await FakeBandcampServer.StartAsync(new FakeBandcampOptions { SaleCount = 4000 });
        await using var shuffled = await FakeBandcampServer.StartAsync(new FakeBandcampOptions { SaleCount = 4000, ShuffleRows = true });
        using var orderedClient = new FakeApiClient(ordered);
        using var shuffledClient = new FakeApiClient(shuffled);
        var body = FakeApiClient.ReportBody(FakeBands.LabelId, "2020-01-01", "2025-01-01");

        var newestFirst = Json.Rows(await orderedClient.SalesReportAsync(body)).Select(Json.Date).ToArray();
        var shuffledIds = Json.Rows(await shuffledClient.SalesReportAsync(body)).Select(Json.ItemId).ToArray();

        Assert.Equal(newestFirst.OrderByDescending(d => d), newestFirst);
        var orderedIds = ordered.Sales.InRange(FakeBands.LabelId, null, DateTime.MinValue, DateTime.MaxValue)
            .Select(s => s.BandcampTransactionItemId).ToArray();
        Assert.True(orderedIds.ToHashSet().SetEquals(shuffledIds));
        Assert.NotEqual(orderedIds, shuffledIds);
        Assert.NotEqual(orderedIds.Reverse(), shuffledIds);
    }

    [Fact]
    public async Task Requests_are_recorded_as_received()
    {
        await using var server = await FakeBandcampServer.StartAsync(new FakeBandcampOptions());
        using var client = new FakeApiClient(server);

        await client.SalesReportAsync(FakeApiClient.ReportBody(FakeBands.LabelId, "2021-02-01 00:00:00", "2021-03-01 00:00:00", FakeBands.FirstArtistId));

        var recorded = Assert.Single(server.Stats.SalesReportRequestLog);
        Assert.Equal(new RecordedSalesReportRequest(Routes.SalesReport, FakeBands.LabelId, FakeBands.FirstArtistId,
            "2021-02-01 00:00:00", "2021-03-01 00:00:00", null), recorded);
        Assert.Equal(1, server.Stats.SalesReportRequests);
    }
}
