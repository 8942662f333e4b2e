namespace BandcampPS.FakeApi;

internal sealed record IssuedTokens(string AccessToken, string RefreshToken, int ExpiresInSeconds);

/// <summary>What the token endpoint answers: tokens, or an OAuth error code with a description.</summary>
internal sealed record TokenOutcome(IssuedTokens? Tokens, string? Error = null, string? Description = null)
{
    public static TokenOutcome Fail(string error, string description) => new(null, error, description);
}
