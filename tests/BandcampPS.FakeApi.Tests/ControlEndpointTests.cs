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
}
