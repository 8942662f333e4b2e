using BandcampPS.Engine.Api;
using BandcampPS.Engine.Auth;
using BandcampPS.Engine.Bands;
using BandcampPS.Engine.Diagnostics;
using BandcampPS.Engine.Http;
using BandcampPS.Engine.Merch;
using BandcampPS.Engine.Sales;

namespace BandcampPS.Engine;

/// <summary>
/// One Bandcamp API client's session: its token provider and the API calls. What Connect-Bandcamp returns;
/// its ToString and properties never include the secret or a token.
/// </summary>
/// <remarks>
/// Scripts hold this object (Connect-Bandcamp -PassThru, -Connection), so only what they read is public: ClientId,
/// BaseUri, TokenCachePath and TokenExpiresAt. Creating one and calling the API is the cmdlets' work (internal, visible
/// to the cmdlet assembly, the tests and the benchmark): a script that called GetSalesAsync would block on a task,
/// bypass the pipeline's cancellation and errors, and tie itself to methods that may change.
/// </remarks>
public sealed class BandcampConnection
{
    private readonly TokenProvider _tokens;
    private readonly BandcampApiClient _api;
    private readonly SalesReportService _sales;
    private readonly AsyncSalesReportSource _generatedReports;

    internal BandcampConnection(BandcampConnectionOptions options, IBandcampLog? log = null)
    {
        log ??= AmbientLog.Instance;
        ClientId = options.Credentials.ClientId;
        BaseUri = options.BaseUri;
        var http = new BandcampHttp(options.Http, options.Time, log, apiBaseUri: BaseUri);
        var cache = options.UseTokenCache
            ? new TokenCacheFile(TokenCacheFile.ResolvePath(options.TokenCacheFolder, ClientId, BaseUri), ClientId, BaseUri, log)
            : null;
        TokenCachePath = cache?.FilePath;
        _tokens = new TokenProvider(options.Credentials, cache, new TokenEndpoint(BaseUri, http, options.Time, log), options.Time, log, options.Tokens);
        _api = new BandcampApiClient(BaseUri, http, _tokens, log);
        _sales = new SalesReportService(_api, log);
        _generatedReports = new AsyncSalesReportSource(_api, http, options.Time, options.AsyncReports, log);
        Merch = new MerchOrdersClient(_api, log);
    }

    public string ClientId { get; }
    public Uri BaseUri { get; }
    public string? TokenCachePath { get; }
    public DateTimeOffset? TokenExpiresAt => _tokens.ExpiresAt;

    /// <summary>Makes sure a valid token is at hand (from the cache, a refresh, or a new grant).</summary>
    internal Task ConnectAsync(CancellationToken cancellationToken) => _tokens.GetAccessTokenAsync(cancellationToken);

    internal async Task<IReadOnlyList<BandcampBand>> GetBandsAsync(bool includeMemberBands, CancellationToken cancellationToken)
    {
        using var document = await _api.PostForDocumentAsync("api/account/1/my_bands", "{}"u8.ToArray(), "my_bands", cancellationToken).ConfigureAwait(false);
        return MyBandsParser.Parse(document.RootElement, includeMemberBands);
    }

    internal IAsyncEnumerable<SaleParseResult> GetSalesAsync(SalesReportRequest request, IProgress<SalesChunkProgress>? progress, CancellationToken cancellationToken) =>
        _sales.GetSalesAsync(request, progress, cancellationToken);

    /// <summary>The same sales as <see cref="GetSalesAsync"/>, through Bandcamp's async report (generate, fetch, download).</summary>
    internal IAsyncEnumerable<SaleParseResult> GetSalesFromGeneratedReportAsync(SalesReportRequest request, IProgress<SalesChunkProgress>? progress, CancellationToken cancellationToken) =>
        _sales.ReadAsync(request, _generatedReports, progress, cancellationToken);

    /// <summary>For tests and the benchmark: the API client, to read through a differently tuned <see cref="SalesReportService"/>.</summary>
    internal BandcampApiClient Api => _api;

    /// <summary>Merch, shipping origins and orders (the merchorders API).</summary>
    internal MerchOrdersClient Merch { get; }

    /// <summary>Forgets the token; with <paramref name="deleteTokenCache"/> also deletes the cache file. True when a file was deleted.</summary>
    internal bool Forget(bool deleteTokenCache) => _tokens.Forget(deleteTokenCache);

    public override string ToString() => $"Bandcamp client {ClientId} at {BaseUri}";
}
