using System.Runtime.CompilerServices;
using System.Text.Json;
using BandcampPS.Engine.Api;
using BandcampPS.Engine.Diagnostics;
using BandcampPS.Engine.Http;

namespace BandcampPS.Engine.Sales;

/// <summary>
/// The async sales report (api.md 5.5) as a chunk source, for ranges too large for one synchronous request: per chunk,
/// generate_sales_report → fetch_sales_report, polled with a doubling wait while Bandcamp says "Report hasn't
/// generated yet" (bounded by <see cref="AsyncReportSettings.MaxWait"/>, cancellable at any time) → a download of the
/// file without the Authorization header, following redirects, streamed through the same parser as the sync report.
/// <see cref="SalesReportService.ReadAsync"/> does the rest, exactly as for the sync report.
/// </summary>
public sealed class AsyncSalesReportSource(
    BandcampApiClient api, BandcampHttp http, TimeProvider time, AsyncReportSettings settings, IBandcampLog log) : ISalesChunkSource
{
    public const string GeneratePath = "api/sales/4/generate_sales_report";
    public const string FetchPath = "api/sales/4/fetch_sales_report";

    /// <summary>A year per report unless -ChunkDays says otherwise: few reports to wait for, each file still bounded.</summary>
    public const int DefaultChunkDays = 366;

    private static readonly TimeSpan MinimumPollDelay = TimeSpan.FromMilliseconds(10);

    public int Attempts => settings.DownloadAttempts;

    public string Describe(SalesSpan span) => $"the async sales report for {span}";

    /// <summary>Generates the chunk's report and waits for it; each attempt downloads the same file again.</summary>
    public async Task<ChunkReader> PrepareAsync(SalesReportRequest request, SalesSpan span, string description, CancellationToken cancellationToken)
    {
        var url = await GenerateAndWaitAsync(request, new DateRangeChunk(span.StartUtc, span.EndUtc), description, cancellationToken).ConfigureAwait(false);
        return (response, token) => DownloadAsync(url, request, description, response, token);
    }

    private async Task<Uri> GenerateAndWaitAsync(SalesReportRequest request, DateRangeChunk chunk, string description, CancellationToken cancellationToken)
    {
        string token;
        using (var generated = await api.PostForDocumentAsync(GeneratePath, SalesReportService.RequestBody(request, chunk),
                   $"generate_sales_report for {request.Describe()} {chunk}", cancellationToken).ConfigureAwait(false))
        {
            token = generated.RootElement.TryGetProperty("token", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() is { Length: > 0 } value
                ? value
                : throw Failed($"generate_sales_report answered without a report token for {request.Describe()} {chunk}.", request);
        }

        var fetchBody = ApiRequestBody.Object(json => json.WriteString("token", token));
        var started = time.GetUtcNow();
        var delay = Max(settings.FirstPollDelay ?? http.Settings.BaseDelay, MinimumPollDelay);
        for (var poll = 1; ; poll++)
        {
            try
            {
                using var fetched = await api.PostForDocumentAsync(FetchPath, fetchBody, $"fetch_sales_report ({description})", cancellationToken).ConfigureAwait(false);
                return DownloadUri(fetched.RootElement, request, description);
            }
            catch (BandcampApiException ex) when (IsNotReady(ex))
            {
                var waited = time.GetUtcNow() - started;
                if (waited + delay > settings.MaxWait)
                    throw new BandcampException(BandcampErrorIds.AsyncReportTimeout, BandcampErrorKind.LimitsExceeded,
                        $"Bandcamp had not generated {description} after {poll} check(s) over {waited.TotalMinutes:0.#} minute(s). " +
                        "Try again later, with a smaller -ChunkDays, or without -Async.", request);
                log.Verbose($"{description}: not generated yet (check {poll}); checking again in {delay.TotalSeconds:0.##} s.");
            }
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            delay = Min(delay * 2, settings.MaxPollDelay);
        }
    }

    /// <summary>Bandcamp's words for a report still being generated (api.md 5.5), read loosely.</summary>
    internal static bool IsNotReady(BandcampApiException ex) =>
        ex.BandcampMessage.Contains("generated yet", StringComparison.OrdinalIgnoreCase)
        || ex.BandcampMessage.Contains("not ready", StringComparison.OrdinalIgnoreCase);

    private static Uri DownloadUri(JsonElement root, SalesReportRequest request, string description)
    {
        var text = root.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            throw Failed($"fetch_sales_report gave no download address for {description}.", request);
        // The file holds buyers' details: it may come over plain http only from this machine (a local test double).
        if (url.Scheme == Uri.UriSchemeHttp && !url.IsLoopback)
            throw Failed($"fetch_sales_report gave a plain-http download address on {url.Host} for {description}; only https is used for it.", request);
        return url;
    }

    private async IAsyncEnumerable<SaleParseResult> DownloadAsync(
        Uri url, SalesReportRequest request, string description, ChunkResponse state, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // No Authorization header: the address itself is the permission, and the token must not leave for another host.
        using var response = await http.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, url), $"download of {description}", cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw Failed($"The download of {description} answered HTTP {(int)response.StatusCode}; the report may have expired. Run the command again.", request);
        state.Started = true;
        log.Verbose($"Downloading {description} from {url.Host}.");
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var row in SalesReportReader.ReadAsync(body, request.BandId, request.MemberBandId, description, cancellationToken).ConfigureAwait(false))
            yield return row;
    }

    private static BandcampException Failed(string message, SalesReportRequest request) =>
        new(BandcampErrorIds.AsyncReportFailed, BandcampErrorKind.ProtocolError, message, request);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
