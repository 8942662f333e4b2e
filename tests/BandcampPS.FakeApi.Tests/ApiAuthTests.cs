using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Time.Testing;

namespace BandcampPS.FakeApi.Tests;

public sealed class ApiAuthTests
{
    [Fact]
    public async Task An_expired_access_token_gets_401_with_the_error_envelope_and_refresh_recovers()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero));
        await using var server = await FakeBandcampServer.StartAsync(new FakeBandcampOptions { TimeProvider = time });
        using var client = new FakeApiClient(server);
        var (access, refresh) = await client.GrantAsync();

        time.Advance(TimeSpan.FromHours(1));
        using var expired = await client.PostApiAsync(Routes.MyBands, access);

        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Json.AssertApiError(await FakeApiClient.ReadJsonAsync(expired), "expired");
        using var refreshed = await client.RefreshAsync(refresh);
        var newAccess = (await FakeApiClient.ReadJsonAsync(refreshed)).GetProperty("access_token").GetString();
        using var again = await client.PostApiAsync(Routes.MyBands, newAccess);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task ExpireAllAccessTokens_makes_every_issued_token_401()
    {
        await using var server = await FakeBandcampServer.StartAsync(new FakeBandcampOptions());
        using var client = new FakeApiClient(server);
        var (access, _) = await client.GrantAsync();

        server.ExpireAllAccessTokens();
        using var response = await client.PostApiAsync(Routes.SalesReport, access, FakeApiClient.ReportBody(FakeBands.LabelId, "2020-01-01"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Missing_or_non_bearer_authorization_is_401_and_the_scheme_is_recorded()
    {
        await using var server = await FakeBandcampServer.StartAsync(new FakeBandcampOptions());
        using var client = new FakeApiClient(server);
        var (access, _) = await client.GrantAsync();

        using var none = await client.PostApiAsync(Routes.MyBands, accessToken: null);
        var basic = new HttpRequestMessage(HttpMethod.Post, "api/account/1/my_bands") { Content = new StringContent("{}") };
        basic.Headers.Authorization = new AuthenticationHeaderValue("Basic", access);
        using var basicResponse = await client.Http.SendAsync(basic);
        Assert.Equal("Basic", server.Stats.LastAuthorizationScheme);
        using var bearer = await client.PostApiAsync(Routes.MyBands, access);

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, basicResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, bearer.StatusCode);
        Assert.Equal("Bearer", server.Stats.LastAuthorizationScheme);
        Assert.Equal(3, server.Stats.ApiRequestsFor(Routes.MyBands));
        Assert.Contains("BandcampPS.FakeApi.Tests/1.0", server.Stats.UserAgents);
    }

    [Fact]
    public async Task Api_methods_are_post_only_and_unknown_methods_are_404()
    {
        await using var server = await FakeBandcampServer.StartAsync(new FakeBandcampOptions());
        using var client = new FakeApiClient(server);
        var (access, _) = await client.GrantAsync();

        using var get = await client.Http.GetAsync("api/account/1/my_bands");
        using var unknown = await client.PostApiAsync("/api/sales/9/no_such_method", access);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
        Json.AssertApiError(await FakeApiClient.ReadJsonAsync(get), "POST");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
