using System.Net;
using System.Text;

namespace BandcampPS.FakeApi.Tests;

public sealed class AsyncReportTests
{
    private static async Task<string> GenerateAsync(FakeApiClient client, string access, string body)
    {
        using var response = await client.PostApiAsync(Routes.GenerateSalesReport, access, body);
        return (await FakeApiClient.ReadJsonAsync(response)).GetProperty("token").GetString()!;
    }

    private static async Task<System.Text.Json.JsonElement> FetchAsync(FakeApiClient client, string access, string token)
    {
        using var response = await client.PostApiAsync(Routes.FetchSalesReport, access, $"{{\"token\":\"{token}\"}}");
        return await FakeApiClient.ReadJsonAsync(response);
    }

    [Fact]
    public async Task Fetch_says_not_generated_yet_n_times_then_gives_a_url_that_serves_json_without_auth()
    {
        await using var server = await FakeBandcampServer.StartAsync(new FakeBandcampOptions());
        server.Faults.FetchNotReadyCount = 2;
        using var client = new FakeApiClient(server);
        var (access, _) = await client.GrantAsync();
        var token = await GenerateAsync(client, access, FakeApiClient.ReportBody(FakeBands.LabelId, "2021-01-01", "2022-01-01", FakeBands.SecondArtistId));

        for (int i = 0; i < 2; i++)
        {
            var pending = await FetchAsync(client, access, token);
            Assert.True(pending.GetProperty("error").GetBoolean());
            Assert.Equal("Report hasn't generated yet", pending.GetProperty("error_message").GetString());
        }
        var url = (await FetchAsync(client, access, token)).GetProperty("url").GetString()!;
        Assert.StartsWith(server.BaseUri + "reports/", url);
        Assert.EndsWith(".json", url);

        using var anonymous = new HttpClient();
        var rows = Json.Rows(System.Text.Json.JsonDocument.Parse(await anonymous.GetStringAsync(url)).RootElement);
        var start = new DateTime(2021, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        Assert.Equal(server.Sales.CountInRange(FakeBands.LabelId, FakeBands.SecondArtistId, start, start.AddYears(1)), rows.Length);
        Assert.Equal(1, server.Stats.ReportDownloads);
    }

    [Fact]
    public async Task A_csv_report_downloads_as_utf16_with_bom()
    {
        await using var server = await FakeBandcampServer.StartAsync(new FakeBandcampOptions());
        server.Faults.FetchNotReadyCount = 0;
        using var client = new FakeApiClient(server);
        var (access, _) = await client.GrantAsync();
        var token = await GenerateAsync(client, access, FakeApiClient.ReportBody(FakeBands.SoloBandId, "2020-01-01", format: "csv"));
        var url = (await FetchAsync(client, access, token)).GetProperty("url").GetString()!;

        var bytes = await client.Http.GetByteArrayAsync(url);

        Assert.EndsWith(".csv", url);
        Assert.Equal(new byte[] { 0xFF, 0xFE }, bytes[..2]);
        var records = Rfc4180.Parse(Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2));
        Assert.Equal(FakeSaleFields.CsvHeaders, records[0]);
        Assert.Equal(server.Sales.CountInRange(FakeBands.SoloBandId, null, DateTime.MinValue, DateTime.MaxValue), records.Count - 1);
    }

    [Fact]
    public async Task With_redirects_on_the_url_answers_302_to_the_file()
    {
        await using var server = await FakeBandcampServer.StartAsync(new FakeBandcampOptions());
        server.Faults.FetchNotReadyCount = 0;
        server.Faults.RedirectReportDownloads = true;
        using var client = new FakeApiClient(server, followRedirects: false);
        var (access, _) = await client.GrantAsync();
        var token = await GenerateAsync(client, access, FakeApiClient.ReportBody(FakeBands.LabelId, "2024-01-01", "2024-02-01"));
        var url = (await FetchAsync(client, access, token)).GetProperty("url").GetString()!;

        using var hop = await client.Http.GetAsync(url);
        using var following = new HttpClient();
        var body = await following.GetStringAsync(url);

        Assert.Equal(HttpStatusCode.Found, hop.StatusCode);
        Assert.Equal($"/reports/{token}.json", hop.Headers.Location!.OriginalString);
        Assert.StartsWith("{\"report\":[", body);
    }

    [Fact]
    public async Task Unknown_tokens_and_bad_bodies_are_error_envelopes()
    {
        await using var server = await FakeBandcampServer.StartAsync(new FakeBandcampOptions());
        using var client = new FakeApiClient(server);
        var (access, _) = await client.GrantAsync();

        Json.AssertApiError(await FetchAsync(client, access, "r0000"), "Unknown report token");
        using var noBand = await client.PostApiAsync(Routes.GenerateSalesReport, access, "{\"start_time\":\"2021-01-01\"}");
        Json.AssertApiError(await FakeApiClient.ReadJsonAsync(noBand), "band_id");
        using var missing = await client.Http.GetAsync("reports/r0000.json");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
