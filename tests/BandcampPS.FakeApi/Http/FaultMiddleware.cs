using Microsoft.AspNetCore.Http;

namespace BandcampPS.FakeApi;

/// <summary>
/// Applies the armed request faults on every path (the token endpoint and report downloads too), in
/// a fixed order: hold, delay, then rate limit, server error, edge block, challenge. A request consumes
/// only the knobs it reaches. Before them, the constant behaviour of the options on API calls: the answer delay, then
/// the per-second limit.
/// </summary>
internal sealed class FaultMiddleware(FakeFaults faults, FakeBandcampOptions options)
{
    private readonly RequestRateLimit? _perSecond = options.RateLimitPerSecond > 0 ? new RequestRateLimit(options.RateLimitPerSecond, options.TimeProvider) : null;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
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
            try { await Task.Delay(delay, context.RequestAborted); }
            catch (OperationCanceledException) { return; } // the client gave up; nothing left to answer
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
