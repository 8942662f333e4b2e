using System.Management.Automation;
using BandcampPS.FakeApi;

namespace BandcampPS.Module.Tests;

/// <summary>Get-BandcampSale -Async: Bandcamp's generated report gives exactly the sales the sync report gives.</summary>
public sealed class GetBandcampSaleAsyncTests : IAsyncLifetime
{
    private FakeApiSession _s = null!;

    public async Task InitializeAsync() => _s = await FakeApiSession.StartAsync(new FakeBandcampOptions { SaleCount = 3000, Seed = 11 });
    public async Task DisposeAsync() => await _s.DisposeAsync();

    private static Dictionary<long, PSObject> ByItemId(ScriptResult result) =>
        result.Output.ToDictionary(o => (long)o.Properties["TransactionItemId"].Value);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_same_sales_come_out_either_way_every_property_equal(bool redirectDownloads)
    {
        _s.Server.Faults.RedirectReportDownloads = redirectDownloads;
        _s.Server.Faults.FetchNotReadyCount = 2;
        const string range = "-StartDate 2022-03-01 -EndDate '2024-08-15 12:00'";
        var sync = _s.RunConnected($"Get-BandcampBand | Get-BandcampSale {range}");
        var viaReport = _s.Run($"Get-BandcampBand | Get-BandcampSale {range} -Async -Verbose");

        Assert.Empty(sync.Errors);
        Assert.Empty(viaReport.Errors);
        var expected = ByItemId(sync);
        var actual = ByItemId(viaReport);
        Assert.True(expected.Count > 500, $"only {expected.Count} sales in the range");
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (id, sale) in expected)
            foreach (var property in sale.Properties)
                Assert.True(Equals(property.Value, actual[id].Properties[property.Name].Value), $"sale {id}: {property.Name} differs");

        Assert.Equal(2 * 3, _s.Server.Stats.GenerateSalesReportRequests); // two bands, a year per report: 2022-03, 2023-03, 2024-03
        Assert.Equal(2 * 3 * 3, _s.Server.Stats.FetchSalesReportRequests);
        Assert.Equal(0, _s.Server.Stats.ReportDownloadsWithAuthorization);
        Assert.Contains(viaReport.Verbose, v => v.Contains("not generated yet"));
    }

    [Fact]
    public void ChunkDays_sets_the_size_of_each_generated_report()
    {
        var result = _s.RunConnected($"Get-BandcampSale -BandId {FakeBands.SoloBandId} -StartDate 2024-01-01 -EndDate 2024-03-01 -ChunkDays 30 -Async");
        Assert.Empty(result.Errors);
        Assert.Equal(2, _s.Server.Stats.GenerateSalesReportRequests);
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        Assert.Equal(_s.Server.Sales.CountInRange(FakeBands.SoloBandId, null, start, start.AddMonths(2)), result.Output.Count);
    }
}
