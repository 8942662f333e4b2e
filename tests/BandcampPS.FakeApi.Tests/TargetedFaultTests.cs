using System.Net;
using System.Text;

namespace BandcampPS.FakeApi.Tests;

/// <summary>Faults aimed at one request of many (a chunk in the middle of a range) and rows broken one at a time.</summary>
public sealed class TargetedFaultTests
{
    [Fact]
    public async Task A_fault_with_skip_and_path_hits_only_the_nth_request_to_that_path()
    {
        await using var server = await FakeBandcampServer.StartAsync(new FakeBandcampOptions());
        using var client = new FakeApiClient(server);
        var (access, _) = await client.GrantAsync();
        server.Faults.HtmlBlockNext(1, skip: 2, path: Routes.SalesReport);
        var body = FakeApiClient.ReportBody(FakeBands.SoloBandId, "2024-01-01", "2024-01-02");

        var statuses = new List<HttpStatusCode>();
        using (var bands = await client.PostApiAsync(Routes.MyBands, access)) statuses.Add(bands.StatusCode);
        for (var i = 0; i < 4; i++)
        {
            using var report = await client.PostApiAsync(Routes.SalesReport, access, body);
            statuses.Add(report.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Forbidden, HttpStatusCode.OK], statuses);
    }

    [Fact]
    public async Task Truncation_can_wait_for_a_later_report()
    {
        await using var server = await FakeBandcampServer.StartAsync(new FakeBandcampOptions());
        using var client = new FakeApiClient(server);
        var (access, _) = await client.GrantAsync();
        server.Faults.TruncateNextSalesReport(afterRows: 1, skip: 1);
        var body = FakeApiClient.ReportBody(FakeBands.LabelId, "2020-01-01", "2025-01-01");

        var first = await client.SalesReportAsync(body, access);
        Assert.True(Json.Rows(first).Length > 1);
        using var cut = await client.PostApiAsync(Routes.SalesReport, access, body, HttpCompletionOption.ResponseHeadersRead);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => cut.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(MalformedRowKind.ObjectInTextField, "\"item_name\":{\"text\":")]
    [InlineData(MalformedRowKind.ArrayInTextField, "\"item_name\":[")]
    [InlineData(MalformedRowKind.LoneSurrogate, "\"item_name\":\"Broken \\ud800 name\"")]
    public async Task A_malformed_row_is_valid_json_and_leaves_its_neighbours_alone(MalformedRowKind kind, string fragment)
    {
        await using var server = await FakeBandcampServer.StartAsync(new FakeBandcampOptions());
        using var client = new FakeApiClient(server);
        var (access, _) = await client.GrantAsync();
        var victim = server.Sales.InRange(FakeBands.SoloBandId, null, DateTime.MinValue, DateTime.MaxValue).Skip(3).First();
        server.Faults.MalformRow(victim.BandcampTransactionItemId, kind);
        var body = FakeApiClient.ReportBody(FakeBands.SoloBandId, "2020-01-01", "2025-01-01");

        using var response = await client.PostApiAsync(Routes.SalesReport, access, body);
        var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());

        Assert.Contains(fragment, text);
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(text, System.Text.RegularExpressions.Regex.Escape(fragment)));
        using var document = System.Text.Json.JsonDocument.Parse(text); // still well-formed JSON
        Assert.Equal(server.Sales.CountInRange(FakeBands.SoloBandId, null, DateTime.MinValue, DateTime.MaxValue),
            document.RootElement.GetProperty("report").GetArrayLength());
    }

    [Fact]
    public async Task A_hidden_sale_is_left_out_of_every_report()
    {
        await using var server = await FakeBandcampServer.StartAsync(new FakeBandcampOptions());
        using var client = new FakeApiClient(server);
        var (access, _) = await client.GrantAsync();
        var hidden = server.Sales.InRange(FakeBands.SoloBandId, null, DateTime.MinValue, DateTime.MaxValue).First();
        using (var control = await client.Http.PostAsync($"_fake/faults/hide-sale?value={hidden.BandcampTransactionItemId}", null))
            Assert.Equal(HttpStatusCode.OK, control.StatusCode);

        var rows = Json.Rows(await client.SalesReportAsync(FakeApiClient.ReportBody(FakeBands.SoloBandId, "2020-01-01", "2025-01-01"), access));

        Assert.Equal(server.Sales.CountInRange(FakeBands.SoloBandId, null, DateTime.MinValue, DateTime.MaxValue) - 1, rows.Length);
        Assert.DoesNotContain(rows, r => r.GetProperty("bandcamp_transaction_item_id").GetInt64() == hidden.BandcampTransactionItemId);
    }

    [Fact]
    public async Task Payouts_can_come_without_item_ids()
    {
        await using var server = await FakeBandcampServer.StartAsync(new FakeBandcampOptions { PayoutsHaveItemIds = false });
        var report = await new FakeApiClient(server).SalesReportAsync(FakeApiClient.ReportBody(FakeBands.LabelId, "2020-01-01", "2025-01-01"));

        var rows = Json.Rows(report);
        var payouts = rows.Where(r => r.GetProperty("item_type").GetString() == "payout").ToArray();
        Assert.NotEmpty(payouts);
        Assert.All(payouts, p => Assert.Equal(System.Text.Json.JsonValueKind.Null, p.GetProperty("bandcamp_transaction_item_id").ValueKind));
        Assert.All(rows.Except(payouts), r => Assert.Equal(System.Text.Json.JsonValueKind.Number, r.GetProperty("bandcamp_transaction_item_id").ValueKind));
    }
}
