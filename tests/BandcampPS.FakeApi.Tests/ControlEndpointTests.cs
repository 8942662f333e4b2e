using System.Net;

namespace BandcampPS.FakeApi.Tests;

/// <summary>The fault knobs over loopback HTTP, for scripts and second processes.</summary>
public sealed class ControlEndpointTests
{
    [Fact]
    public async Task A_knob_armed_over_http_faults_the_next_api_call_and_the_control_call_itself_is_neither_faulted_nor_counted()
    {
        await using var server = await FakeBandcampServer.StartAsync(new FakeBandcampOptions());
        using var client = new FakeApiClient(server);
        var (access, _) = await client.GrantAsync();

        using (var armed = await client.Http.PostAsync("_fake/faults/rate-limit?requests=1&value=7", null))
            Assert.Equal(HttpStatusCode.OK, armed.StatusCode);
        using (var stats = await client.Http.GetAsync("_fake/stats"))
            Assert.Equal(HttpStatusCode.OK, stats.StatusCode); // not rate-limited: control calls skip the faults

        using var limited = await client.PostApiAsync(Routes.MyBands, access);
        using var after = await client.PostApiAsync(Routes.MyBands, access);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), limited.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(2, server.Stats.ApiRequests);
    }

    [Fact]
    public async Task Stats_reset_and_an_unknown_knob_answer_as_documented()
    {
        await using var server = await FakeBandcampServer.StartAsync(new FakeBandcampOptions());
        using var client = new FakeApiClient(server);
        var (access, _) = await client.GrantAsync();

        using var stats = await client.Http.GetAsync("_fake/stats");
        var json = await FakeApiClient.ReadJsonAsync(stats);
        Assert.Equal(1, json.GetProperty("clientCredentialsGrants").GetInt64());

        server.Faults.HtmlBlockNext(5);
        using (var reset = await client.Http.PostAsync("_fake/reset", null)) Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        using (var bands = await client.PostApiAsync(Routes.MyBands, access))
            Assert.NotEqual(HttpStatusCode.Forbidden, bands.StatusCode);

        using var unknown = await client.Http.PostAsync("_fake/faults/no-such-knob", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("rate-limit", (await FakeApiClient.ReadJsonAsync(unknown)).GetProperty("knobs").GetString());

        using var bad = await client.Http.PostAsync("_fake/faults/server-error?value=200", null);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task The_csv_export_of_a_band_holds_every_sale_of_it_as_the_web_export_writes_it()
    {
        await using var server = await FakeBandcampServer.StartAsync(new FakeBandcampOptions { SaleCount = 200 });
        using var client = new FakeApiClient(server);

        using var response = await client.Http.GetAsync($"_fake/csv-export?band_id={FakeBands.SoloBandId}");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        using var expected = new MemoryStream();
        FakeCsvExport.Write(expected, server.Sales.InRange(FakeBands.SoloBandId, null, DateTime.MinValue, DateTime.MaxValue));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected.ToArray(), bytes);
        Assert.Equal(0, server.Stats.ApiRequests);
    }

    [Fact]
    public async Task The_ecb_file_has_a_rate_for_every_currency_of_the_fake_sales_on_every_weekday()
    {
        await using var server = await FakeBandcampServer.StartAsync(new FakeBandcampOptions());
        using var client = new FakeApiClient(server);

        using var response = await client.Http.GetAsync("_fake/ecb/eurofxref-hist.zip");
        using var zip = new System.IO.Compression.ZipArchive(await response.Content.ReadAsStreamAsync());
        using var reader = new StreamReader(zip.GetEntry("eurofxref-hist.csv")!.Open());
        var lines = (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var currencies = lines[0].Split(',', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToHashSet();
        var saleCurrencies = server.Sales.InRange(FakeBands.LabelId, null, DateTime.MinValue, DateTime.MaxValue)
            .Concat(server.Sales.InRange(FakeBands.SoloBandId, null, DateTime.MinValue, DateTime.MaxValue))
            .Select(s => s.Currency).OfType<string>().Where(c => c != "EUR").ToHashSet();
        Assert.Superset(saleCurrencies, currencies);
        Assert.Equal("2031-01-01", lines[1][..10]);
        Assert.Equal("2015-01-01", lines[^1][..10]);
        Assert.DoesNotContain(lines.Skip(1), l => DateOnly.Parse(l[..10]).DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday);
    }
}
