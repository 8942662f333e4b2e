using Microsoft.AspNetCore.Http;

namespace BandcampPS.FakeApi;

/// <summary>
/// Applies the armed request faults on every path (the token endpoint and report downloads too), in
/// a fixed order: hold, delay, then rate limit, server error, edge block, challenge. A request consumes
/// only the knobs it reaches.
/// </summary>
internal sealed class FaultMiddleware(FakeFaults faults)
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path.Value;
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
