using System.Net;
using BandcampPS.Engine.Http;

namespace BandcampPS.Engine.Tests.Http;

/// <summary>The one HTTP pipeline against canned answers: what a web page instead of JSON means, and retry waits on the fake clock.</summary>
public sealed class BandcampHttpTests
{
    private static readonly Uri Base = new("https://proxy.example/bandcamp/");
    private const string Varnish = "<html><head><title>403 Forbidden</title></head><body><h3>Error 54113</h3><p>Varnish cache server</p></body></html>";
    private const string Challenge = "<html lang=\"en\"><head><title>Client Challenge</title></head><body><script src=\"/_fs-ch-1T1wmsGaOgGaSxcX/script.js\"></script></body></html>";
    private const string ServerError = "<html><head><title>503 Service Unavailable</title></head><body>Try later</body></html>";
    private const string Nginx = "<html><head><title>Welcome to nginx!</title></head><body>It works</body></html>";
    private readonly CollectingLog _log = new();

    private async Task<BandcampException> FailureOf(StubHttpHandler handler, int maxRetries = 2)
    {
        var http = new BandcampHttp(new HttpSettings { MaxRetries = maxRetries, BaseDelay = TimeSpan.Zero }, TimeProvider.System, _log, new HttpClient(handler), Base);
        return await Assert.ThrowsAnyAsync<BandcampException>(() =>
            http.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, new Uri(Base, "api/account/1/my_bands")), "my_bands", default));
    }

    [Fact]
    public async Task A_server_error_page_after_the_retries_is_a_server_error_not_a_block()
    {
        var handler = new StubHttpHandler(StubHttpHandler.Html(ServerError, HttpStatusCode.ServiceUnavailable));

        var error = await FailureOf(handler, maxRetries: 2);

        Assert.Equal(BandcampErrorIds.ServerError, error.ErrorId);
        Assert.Equal(BandcampErrorKind.ResourceUnavailable, error.Kind);
        Assert.Contains("HTTP 503, '503 Service Unavailable'", error.Message);
        Assert.Contains("after 3 attempt(s)", error.Message);
        Assert.Contains("Try again later", error.Message);
        Assert.DoesNotContain("block", error.Message.Replace("not a block", ""));
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task A_host_name_that_does_not_resolve_is_sent_once_and_says_one_attempt()
    {
        var handler = new StubHttpHandler(() => throw new HttpRequestException(HttpRequestError.NameResolutionError, "Name or service not known (proxy.example:443)"));

        var error = await FailureOf(handler, maxRetries: 3);

        Assert.IsType<BandcampTransportException>(error);
        Assert.Contains("my_bands failed after 1 attempt(s)", error.Message);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_network_error_that_outlasts_the_retries_says_how_many_attempts_were_sent()
    {
        var handler = new StubHttpHandler(() => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused"));

        var error = await FailureOf(handler, maxRetries: 2);

        Assert.Contains("my_bands failed after 3 attempt(s)", error.Message);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task The_varnish_403_page_is_a_block_and_is_not_retried()
    {
        var handler = new StubHttpHandler(StubHttpHandler.Html(Varnish, HttpStatusCode.Forbidden));

        var error = await FailureOf(handler);

        Assert.Equal(BandcampErrorIds.Blocked, error.ErrorId);
        Assert.Contains("'403 Forbidden'", error.Message);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Bandcamps_client_challenge_with_200_is_a_block()
    {
        var error = await FailureOf(new StubHttpHandler(StubHttpHandler.Html(Challenge, HttpStatusCode.OK)));

        Assert.Equal(BandcampErrorIds.Blocked, error.ErrorId);
        Assert.Contains("Client Challenge", error.Message);
    }

    [Theory]
    [InlineData(HttpStatusCode.OK)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.MethodNotAllowed)]
    public async Task Any_other_web_page_suggests_a_wrong_base_uri_and_names_it_and_bandcamps(HttpStatusCode status)
    {
        var handler = new StubHttpHandler(StubHttpHandler.Html(Nginx, status));

        var error = await FailureOf(handler);

        Assert.Equal(BandcampErrorIds.BaseUriNotApi, error.ErrorId);
        Assert.Equal(BandcampErrorKind.InvalidArgument, error.Kind);
        Assert.Contains($"HTTP {(int)status}, 'Welcome to nginx!'", error.Message);
        Assert.Contains(Base.AbsoluteUri, error.Message);
        Assert.Contains("https://bandcamp.com/", error.Message);
        Assert.Contains("-BaseUri", error.Message);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_json_answer_is_handed_back_whatever_its_status()
    {
        var http = new BandcampHttp(new HttpSettings { MaxRetries = 0 }, TimeProvider.System, _log,
            new HttpClient(new StubHttpHandler(StubHttpHandler.Json("""{"error":true}""", HttpStatusCode.NotFound))), Base);

        using var response = await http.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, Base), "x", default);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_429_is_retried_after_exactly_the_wait_its_Retry_After_asks_for()
    {
        var time = new SignallingTimeProvider();
        var settings = new HttpSettings();
        var limited = () =>
        {
            var response = StubHttpHandler.Json("""{"error":true,"error_message":"Too many requests"}""", HttpStatusCode.TooManyRequests)();
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(3));
            return response;
        };
        var handler = new StubHttpHandler(limited, StubHttpHandler.Json("{}"));
        var http = new BandcampHttp(settings, time, _log, new HttpClient(handler), Base);

        var sending = http.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, Base), "my_bands", default);

        // The retry's wait is a timer on the fake clock: its length is what Retry-After asked, and nothing moves until the clock does.
        Assert.Equal(TimeSpan.FromSeconds(3), await time.NextTimerAsync(ignored: settings.AttemptTimeout));
        Assert.False(sending.IsCompleted);
        Assert.Single(handler.Requests);
        time.Advance(TimeSpan.FromSeconds(3));
        using var response = await sending;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, handler.Requests.Count);
        Assert.Contains(_log.Verbose, v => v.Contains("HTTP 429") && v.Contains("in 3 s"));
    }
}
