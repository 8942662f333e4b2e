using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace BandcampPS.FakeApi.Tests;

public sealed class OAuthGrantTests
{
    [Fact]
    public async Task Client_credentials_answers_the_documented_shape()
    {
        await using var server = await FakeBandcampServer.StartAsync(new FakeBandcampOptions());
        using var client = new FakeApiClient(server);

        using var response = await client.ClientCredentialsAsync();
        var json = await FakeApiClient.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(json.GetProperty("ok").GetBoolean());
        Assert.Equal("bearer", json.GetProperty("token_type").GetString());
        Assert.Equal(3600, json.GetProperty("expires_in").GetInt32());
        Assert.Matches(new Regex(@"^\d+\.4242\.\d{10}\.[A-Za-z0-9+/]+=$"), json.GetProperty("access_token").GetString());
        Assert.Matches(new Regex(@"^\d+\.4242\.[A-Za-z0-9+/]+=$"), json.GetProperty("refresh_token").GetString());
        Assert.Equal(1, server.Stats.ClientCredentialsGrants);
    }

    [Fact]
    public async Task Refresh_rotates_both_tokens_and_the_old_refresh_token_is_dead()
    {
        await using var server = await FakeBandcampServer.StartAsync(new FakeBandcampOptions());
        using var client = new FakeApiClient(server);
        var (firstAccess, firstRefresh) = await client.GrantAsync();

        using var refreshed = await client.RefreshAsync(firstRefresh);
        var json = await FakeApiClient.ReadJsonAsync(refreshed);
        var newAccess = json.GetProperty("access_token").GetString()!;
        var newRefresh = json.GetProperty("refresh_token").GetString()!;
        Assert.NotEqual(firstAccess, newAccess);
        Assert.NotEqual(firstRefresh, newRefresh);

        using var reuse = await client.RefreshAsync(firstRefresh);
        var error = await FakeApiClient.ReadJsonAsync(reuse);
        Assert.Equal(HttpStatusCode.BadRequest, reuse.StatusCode);
        Assert.False(error.GetProperty("ok").GetBoolean());
        Assert.Equal("invalid_refresh", error.GetProperty("error").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("error_description").GetString()));

        using var bands = await client.PostApiAsync(Routes.MyBands, newAccess);
        Assert.Equal(HttpStatusCode.OK, bands.StatusCode);
        Assert.Equal(1, server.Stats.RefreshGrants);
    }

    [Fact]
    public async Task Concurrent_refreshes_with_one_token_let_exactly_one_win()
    {
        await using var server = await FakeBandcampServer.StartAsync(new FakeBandcampOptions());
        using var client = new FakeApiClient(server);
        var (_, refresh) = await client.GrantAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            using var response = await client.RefreshAsync(refresh);
            return await FakeApiClient.ReadJsonAsync(response);
        }));

        Assert.Single(answers, a => a.GetProperty("ok").GetBoolean());
        Assert.All(answers.Where(a => !a.GetProperty("ok").GetBoolean()),
            a => Assert.Equal("invalid_refresh", a.GetProperty("error").GetString()));
    }

    [Theory]
    [InlineData("4242", "wrong")]
    [InlineData("9999", "s3cr+t/Key==")]
    public async Task Wrong_credentials_are_invalid_client(string clientId, string secret)
    {
        await using var server = await FakeBandcampServer.StartAsync(new FakeBandcampOptions());
        using var client = new FakeApiClient(server);

        using var response = await client.PostTokenAsync(("grant_type", "client_credentials"), ("client_id", clientId), ("client_secret", secret));

        Assert.Equal("invalid_client", (await FakeApiClient.ReadJsonAsync(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_secret_sent_without_form_encoding_is_rejected()
    {
        await using var server = await FakeBandcampServer.StartAsync(new FakeBandcampOptions());
        using var client = new FakeApiClient(server);
        // "+" unencoded means a space in a form body, so the secret no longer matches.
        var raw = new StringContent("grant_type=client_credentials&client_id=4242&client_secret=s3cr+t/Key==",
            Encoding.ASCII, "application/x-www-form-urlencoded");

        using var response = await client.Http.PostAsync("oauth_token", raw);

        Assert.Equal("invalid_client", (await FakeApiClient.ReadJsonAsync(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Unknown_grant_type_and_non_form_bodies_are_refused_with_the_configured_status()
    {
        await using var server = await FakeBandcampServer.StartAsync(new FakeBandcampOptions { TokenErrorStatusCode = 401 });
        using var client = new FakeApiClient(server);

        using var password = await client.PostTokenAsync(("grant_type", "password"), ("client_id", "4242"));
        using var json = await client.Http.PostAsync("oauth_token",
            new StringContent("{\"grant_type\":\"client_credentials\"}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, password.StatusCode);
        Assert.Equal("unsupported_grant_type", (await FakeApiClient.ReadJsonAsync(password)).GetProperty("error").GetString());
        Assert.Equal("invalid_request", (await FakeApiClient.ReadJsonAsync(json)).GetProperty("error").GetString());
        Assert.Equal(2, server.Stats.TokenRequests);
    }
}
