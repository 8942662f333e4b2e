namespace BandcampPS.Engine;

/// <summary>
/// The module's settings from the environment, read here and nowhere else: each variable's name (for messages and
/// help, listed in about_BandcampPS) and its value. A variable set to blank counts as not set, so a scheduler's empty
/// <c>BANDCAMP_DATABASE=</c> line means the default rather than a file named "".
/// </summary>
public static class BandcampEnvironment
{
    /// <summary>The API client id, when Connect-Bandcamp is given no credentials.</summary>
    public const string ClientIdVariable = "BANDCAMP_CLIENT_ID";

    /// <summary>The API client secret, likewise. Never written anywhere.</summary>
    public const string ClientSecretVariable = "BANDCAMP_CLIENT_SECRET";

    /// <summary>The API's base URI when -BaseUri is not given.</summary>
    public const string BaseUriVariable = "BANDCAMP_BASE_URI";

    /// <summary>The token cache folder when -TokenCachePath is not given.</summary>
    public const string TokenCacheVariable = "BANDCAMP_TOKEN_CACHE";

    /// <summary>The SQLite revenue database when neither -Database nor -ConnectionString is given.</summary>
    public const string DatabaseVariable = "BANDCAMP_DATABASE";

    /// <summary>The exchange rate cache file (or a folder for it) when -ExchangeRatePath is not given.</summary>
    public const string ExchangeRatePathVariable = "BANDCAMP_EXCHANGE_RATE_PATH";

    /// <summary>A mirror to download the ECB rates from instead of the ECB (a server without internet, a company proxy).</summary>
    public const string ExchangeRateUriVariable = "BANDCAMP_EXCHANGE_RATE_URI";

    /// <summary>Every variable the module reads.</summary>
    public static IReadOnlyList<string> Variables { get; } =
    [
        ClientIdVariable, ClientSecretVariable, BaseUriVariable, TokenCacheVariable, DatabaseVariable,
        ExchangeRatePathVariable, ExchangeRateUriVariable,
    ];

    public static string? ClientId => Read(ClientIdVariable);
    public static string? ClientSecret => Read(ClientSecretVariable);
    public static string? BaseUri => Read(BaseUriVariable);
    public static string? TokenCacheFolder => Read(TokenCacheVariable);
    public static string? DatabasePath => Read(DatabaseVariable);
    public static string? ExchangeRatePath => Read(ExchangeRatePathVariable);
    public static string? ExchangeRateUri => Read(ExchangeRateUriVariable);

    private static string? Read(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { } value && !string.IsNullOrWhiteSpace(value) ? value : null;
}
