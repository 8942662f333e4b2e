using Microsoft.AspNetCore.Http;

namespace BandcampPS.FakeApi;

/// <summary>
/// Applies the armed request faults on every path (the token endpoint and report downloads too), in
/// a fixed order: hold, delay, then rate limit, server error, edge block, challenge. A request consumes
/// only the knobs it reaches. Before them, the constant behaviour of the options on API calls: the answer delay, then
/// the per-second limit. Delays run on the server's clock (<see cref="FakeBandcampOptions.TimeProvider"/>).
/// </summary>
internal sealed class FaultMiddleware(FakeServerState state)
{
    private readonly RequestRateLimit? _perSecond = state.Options.RateLimitPerSecond > 0
        ? new RequestRateLimit(state.Options.RateLimitPerSecond, state.Options.TimeProvider)
        : null;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var (faults, options) = (state.Faults, state.Options);
        var path = context.Request.Path.Value;
        if (context.Request.Path.StartsWithSegments(Routes.ApiPrefix))
        {
            if (options.ResponseDelay > TimeSpan.Zero)
            {
                try { await Task.Delay(options.ResponseDelay, options.TimeProvider, context.RequestAborted); }
                catch (OperationCanceledException) { return; }
            }
            if (_perSecond?.TryAdmit() == false)
            {
                context.Response.Headers.RetryAfter = "1";
                await JsonResponse.ApiErrorAsync(context, StatusCodes.Status429TooManyRequests, "Too many requests. Please slow down.");
                return;
            }
        }

        if (faults.Hold.TryTake(path, out _))
        {
            try { await faults.WaitAtGateAsync(context.RequestAborted); }
            catch (OperationCanceledException) { return; }
        }

        if (faults.Delay.TryTake(path, out var delay))
        {
            // The timer starts before the hold is signalled, so a test that moves the clock on the signal moves this one.
            var waiting = Task.Delay(delay, state.Options.TimeProvider, context.RequestAborted);
            var held = state.Stats.Hold(context.Request.Path);
            try
            {
                await waiting;
                held.End(clientGaveUp: false);
            }
            catch (OperationCanceledException)
            {
                held.End(clientGaveUp: true);
                return; // nothing left to answer
            }
        }

        if (faults.RateLimit.TryTake(path, out var retryAfter))
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await JsonResponse.ApiErrorAsync(context, StatusCodes.Status429TooManyRequests, "Too many requests. Please slow down.");
            return;
        }

        if (faults.ServerError.TryTake(path, out var status))
        {
            await WriteHtmlAsync(context, status, EdgePages.ServerError(status));
            return;
        }

        if (faults.HtmlBlock.TryTake(path, out _))
        {
            await WriteHtmlAsync(context, StatusCodes.Status403Forbidden, EdgePages.VarnishForbidden);
            return;
        }

        if (faults.Challenge.TryTake(path, out _))
        {
            await WriteHtmlAsync(context, StatusCodes.Status200OK, EdgePages.ClientChallenge);
            return;
        }

        await next(context);
    }

    private static Task WriteHtmlAsync(HttpContext context, int status, string html)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(html, context.RequestAborted);
    }
}
