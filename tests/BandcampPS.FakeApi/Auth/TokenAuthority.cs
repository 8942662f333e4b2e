using System.Security.Cryptography;
using System.Text;

namespace BandcampPS.FakeApi;

/// <summary>
/// The OAuth state of the one API client: its secret, its single grant and the access tokens issued.
/// Bandcamp allows one live grant per client (api.md 2.3): a client_credentials request while one is
/// live is refused with duplicate_grant; refresh rotates the refresh token. One lock keeps two
/// concurrent refreshes with the same token from both winning.
/// </summary>
internal sealed class TokenAuthority(FakeBandcampOptions options)
{
    private sealed class Grant(string refreshToken, DateTimeOffset accessExpiresAt)
    {
        public string RefreshToken { get; set; } = refreshToken;
        public DateTimeOffset LatestAccessExpiresAt { get; set; } = accessExpiresAt;
    }

    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _accessTokens = new(StringComparer.Ordinal);
    private string _clientSecret = options.ClientSecret;
    private Grant? _grant;

    public string ClientSecret { get { lock (_gate) return _clientSecret; } }

    /// <param name="forceDuplicate">Consumed only once the credentials are known good.</param>
    public TokenOutcome ClientCredentials(string? clientId, string? clientSecret, Func<bool> forceDuplicate)
    {
        lock (_gate)
        {
            if (!CredentialsMatch(clientId, clientSecret)) return InvalidClient();
            if (forceDuplicate() || IsGrantLive())
                return TokenOutcome.Fail("duplicate_grant",
                    "A grant for this client is already active. Use the refresh token, or regenerate the client secret.");
            _grant = new Grant(TokenShapes.Refresh(options.ClientId), default);
            return new TokenOutcome(IssueAccess(_grant));
        }
    }

    public TokenOutcome Refresh(string? clientId, string? clientSecret, string? refreshToken)
    {
        lock (_gate)
        {
            if (!CredentialsMatch(clientId, clientSecret)) return InvalidClient();
            if (_grant is null || string.IsNullOrEmpty(refreshToken) || !FixedEquals(refreshToken, _grant.RefreshToken))
                return TokenOutcome.Fail("invalid_refresh", "The refresh token is invalid, expired or already used.");
            _grant.RefreshToken = TokenShapes.Refresh(options.ClientId); // rotation: the old one is dead now
            return new TokenOutcome(IssueAccess(_grant));
        }
    }

    public bool IsAccessTokenValid(string token)
    {
        lock (_gate)
            return _accessTokens.TryGetValue(token, out var expiresAt) && Now < expiresAt;
    }

    /// <summary>Like "regenerate" under Settings → API Access: new secret, every grant and token gone.</summary>
    public void RegenerateClient(string newSecret)
    {
        ArgumentException.ThrowIfNullOrEmpty(newSecret);
        lock (_gate)
        {
            _clientSecret = newSecret;
            _grant = null;
            _accessTokens.Clear();
        }
    }

    /// <summary>As if every access token's hour were up; refresh tokens stay usable.</summary>
    public void ExpireAllAccessTokens()
    {
        lock (_gate)
        {
            _accessTokens.Clear();
            if (_grant is not null) _grant.LatestAccessExpiresAt = Now;
        }
    }

    private DateTimeOffset Now => options.TimeProvider.GetUtcNow();

    private bool IsGrantLive() => _grant is not null && options.DuplicateGrantMode switch
    {
        DuplicateGrantMode.UntilClientRegenerated => true,
        _ => Now < _grant.LatestAccessExpiresAt,
    };

    private IssuedTokens IssueAccess(Grant grant)
    {
        var now = Now;
        var access = TokenShapes.Access(options.ClientId, now);
        var expiresAt = now + options.AccessTokenLifetime;
        _accessTokens[access] = expiresAt;
        grant.LatestAccessExpiresAt = expiresAt;
        return new IssuedTokens(access, grant.RefreshToken, (int)options.AccessTokenLifetime.TotalSeconds);
    }

    private bool CredentialsMatch(string? clientId, string? clientSecret) =>
        clientId == options.ClientId && clientSecret is not null && FixedEquals(clientSecret, _clientSecret);

    private static TokenOutcome InvalidClient() =>
        TokenOutcome.Fail("invalid_client", "Unknown client_id or wrong client_secret.");

    private static bool FixedEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
