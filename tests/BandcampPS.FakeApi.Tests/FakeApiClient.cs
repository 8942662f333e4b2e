using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace BandcampPS.FakeApi.Tests;

/// <summary>A deliberately plain HTTP client for the tests: no retries, nothing hidden.</summary>
internal sealed class FakeApiClient : IDisposable
{
    private readonly FakeBandcampServer _server;

    public FakeApiClient(FakeBandcampServer server, bool followRedirects = true)
    {
        _server = server;
        Http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = followRedirects }) { BaseAddress = server.BaseUri };
        Http.DefaultRequestHeaders.UserAgent.ParseAdd("BandcampPS.FakeApi.Tests/1.0");
    }

    public HttpClient Http { get; }

    public Task<HttpResponseMessage> PostTokenAsync(params (string Name, string Value)[] fields) =>
        Http.PostAsync("oauth_token", new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))));

    public Task<HttpResponseMessage> ClientCredentialsAsync(string? secret = null) => PostTokenAsync(
        ("grant_type", "client_credentials"), ("client_id", _server.Options.ClientId), ("client_secret", secret ?? _server.ClientSecret));

    public Task<HttpResponseMessage> RefreshAsync(string refreshToken) => PostTokenAsync(
        ("grant_type", "refresh_token"), ("refresh_token", refreshToken),
        ("client_id", _server.Options.ClientId), ("client_secret", _server.ClientSecret));

    /// <summary>A client_credentials grant that must succeed; returns (access, refresh).</summary>
    public async Task<(string Access, string Refresh)> GrantAsync()
    {
        using var response = await ClientCredentialsAsync();
        var json = await ReadJsonAsync(response);
        Assert.True(json.GetProperty("ok").GetBoolean(), json.ToString());
        return (json.GetProperty("access_token").GetString()!, json.GetProperty("refresh_token").GetString()!);
    }

    public Task<HttpResponseMessage> PostApiAsync(string path, string? accessToken, string body = "{}",
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead, CancellationToken ct = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path.TrimStart('/'))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (accessToken is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return Http.SendAsync(request, completion, ct);
    }

    /// <summary>Grants a token and posts a sales_report body, returning the parsed answer.</summary>
    public async Task<JsonElement> SalesReportAsync(string body, string? accessToken = null)
    {
        accessToken ??= (await GrantAsync()).Access;
        using var response = await PostApiAsync(Routes.SalesReport, accessToken, body);
        return await ReadJsonAsync(response);
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static string ReportBody(long bandId, string start, string? end = null, long? member = null, string? format = null)
    {
        var parts = new List<string> { $"\"band_id\":{bandId}", $"\"start_time\":\"{start}\"" };
        if (end is not null) parts.Add($"\"end_time\":\"{end}\"");
        if (member is not null) parts.Add($"\"member_band_id\":{member}");
        if (format is not null) parts.Add($"\"format\":\"{format}\"");
        return "{" + string.Join(",", parts) + "}";
    }

    public void Dispose() => Http.Dispose();
}
