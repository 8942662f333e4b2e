using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using BandcampPS.Engine.Diagnostics;
using Polly;
using Polly.Retry;

namespace BandcampPS.Engine.Http;

/// <summary>
/// The one way BandcampPS talks HTTP: one HttpClient for the process and one Polly pipeline
/// (retries with exponential backoff and jitter honouring Retry-After, a per-attempt timeout), with a
/// <see cref="RateLimitGate"/> between the two, so a 429 to one request pauses every request of the connection.
/// HTML answers fail with what they mean (<see cref="WebPageAnswer"/>): a block or challenge of Bandcamp's edge at once,
/// a server error page after the retries, a plain web page as a wrong base URI.
/// </summary>
public sealed class BandcampHttp
{
    private static readonly Lazy<HttpClient> Shared = new(CreateClient);

    private readonly HttpClient _client;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly IBandcampLog _log;
    private readonly Uri? _apiBaseUri;
    private readonly RateLimitGate _gate;

    /// <param name="apiBaseUri">The API's base URI, named when an answer is a plain web page (a wrong -BaseUri).</param>
    public BandcampHttp(HttpSettings settings, TimeProvider time, IBandcampLog log, HttpClient? client = null, Uri? apiBaseUri = null)
    {
        _client = client ?? Shared.Value;
        _log = log;
        _apiBaseUri = apiBaseUri;
        Settings = settings;
        _gate = new RateLimitGate(time);
        _pipeline = BuildPipeline(settings, time);
    }

    public HttpSettings Settings { get; }

