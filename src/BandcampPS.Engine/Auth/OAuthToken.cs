namespace BandcampPS.Engine.Auth;

/// <summary>An access token, its refresh token and when the access token expires (UTC). Never printed.</summary>
public sealed record OAuthToken(string AccessToken, string? RefreshToken, DateTimeOffset ExpiresAt)
{
    /// <summary>Usable for at least <paramref name="margin"/> more: tokens are renewed before they expire, not after.</summary>
    public bool IsValidAt(DateTimeOffset now, TimeSpan margin) => ExpiresAt - margin > now;

    public override string ToString() => $"Bandcamp token expiring {ExpiresAt:u}";
}
