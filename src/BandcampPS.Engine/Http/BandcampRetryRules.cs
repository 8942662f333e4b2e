using System.Net;
using Polly;
using Polly.Timeout;

namespace BandcampPS.Engine.Http;

/// <summary>
/// The retry decisions of the one HTTP pipeline, kept apart from Polly's plumbing so they are unit-testable.
/// </summary>
public static class BandcampRetryRules
{
    /// <summary>Transient: 408, 429, 5xx, network errors and per-attempt timeouts. Never 4xx otherwise, never HTML blocks, never a host name that does not resolve.</summary>
    public static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome.Exception switch
    {
        null => IsTransientStatus(outcome.Result!.StatusCode),
        // A host name that does not resolve (most often a machine without internet or DNS) will not resolve within
        // the seconds a retry waits; failing at once lets the error say what to do instead of retrying for 40 s.
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } => false,
        HttpRequestException => true,
        TimeoutRejectedException => true,
        // A timeout raised by HttpClient itself; a user's cancellation is an OperationCanceledException
        // too, but Polly never retries once the caller's token is cancelled.
        TaskCanceledException tce when tce.InnerException is TimeoutException => true,
        IOException => true,
        _ => false,
    };

    public static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>
    /// The wait a response asks for with Retry-After (seconds or an HTTP date), clipped to <paramref name="max"/>;
    /// null when it asks for nothing, so the exponential backoff applies.
    /// </summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage? response, DateTimeOffset now, TimeSpan max)
    {
        var header = response?.Headers.RetryAfter;
        if (header is null) return null;
        var wait = header.Delta ?? (header.Date is { } date ? date - now : null);
        if (wait is null) return null;
        if (wait < TimeSpan.Zero) return TimeSpan.Zero;
        return wait > max ? max : wait;
    }
}
