using System.Text.Json;
using BandcampPS.Engine.Diagnostics;
using BandcampPS.Engine.Http;

namespace BandcampPS.Engine.Auth;

/// <summary>
/// Bandcamp's /oauth_token: the client_credentials grant and the refresh_token grant, form-encoded
/// (the secret and refresh token contain + / =). The JSON body is read whatever the HTTP status,
/// because Bandcamp's status codes for token errors are undocumented.
/// </summary>
public sealed class TokenEndpoint(Uri baseUri, BandcampHttp http, TimeProvider time, IBandcampLog log)
{
    public const string DuplicateGrant = "duplicate_grant";

    private readonly Uri _tokenUri = new(baseUri, "oauth_token");

    public Task<OAuthToken> RequestClientCredentialsAsync(ClientCredentials credentials, CancellationToken cancellationToken) =>
        RequestAsync("client_credentials", credentials,
            [new("grant_type", "client_credentials"), new("client_id", credentials.ClientId), new("client_secret", credentials.Secret)],
            cancellationToken);

    public Task<OAuthToken> RefreshAsync(ClientCredentials credentials, string refreshToken, CancellationToken cancellationToken) =>
        RequestAsync("refresh_token", credentials,
            [new("grant_type", "refresh_token"), new("refresh_token", refreshToken), new("client_id", credentials.ClientId), new("client_secret", credentials.Secret)],
            cancellationToken);

    private async Task<OAuthToken> RequestAsync(string grant, ClientCredentials credentials, KeyValuePair<string, string>[] form, CancellationToken cancellationToken)
    {
        log.Verbose($"POST {_tokenUri.GetLeftPart(UriPartial.Path)} ({grant} grant for client {credentials.ClientId})");
        using var response = await http.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, _tokenUri) { Content = new FormUrlEncodedContent(form) },
            "the token request", cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return Parse(body, (int)response.StatusCode, time.GetUtcNow());
    }

    internal static OAuthToken Parse(byte[] body, int statusCode, DateTimeOffset now)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new BandcampTransportException($"The token endpoint answered HTTP {statusCode} with a body that is not JSON.", "oauth_token", ex);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new BandcampTransportException($"The token endpoint answered HTTP {statusCode} with JSON that is not an object.", "oauth_token");

            if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String)
            {
                var code = error.GetString()!;
                var description = root.TryGetProperty("error_description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
                throw new BandcampTokenException(code, description, $"Bandcamp refused the token request: {code}{(description is null ? "" : $" ({description})")}.");
            }

            if (!root.TryGetProperty("access_token", out var access) || access.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(access.GetString()))
                throw new BandcampTransportException($"The token endpoint answered HTTP {statusCode} without an access token.", "oauth_token");

            var refresh = root.TryGetProperty("refresh_token", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            var lifetime = root.TryGetProperty("expires_in", out var e) && e.TryGetInt64(out var seconds) && seconds > 0 ? seconds : 3600;
            return new OAuthToken(access.GetString()!, refresh, now.AddSeconds(lifetime));
        }
    }
}
