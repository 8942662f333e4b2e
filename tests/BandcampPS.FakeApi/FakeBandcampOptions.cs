namespace BandcampPS.FakeApi;

/// <summary>Everything that shapes one fake server. Immutable once the server has started.</summary>
public sealed class FakeBandcampOptions
{
    public string ClientId { get; init; } = "4242";

    // Base64-like on purpose: clients that forget to form-encode + / = fail against it as against Bandcamp.
    public string ClientSecret { get; init; } = "s3cr+t/Key==";

    public TimeSpan AccessTokenLifetime { get; init; } = TimeSpan.FromHours(1);
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
    public DuplicateGrantMode DuplicateGrantMode { get; init; } = DuplicateGrantMode.UntilAccessTokenExpires;

    public int Seed { get; init; } = 42;
    public int SaleCount { get; init; } = 1000;
    public DateTime SalesStartUtc { get; init; } = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Exclusive.</summary>
    public DateTime SalesEndUtc { get; init; } = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>False: newest first (what clients have observed). True: a deterministic block shuffle.</summary>
    public bool ShuffleRows { get; init; }

    /// <summary>
    /// Whether payout rows carry a bandcamp_transaction_item_id (api.md 11.6: unknown). False sends null there, so
    /// clients must key such rows another way and never store one twice.
    /// </summary>
    public bool PayoutsHaveItemIds { get; init; } = true;

    /// <summary>HTTP status of token-endpoint errors; not documented, so clients must not depend on it.</summary>
    public int TokenErrorStatusCode { get; init; } = 400;

    /// <summary>HTTP status of <c>{error:true}</c> API answers; Bandcamp has been seen to use 200.</summary>
    public int ApiErrorStatusCode { get; init; } = 200;

    /// <summary>
    /// Every API request (under /api/) waits this long before it is answered, as Bandcamp takes about a second to
    /// answer a report request: what a long backfill spends its time on. Zero (the default) answers at once.
    /// </summary>
    public TimeSpan ResponseDelay { get; init; }

    /// <summary>
    /// More API requests than this within one second (a fixed window, server-wide) are answered 429 with Retry-After: 1,
    /// as Bandcamp answers bursts (api.md 7). Zero (the default) limits nothing.
    /// </summary>
    public int RateLimitPerSecond { get; init; }

    /// <summary>Loopback port to listen on; 0 picks a free one (read it back from BaseUri).</summary>
    public int Port { get; init; }
}
