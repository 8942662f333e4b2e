using Microsoft.AspNetCore.Http;

namespace BandcampPS.FakeApi;

/// <summary>Counts every request first, so even faulted ones show up in <see cref="FakeStats"/>.</summary>
internal sealed class StatsMiddleware(FakeStats stats)
{
    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path;
        stats.RecordUserAgent(context.Request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua : null);
        if (path.Equals(Routes.Token, StringComparison.OrdinalIgnoreCase)) stats.CountTokenRequest();
        else if (path.StartsWithSegments(Routes.ApiPrefix, StringComparison.OrdinalIgnoreCase)) stats.CountApiRequest(path.Value!);
        return next(context);
    }
}
