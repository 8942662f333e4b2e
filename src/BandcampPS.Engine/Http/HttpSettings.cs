namespace BandcampPS.Engine.Http;

/// <summary>How patient the one HTTP pipeline is. Defaults suit Bandcamp's observed behaviour (api.md section 7).</summary>
public sealed record HttpSettings
{
    /// <summary>Retries after the first attempt, for 429, 5xx, timeouts and network errors.</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>First backoff; doubles each retry, with jitter. Bandcamp's 429s ask for about 3 s.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Time allowed for one attempt to produce response headers; sync reports "can take a while".</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>A Retry-After longer than this is clipped: a scheduled job should fail rather than sleep for hours.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(2);
}
