using Microsoft.AspNetCore.Http;

namespace BandcampPS.FakeApi;

/// <summary>
/// GET /reports/{token}.json|csv — the generated file, without authorisation (api.md 5.5 step 3);
/// GET /download/… answers 302 to it.
/// </summary>
internal sealed class ReportDownloadEndpoint(FakeServerState state)
{
    public async Task DownloadAsync(HttpContext context)
    {
        CountAuthorization(context);
        var report = state.Reports.FindFile(context.Request.RouteValues["file"] as string ?? "");
        if (report is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        state.Stats.CountDownload();
        if (report.Query.Format == "csv") await ReportStreaming.WriteCsvAsync(context, state, report.Query);
        else await ReportStreaming.WriteJsonAsync(context, state, report.Query);
    }

    public Task RedirectAsync(HttpContext context)
    {
        CountAuthorization(context);
        var file = context.Request.RouteValues["file"] as string ?? "";
        context.Response.StatusCode = StatusCodes.Status302Found;
        context.Response.Headers.Location = $"{Routes.Reports}/{Uri.EscapeDataString(file)}";
        return Task.CompletedTask;
    }

    // The file is served without authorisation; a client that sends its bearer token here leaks it to another host.
    private void CountAuthorization(HttpContext context)
    {
        if (context.Request.Headers.Authorization.Count > 0) state.Stats.CountAuthorizedDownload();
    }
}
