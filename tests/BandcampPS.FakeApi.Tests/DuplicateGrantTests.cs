using Microsoft.Extensions.Time.Testing;

namespace BandcampPS.FakeApi.Tests;

public sealed class DuplicateGrantTests
{
    private static async Task<string?> GrantErrorAsync(FakeApiClient client, string? secret = null)
    {
        using var response = await client.ClientCredentialsAsync(secret);
        var json = await FakeApiClient.ReadJsonAsync(response);
        return json.GetProperty("ok").GetBoolean() ? null : json.GetProperty("error").GetString();
    }

    [Fact]
    public async Task Lenient_mode_blocks_a_second_grant_until_the_latest_access_token_expires()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero));
        await using var server = await FakeBandcampServer.StartAsync(new FakeBandcampOptions { TimeProvider = time });
        using var client = new FakeApiClient(server);
        var (_, refresh) = await client.GrantAsync();

        Assert.Equal("duplicate_grant", await GrantErrorAsync(client));

        // A refresh keeps the grant live past the first token's hour.
        time.Advance(TimeSpan.FromMinutes(50));
        using (await client.RefreshAsync(refresh)) { }
        time.Advance(TimeSpan.FromMinutes(50));
        Assert.Equal("duplicate_grant", await GrantErrorAsync(client));

        time.Advance(TimeSpan.FromMinutes(11));
        Assert.Null(await GrantErrorAsync(client));
        Assert.Equal(2, server.Stats.DuplicateGrantErrors);
        Assert.Equal(2, server.Stats.ClientCredentialsGrants);
    }

    [Fact]
    public async Task Strict_mode_blocks_until_the_client_is_regenerated()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero));
        await using var server = await FakeBandcampServer.StartAsync(new FakeBandcampOptions
        {
            TimeProvider = time,
            DuplicateGrantMode = DuplicateGrantMode.UntilClientRegenerated,
        });
        using var client = new FakeApiClient(server);
        var (access, refresh) = await client.GrantAsync();

        time.Advance(TimeSpan.FromDays(2));
        Assert.Equal("duplicate_grant", await GrantErrorAsync(client));

        server.RegenerateClient("n3w+S/ecret=");
        Assert.Equal("invalid_client", await GrantErrorAsync(client, "s3cr+t/Key=="));
        Assert.Null(await GrantErrorAsync(client, "n3w+S/ecret="));
        using var oldRefresh = await client.RefreshAsync(refresh);
        Assert.Equal("invalid_refresh", (await FakeApiClient.ReadJsonAsync(oldRefresh)).GetProperty("error").GetString());
        using var oldAccess = await client.PostApiAsync(Routes.MyBands, access);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, oldAccess.StatusCode);
    }

    [Fact]
    public async Task The_fault_knob_refuses_the_next_grant_once_regardless_of_state()
    {
        await using var server = await FakeBandcampServer.StartAsync(new FakeBandcampOptions());
        using var client = new FakeApiClient(server);
        server.Faults.DuplicateGrantOnNextGrant();

        Assert.Equal("duplicate_grant", await GrantErrorAsync(client));
        Assert.Null(await GrantErrorAsync(client));
        Assert.Equal(1, server.Stats.DuplicateGrantErrors);
    }
}
