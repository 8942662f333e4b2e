namespace BandcampPS.Engine.Auth;

/// <summary>An access token, its refresh token and when the access token expires (UTC). Never printed.</summary>
public sealed record OAuthToken(string AccessToken, string? RefreshToken, DateTimeOffset ExpiresAt)
{
    /// <summary>
    /// Usable for at least <paramref name="margin"/> more: tokens are renewed before they expire, not after.
    /// Written as now + margin, so an expiry near DateTimeOffset.MinValue cannot overflow.
    /// </summary>
    public bool IsValidAt(DateTimeOffset now, TimeSpan margin) => now + margin < ExpiresAt;

    public override string ToString() => $"Bandcamp token expiring {ExpiresAt:u}";
}
