using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace BandcampPS.FakeApi;

/// <summary>
/// Every /api/ method is POST with a bearer token (api.md 1, 2.5). A missing, unknown or expired
/// token is HTTP 401 with the general error envelope.
/// </summary>
internal sealed class ApiGuardMiddleware(TokenAuthority tokens, FakeStats stats)
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!context.Request.Path.StartsWithSegments(Routes.ApiPrefix, StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.Headers.Allow = "POST";
            await JsonResponse.ApiErrorAsync(context, StatusCodes.Status405MethodNotAllowed, "API methods must be called with POST");
            return;
        }

        var header = context.Request.Headers.Authorization.ToString();
        var space = header.IndexOf(' ');
        var scheme = header.Length == 0 ? null : space < 0 ? header : header[..space];
        stats.RecordAuthorizationScheme(scheme);
        var token = space < 0 ? "" : header[(space + 1)..].Trim();

        if (!string.Equals(scheme, "Bearer", StringComparison.OrdinalIgnoreCase) || token.Length == 0)
        {
            await UnauthorizedAsync(context, "No access token supplied");
            return;
        }
        if (!tokens.IsAccessTokenValid(token))
        {
            await UnauthorizedAsync(context, "invalid or expired access token");
            return;
        }
        await next(context);
    }

    private static Task UnauthorizedAsync(HttpContext context, string message)
    {
        context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        return JsonResponse.ApiErrorAsync(context, StatusCodes.Status401Unauthorized, message);
    }
}
