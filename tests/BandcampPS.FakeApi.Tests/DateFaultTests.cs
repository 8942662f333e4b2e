using System.Globalization;
using System.Text.RegularExpressions;

namespace BandcampPS.FakeApi.Tests;

public sealed class DateFaultTests
{
    private static readonly string Body = FakeApiClient.ReportBody(FakeBands.LabelId, "2020-01-01", "2025-01-01");

    [Fact]
    public async Task One_chosen_row_gets_an_unparsable_date()
    {
        await using var server = await FakeBandcampServer.StartAsync(new FakeBandcampOptions());
        using var client = new FakeApiClient(server);
        var victim = server.Sales.InRange(FakeBands.LabelId, null, DateTime.MinValue, DateTime.MaxValue).ElementAt(10);
        server.Faults.InvalidDateForTransactionItemId(victim.BandcampTransactionItemId);

        var rows = Json.Rows(await client.SalesReportAsync(Body));

        var bad = Assert.Single(rows, r => !DateTime.TryParseExact(r.GetProperty("date").GetString(), BandcampDates.ApiFormat,
            CultureInfo.InvariantCulture, DateTimeStyles.None, out _));
        Assert.Equal(victim.BandcampTransactionItemId, Json.ItemId(bad));
        Assert.Equal("31 Foo 2024 99:99:99 GMT", bad.GetProperty("date").GetString());
    }

    [Fact]
    public async Task Alternate_spellings_appear_and_all_mean_the_sales_instant()
    {
        await using var server = await FakeBandcampServer.StartAsync(new FakeBandcampOptions());
        using var client = new FakeApiClient(server);
        server.Faults.AlternateDateFormats = true;
        var truth = server.Sales.InRange(FakeBands.LabelId, null, DateTime.MinValue, DateTime.MaxValue)
            .ToDictionary(s => s.BandcampTransactionItemId, s => s.DateUtc);

        var rows = Json.Rows(await client.SalesReportAsync(Body));
        var dates = rows.Select(r => r.GetProperty("date").GetString()!).ToArray();

        Assert.Contains(dates, d => Regex.IsMatch(d, @"^\d{2} [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT$"));
        Assert.Contains(dates, d => Regex.IsMatch(d, @"^\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT$"));
        Assert.Contains(dates, d => Regex.IsMatch(d, @"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$"));
        Assert.Contains(dates, d => Regex.IsMatch(d, @"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"));
        string[] formats = [BandcampDates.ApiFormat, BandcampDates.SingleDigitDayFormat, BandcampDates.SqlFormat, BandcampDates.IsoFormat];
        Assert.All(rows, r => Assert.Equal(truth[Json.ItemId(r)], DateTime.ParseExact(r.GetProperty("date").GetString()!, formats,
            CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)));
    }
}
