using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace BandcampPS.FakeApi.Tests;

public sealed class FaultTests
{
    private static async Task<(FakeBandcampServer Server, FakeApiClient Client, string Access)> StartAsync()
    {
        var server = await FakeBandcampServer.StartAsync(new FakeBandcampOptions());
        var client = new FakeApiClient(server);
        var (access, _) = await client.GrantAsync();
        return (server, client, access);
    }

    [Fact]
    public async Task Rate_limit_answers_429_with_retry_after_on_any_path_then_stops()
    {
        var (server, client, access) = await StartAsync();
        await using var _ = server;
        using var __ = client;
        server.Faults.RateLimitNext(2, retryAfterSeconds: 3);

        using var token = await client.RefreshAsync("whatever");
        using var api = await client.PostApiAsync(Routes.MyBands, access);
        using var after = await client.PostApiAsync(Routes.MyBands, access);

        foreach (var limited in new[] { token, api })
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(3), limited.Headers.RetryAfter?.Delta);
            Json.AssertApiError(await FakeApiClient.ReadJsonAsync(limited), "Too many");
        }
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(2, server.Stats.TokenRequests);
    }

    [Fact]
    public async Task Server_errors_come_as_a_burst_of_html_5xx()
    {
        var (server, client, access) = await StartAsync();
        await using var _ = server;
        using var __ = client;
        server.Faults.ServerErrorsNext(2, 502);

        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 3; i++)
        {
            using var response = await client.PostApiAsync(Routes.MyBands, access);
            statuses.Add(response.StatusCode);
            if (i < 2) Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal([HttpStatusCode.BadGateway, HttpStatusCode.BadGateway, HttpStatusCode.OK], statuses);
    }

    [Fact]
    public async Task Delays_hold_back_the_headers_on_the_servers_clock_and_give_up_when_the_client_does()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        await using var server = await FakeBandcampServer.StartAsync(new FakeBandcampOptions { TimeProvider = time });
        using var client = new FakeApiClient(server);
        var (access, _) = await client.GrantAsync();

        server.Faults.DelayNext(1, TimeSpan.FromMilliseconds(400));
        var slow = client.PostApiAsync(Routes.MyBands, access);
        var held = await server.Stats.NextHeldRequestAsync();
        Assert.Equal(Routes.MyBands, held.Path);
        Assert.False(slow.IsCompleted); // nothing is answered until the server's clock moves
        time.Advance(TimeSpan.FromMilliseconds(400));
        using (var answered = await slow) Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.False(await held.ClientGaveUp);

        server.Faults.DelayNext(1, TimeSpan.FromMinutes(5));
        using var giveUp = new CancellationTokenSource();
        var abandoned = client.PostApiAsync(Routes.MyBands, access, ct: giveUp.Token);
        var second = await server.Stats.NextHeldRequestAsync();
        giveUp.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        Assert.True(await second.ClientGaveUp);
        using var next = await client.PostApiAsync(Routes.MyBands, access);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task A_truncated_sales_report_breaks_off_mid_json_once()
    {
        var (server, client, access) = await StartAsync();
        await using var _ = server;
        using var __ = client;
        var body = FakeApiClient.ReportBody(FakeBands.LabelId, "2020-01-01", "2025-01-01");
        server.Faults.TruncateNextSalesReport(afterRows: 5);

        using var cut = await client.PostApiAsync(Routes.SalesReport, access, body, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, cut.StatusCode);
        var received = new MemoryStream();
        var stream = await cut.Content.ReadAsStreamAsync();
        await Assert.ThrowsAnyAsync<IOException>(() => stream.CopyToAsync(received));
        var text = System.Text.Encoding.UTF8.GetString(received.ToArray());
        Assert.StartsWith("{\"report\":[{", text);
        Assert.Equal(5, System.Text.RegularExpressions.Regex.Count(text, "\"bandcamp_transaction_item_id\""));
        Assert.EndsWith("}", text); // the fifth row is complete, the array and object never close

        var whole = await client.SalesReportAsync(body, access);
        Assert.Equal(server.Sales.CountInRange(FakeBands.LabelId, null, DateTime.MinValue, DateTime.MaxValue), Json.Rows(whole).Length);
    }

    [Fact]
    public async Task Edge_blocks_answer_html_instead_of_json()
    {
        var (server, client, access) = await StartAsync();
        await using var _ = server;
        using var __ = client;

        server.Faults.HtmlBlockNext(1);
        using var blocked = await client.PostApiAsync(Routes.MyBands, access);
        server.Faults.ChallengeNext(1);
        using var challenged = await client.ClientCredentialsAsync();
        using var normal = await client.PostApiAsync(Routes.MyBands, access);

        Assert.Equal(HttpStatusCode.Forbidden, blocked.StatusCode);
        Assert.Equal("text/html", blocked.Content.Headers.ContentType?.MediaType);
        var page = await blocked.Content.ReadAsStringAsync();
        Assert.Contains("Error 54113", page);
        Assert.Contains("Varnish cache server", page);
        Assert.Equal(HttpStatusCode.OK, challenged.StatusCode);
        Assert.Equal("text/html", challenged.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Client Challenge", await challenged.Content.ReadAsStringAsync());
        Assert.Equal("application/json", normal.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Reset_switches_every_fault_off()
    {
        var (server, client, access) = await StartAsync();
        await using var _ = server;
        using var __ = client;
        server.Faults.RateLimitNext(5);
        server.Faults.ServerErrorsNext(5);
        server.Faults.HtmlBlockNext(5);
        server.Faults.ChallengeNext(5);
        server.Faults.DelayNext(5, TimeSpan.FromMinutes(1));

        server.Faults.Reset();
        using var response = await client.PostApiAsync(Routes.MyBands, access);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
