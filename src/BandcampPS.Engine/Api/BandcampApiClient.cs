using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using BandcampPS.Engine.Auth;
using BandcampPS.Engine.Diagnostics;
using BandcampPS.Engine.Http;

namespace BandcampPS.Engine.Api;

/// <summary>
/// Calls /api/{module}/{version}/{method}: POST with a JSON body and a bearer token; on 401 the token is
/// renewed once and the call replayed (api.md 2.5). The error envelope in a 2xx body is checked by the callers
/// that read the body, because a large body is parsed as a stream.
/// </summary>
public sealed class BandcampApiClient(Uri baseUri, BandcampHttp http, TokenProvider tokens, IBandcampLog log)
{
    public Uri BaseUri { get; } = baseUri;

    /// <param name="bodyForLog">What the verbose log shows instead of the body, when the body may hold personal data.</param>
    public async Task<HttpResponseMessage> PostAsync(string path, byte[] jsonBody, string description, CancellationToken cancellationToken, string? bodyForLog = null)
    {
        var uri = new Uri(BaseUri, path);
        var token = await tokens.GetAccessTokenAsync(cancellationToken).ConfigureAwait(false);
        for (var renewed = false; ; renewed = true)
        {
            log.Verbose($"POST {uri.GetLeftPart(UriPartial.Path)} {bodyForLog ?? System.Text.Encoding.UTF8.GetString(jsonBody)}");
            var bearer = token;
            var response = await http.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, uri)
            {
                Headers = { Authorization = new AuthenticationHeaderValue("Bearer", bearer) },
                Content = new ByteArrayContent(jsonBody) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
            }, description, cancellationToken).ConfigureAwait(false);

            if (response.StatusCode != HttpStatusCode.Unauthorized) return response;

            var message = await ReadErrorMessageAsync(response, cancellationToken).ConfigureAwait(false);
            response.Dispose();
            if (renewed) throw new BandcampApiException(description, message ?? "the access token was refused (HTTP 401)", 401);
            log.Verbose($"Bandcamp refused the access token for {description} ({message ?? "HTTP 401"}); renewing it once.");
            token = await tokens.RenewAfterRejectionAsync(token, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Posts and reads a small JSON answer whole, throwing Bandcamp's error envelope as an exception.</summary>
    public async Task<JsonDocument> PostForDocumentAsync(string path, byte[] jsonBody, string description, CancellationToken cancellationToken, string? bodyForLog = null)
    {
        using var response = await PostAsync(path, jsonBody, description, cancellationToken, bodyForLog).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new BandcampTransportException($"{description}: Bandcamp answered HTTP {(int)response.StatusCode} with a body that is not valid JSON.", description, ex);
        }
        if (TryGetErrorEnvelope(document.RootElement, out var message))
        {
            document.Dispose();
            throw new BandcampApiException(description, message, (int)response.StatusCode);
        }
        if (!response.IsSuccessStatusCode)
        {
            document.Dispose();
            throw new BandcampTransportException($"{description}: Bandcamp answered HTTP {(int)response.StatusCode}.", description);
        }
        return document;
    }

    internal static bool TryGetErrorEnvelope(JsonElement root, out string message)
    {
        message = "";
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("error", out var error)) return false;
        if (error.ValueKind is not (JsonValueKind.True or JsonValueKind.String)) return false;
        message = root.TryGetProperty("error_message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()!
            : root.TryGetProperty("error_description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()!
            : error.ValueKind == JsonValueKind.String ? error.GetString()! : "no reason given";
        return true;
    }

    private static async Task<string?> ReadErrorMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            using var document = JsonDocument.Parse(body);
            return TryGetErrorEnvelope(document.RootElement, out var message) ? message : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