    /// <summary>Names the module and its version, so Bandcamp can tell who is calling.</summary>
    public static string UserAgent { get; } =
        $"BandcampPS/{typeof(BandcampHttp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0"} " +
        $"(PowerShell module; .NET {Environment.Version})";

    /// <summary>
    /// Sends the request made by <paramref name="createRequest"/> (called again for each attempt, since a request
    /// cannot be sent twice) and returns the response once its headers arrive; the body is left to stream.
    /// </summary>
    /// <param name="failOnHtml">
    /// True (Bandcamp's API): an HTML answer fails as a block, a server error or a wrong base URI. False for
    /// downloads from elsewhere (the ECB rates), whose callers check the body themselves.
    /// </param>
    public async Task<HttpResponseMessage> SendAsync(
        Func<HttpRequestMessage> createRequest, string description, CancellationToken cancellationToken, bool failOnHtml = true)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            context.Properties.Set(DescriptionKey, description);
            var outcome = await _pipeline.ExecuteOutcomeAsync(
                static async (ctx, state) =>
                {
                    try
                    {
                        using var request = state.createRequest();
                        request.Headers.UserAgent.Clear();
                        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
                        var response = await state.client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ctx.CancellationToken).ConfigureAwait(false);
                        return Outcome.FromResult(response);
                    }
                    catch (Exception ex)
                    {
                        return Outcome.FromException<HttpResponseMessage>(ex);
                    }
                },
                context,
                (createRequest, client: _client)).ConfigureAwait(false);

            if (outcome.Exception is { } error)
            {
                cancellationToken.ThrowIfCancellationRequested();
                throw new BandcampTransportException(
                    $"{description} failed after {AttemptsMade(context)} attempt(s): {error.Message}", description, error);
            }

            var response = outcome.Result!;
            if (failOnHtml) await ThrowIfHtmlAsync(response, description, AttemptsMade(context), cancellationToken).ConfigureAwait(false);
            return response;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static readonly ResiliencePropertyKey<string> DescriptionKey = new("BandcampPS.Description");

    /// <summary>
    /// How many attempts were sent, counted where each retry is decided: what is not retried (a 4xx, a host name
    /// that does not resolve, any retries turned off) was sent once, whatever the settings allow.
    /// </summary>
    private static readonly ResiliencePropertyKey<int> AttemptsKey = new("BandcampPS.Attempts");

    private static int AttemptsMade(ResilienceContext context) => context.Properties.GetValue(AttemptsKey, 1);

    private ResiliencePipeline<HttpResponseMessage> BuildPipeline(HttpSettings settings, TimeProvider time) =>
        new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Math.Max(settings.MaxRetries, 0) is 0 ? 1 : settings.MaxRetries,
                ShouldHandle = args => ValueTask.FromResult(settings.MaxRetries > 0 && BandcampRetryRules.IsTransient(args.Outcome)),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.BaseDelay,
                MaxDelay = settings.MaxDelay,
                DelayGenerator = args => ValueTask.FromResult(
                    BandcampRetryRules.RetryAfter(args.Outcome.Result, time.GetUtcNow(), settings.MaxRetryAfter)),
                OnRetry = args =>
                {
                    var what = args.Outcome.Exception?.Message ?? $"HTTP {(int)args.Outcome.Result!.StatusCode}";
                    args.Outcome.Result?.Dispose();
                    args.Context.Properties.TryGetValue(DescriptionKey, out var description);
                    // AttemptNumber counts retries from 0, so the attempt about to be sent is AttemptNumber + 2.
                    args.Context.Properties.Set(AttemptsKey, args.AttemptNumber + 2);
                    _log.Verbose($"{description}: {what}; retry {args.AttemptNumber + 1} of {settings.MaxRetries} in {args.RetryDelay.TotalSeconds:0.##} s.");
                    return default;
                },
            })
            // Inside the retries, so every attempt passes it; outside the timeout, which must not count a pause.
            .AddStrategy(_ => new GateStrategy(_gate, settings, time), new GateOptions())
            .AddTimeout(settings.AttemptTimeout)
            .Build();

    /// <summary>Each attempt waits at the gate before it is sent and tells the gate how it was answered.</summary>
    private sealed class GateStrategy(RateLimitGate gate, HttpSettings settings, TimeProvider time) : ResilienceStrategy<HttpResponseMessage>
    {
        protected override async ValueTask<Outcome<HttpResponseMessage>> ExecuteCore<TState>(
            Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback, ResilienceContext context, TState state)
        {
            IDisposable? slot;
            try
            {
                slot = await gate.EnterAsync(context.CancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex)
            {
                return Outcome.FromException<HttpResponseMessage>(ex);
            }
            using (slot)
            {
                var outcome = await callback(context, state).ConfigureAwait(false);
                gate.Observe(outcome.Result, BandcampRetryRules.RetryAfter(outcome.Result, time.GetUtcNow(), settings.MaxRetryAfter) ?? settings.BaseDelay);
                return outcome;
            }
        }
    }

    private sealed class GateOptions : ResilienceStrategyOptions
    {
        public GateOptions() => Name = "BandcampPS.RateLimitGate";
    }

    private async Task ThrowIfHtmlAsync(HttpResponseMessage response, string description, int attempts, CancellationToken cancellationToken)
    {
        if (!WebPageAnswer.IsWebPage(response.Content.Headers.ContentType?.MediaType)) return;
        string page;
        try
        {
            page = await ReadStartAsync(response.Content, WebPageAnswer.SampleChars, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            response.Dispose();
        }
        throw WebPageAnswer.Classify((int)response.StatusCode, page, description, attempts, _apiBaseUri);
    }

    private static async Task<string> ReadStartAsync(HttpContent content, int maxChars, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream);
        var buffer = new char[maxChars];
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
        return new string(buffer, 0, read);
    }

    private static HttpClient CreateClient()
    {
        var handler = new SocketsHttpHandler
        {
            // Long-lived client, so let DNS changes be picked up.
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            AutomaticDecompression = DecompressionMethods.All,
        };
        return new HttpClient(handler)
        {
            // The pipeline owns timeouts per attempt; a long report body must not be cut by HttpClient's default 100 s.
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestHeaders = { Accept = { new MediaTypeWithQualityHeaderValue("application/json") } },
        };
    }
}
