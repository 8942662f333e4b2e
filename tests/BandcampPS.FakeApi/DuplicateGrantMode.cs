namespace BandcampPS.FakeApi;

/// <summary>
/// How long a client_credentials grant blocks the next one with <c>duplicate_grant</c>.
/// Bandcamp's own wording is not available (api.md 2.3, open question 1), so both readings are offered.
/// </summary>
public enum DuplicateGrantMode
{
    /// <summary>The grant is live until its latest access token expires (lenient reading).</summary>
    UntilAccessTokenExpires,

    /// <summary>The grant is live until the client is regenerated (strict reading).</summary>
    UntilClientRegenerated,
}
