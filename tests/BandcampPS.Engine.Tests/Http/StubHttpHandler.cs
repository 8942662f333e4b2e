using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace BandcampPS.Engine.Tests.Http;

/// <summary>Answers every request from a queue of canned responses (the last one repeats) and records the requests.</summary>
internal sealed class StubHttpHandler(params Func<HttpResponseMessage>[] answers) : HttpMessageHandler
{
    private int _next;

    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>The grant_type of each form-encoded request (token requests), in order.</summary>
    public ConcurrentQueue<string> Grants { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Enqueue($"{request.Method} {request.RequestUri!.AbsolutePath}");
        if (request.Content is FormUrlEncodedContent form)
        {
            var fields = System.Web.HttpUtility.ParseQueryString(await form.ReadAsStringAsync(cancellationToken));
            Grants.Enqueue(fields["grant_type"] ?? "");
        }
        var index = Math.Min(Interlocked.Increment(ref _next) - 1, answers.Length - 1);
        return answers[index]();
    }

    public static Func<HttpResponseMessage> Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        () => new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static Func<HttpResponseMessage> Html(string html, HttpStatusCode status) =>
        () => new HttpResponseMessage(status) { Content = new StringContent(html, Encoding.UTF8, "text/html") };

    public static Func<HttpResponseMessage> Token(string access = "access.1", string refresh = "refresh.1") =>
        Json($$"""{"ok":true,"access_token":"{{access}}","refresh_token":"{{refresh}}","token_type":"bearer","expires_in":3600}""");

    /// <summary>The token endpoint's refusal, as Bandcamp words it (api.md 2.3).</summary>
    public static Func<HttpResponseMessage> TokenError(string code) =>
        Json($$"""{"error":"{{code}}","error_description":"refused by the stub"}""", HttpStatusCode.BadRequest);
}
