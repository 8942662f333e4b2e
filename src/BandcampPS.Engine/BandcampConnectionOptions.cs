using BandcampPS.Engine.Auth;
using BandcampPS.Engine.Http;
using BandcampPS.Engine.Sales;

namespace BandcampPS.Engine;

public sealed record BandcampConnectionOptions
{
    public const string DefaultBaseUri = "https://bandcamp.com/";

    public required ClientCredentials Credentials { get; init; }
    public Uri BaseUri { get; init; } = new(DefaultBaseUri);

    /// <summary>Folder of the token cache; null = BANDCAMP_TOKEN_CACHE or the local application data folder.</summary>
    public string? TokenCacheFolder { get; init; }

    /// <summary>False keeps tokens in memory only (tests, or a user who wants nothing on disk).</summary>
    public bool UseTokenCache { get; init; } = true;

    public HttpSettings Http { get; init; } = new();
    public TokenSettings Tokens { get; init; } = new();
    public AsyncReportSettings AsyncReports { get; init; } = new();
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// Https, or plain http to a loopback address only (a local test double or proxy): a token must never
    /// cross a network in clear text.
    /// </summary>
    public static Uri ValidateBaseUri(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            throw new BandcampException(BandcampErrorIds.BaseUriInvalid, BandcampErrorKind.InvalidArgument,
                $"The base URI '{value}' is not an absolute http(s) URI.", value);
        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
            throw new BandcampException(BandcampErrorIds.BaseUriInsecure, BandcampErrorKind.InvalidArgument,
                $"The base URI '{value}' uses plain http to a host that is not this machine; tokens and the client secret would travel unencrypted. Use https.", value);
        var text = uri.GetLeftPart(UriPartial.Path);
        return new Uri(text.EndsWith('/') ? text : text + "/");
    }
}
