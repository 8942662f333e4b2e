using Microsoft.AspNetCore.Http;

namespace BandcampPS.FakeApi;

/// <summary>Counts every request first, so even faulted ones show up in <see cref="FakeStats"/>.</summary>
internal sealed class StatsMiddleware(FakeStats stats)
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path;
        stats.RecordUserAgent(context.Request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua : null);
        if (path.Equals(Routes.Token, StringComparison.OrdinalIgnoreCase)) stats.CountTokenRequest();
        else if (path.StartsWithSegments(Routes.ApiPrefix, StringComparison.OrdinalIgnoreCase))
        {
            stats.CountApiRequest(path.Value!);
            // In flight from arrival until the whole answer is written: what a client keeps open at once.
            stats.BeginApiRequest();
            try { await next(context); }
            finally { stats.EndApiRequest(); }
            return;
        }
        await next(context);
    }
}
