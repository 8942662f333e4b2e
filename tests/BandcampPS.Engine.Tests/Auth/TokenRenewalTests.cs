using BandcampPS.Engine.Auth;
using BandcampPS.Engine.Http;
using BandcampPS.Engine.Tests.Http;

namespace BandcampPS.Engine.Tests.Auth;

/// <summary>
/// When the token provider renews, and with which grant (api.md 2.3: cached token, then refresh_token, then
/// client_credentials only when there is nothing to refresh), driven by the fake clock instead of waiting an hour.
/// </summary>
public sealed class TokenRenewalTests : IDisposable
{
    private static readonly Uri Base = new("https://bandcamp.com/");
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bcps-renewal-" + Guid.NewGuid().ToString("N"));
    private readonly SignallingTimeProvider _time = new(); // 2026-03-01 12:00 UTC
    private readonly CollectingLog _log = new();

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private TokenCacheFile Cache() => new(TokenCacheFile.ResolvePath(_folder, "4242", Base), "4242", Base, _log);

    private TokenProvider Provider(StubHttpHandler tokenEndpoint)
    {
        var http = new BandcampHttp(new HttpSettings { MaxRetries = 0 }, _time, _log, new HttpClient(tokenEndpoint));
        return new TokenProvider(new ClientCredentials("4242", "s3cr+t"), Cache(), new TokenEndpoint(Base, http, _time, _log), _time, _log, new TokenSettings());
    }

    [Fact]
    public async Task The_token_in_memory_is_reused_until_five_minutes_before_it_expires_then_refreshed_with_the_refresh_token()
    {
        var endpoint = new StubHttpHandler(StubHttpHandler.Token("access.1", "refresh.1"), StubHttpHandler.Token("access.2", "refresh.2"));
        var provider = Provider(endpoint);

        Assert.Equal("access.1", await provider.GetAccessTokenAsync(default));
        _time.Advance(TimeSpan.FromMinutes(54)); // 6 minutes left of the hour
        Assert.Equal("access.1", await provider.GetAccessTokenAsync(default));
        _time.Advance(TimeSpan.FromMinutes(2));  // 4 minutes left: inside the renewal margin
        Assert.Equal("access.2", await provider.GetAccessTokenAsync(default));

        Assert.Equal(["client_credentials", "refresh_token"], endpoint.Grants);
        var saved = Cache().Read()!;
        Assert.Equal(("access.2", "refresh.2"), (saved.AccessToken, saved.RefreshToken));
        Assert.Equal(_time.GetUtcNow().AddHours(1), saved.ExpiresAt);
    }

    [Fact]
    public async Task An_expired_cached_token_from_another_process_is_refreshed_not_replaced_by_a_second_grant()
    {
        Cache().Write(new OAuthToken("old", "refresh.0", _time.GetUtcNow().AddMinutes(-10)));
        var endpoint = new StubHttpHandler(StubHttpHandler.Token("access.2", "refresh.2"));

        Assert.Equal("access.2", await Provider(endpoint).GetAccessTokenAsync(default));

        Assert.Equal(["refresh_token"], endpoint.Grants);
    }

    [Fact]
    public async Task A_refused_refresh_token_is_dropped_for_one_client_credentials_grant()
    {
        Cache().Write(new OAuthToken("old", "spent", _time.GetUtcNow().AddMinutes(-10)));
        var endpoint = new StubHttpHandler(StubHttpHandler.TokenError("invalid_refresh"), StubHttpHandler.Token("access.3", "refresh.3"));

        Assert.Equal("access.3", await Provider(endpoint).GetAccessTokenAsync(default));

        Assert.Equal(["refresh_token", "client_credentials"], endpoint.Grants);
        Assert.Equal("refresh.3", Cache().Read()!.RefreshToken);
    }

    [Fact]
    public async Task A_rejected_token_is_renewed_even_when_the_cache_still_holds_it_as_valid()
    {
        Cache().Write(new OAuthToken("revoked", "refresh.0", _time.GetUtcNow().AddMinutes(50)));
        var endpoint = new StubHttpHandler(StubHttpHandler.Token("access.2", "refresh.2"));
        var provider = Provider(endpoint);
        Assert.Equal("revoked", await provider.GetAccessTokenAsync(default));

        Assert.Equal("access.2", await provider.RenewAfterRejectionAsync("revoked", default));

        Assert.Equal(["refresh_token"], endpoint.Grants);
    }

    [Fact]
    public async Task Duplicate_grant_waits_for_the_process_holding_the_grant_and_takes_the_token_it_saved()
    {
        var endpoint = new StubHttpHandler(StubHttpHandler.TokenError(TokenEndpoint.DuplicateGrant));
        var delay = new TokenSettings().DuplicateGrantDelay;
        var renewal = Provider(endpoint).GetAccessTokenAsync(default);
        await WaitingAsync(delay);
        Assert.False(renewal.IsCompleted);

        // The other process saves its grant while this one waits, then the wait ends.
        Cache().Write(new OAuthToken("theirs", "refresh.9", _time.GetUtcNow().AddMinutes(60)));
        _time.Advance(delay);

        Assert.Equal("theirs", await renewal);
        Assert.Equal(["client_credentials"], endpoint.Grants);
        Assert.Contains("duplicate_grant", Assert.Single(_log.Warnings));
    }

    [Fact]
    public async Task Duplicate_grant_gives_up_after_the_set_attempts_with_the_error_that_says_what_to_do()
    {
        var endpoint = new StubHttpHandler(StubHttpHandler.TokenError(TokenEndpoint.DuplicateGrant));
        var settings = new TokenSettings();
        var renewal = Provider(endpoint).GetAccessTokenAsync(default);
        // Each refused grant waits, twice as long each time, before the next attempt.
        for (var (attempt, delay) = (1, settings.DuplicateGrantDelay); attempt < settings.DuplicateGrantAttempts; attempt++, delay *= 2)
        {
            await WaitingAsync(delay);
            _time.Advance(delay);
        }

        var error = await Assert.ThrowsAsync<BandcampDuplicateGrantException>(() => renewal);

        Assert.Equal(BandcampErrorIds.DuplicateGrant, error.ErrorId);
        Assert.Equal(settings.DuplicateGrantAttempts, endpoint.Grants.Count);
        Assert.Contains("Settings > API Access", error.Message);
        Assert.DoesNotContain("s3cr+t", error.Message + _log.All);
    }

    /// <summary>
    /// Until the renewal starts waiting <paramref name="delay"/> on the fake clock (the clock tells each timer it is
    /// asked for; the HTTP and file-lock timeouts are passed over): a signal, not a poll, so the clock then moves past
    /// a wait that has certainly begun.
    /// </summary>
    private async Task WaitingAsync(TimeSpan delay)
    {
        while (await _time.NextTimerAsync(ignored: Timeout.InfiniteTimeSpan).WaitAsync(TimeSpan.FromMinutes(1)) != delay) { }
    }
}
