using Microsoft.AspNetCore.Http;

namespace BandcampPS.FakeApi;

/// <summary>
/// generate_sales_report → {token}; fetch_sales_report → "Report hasn't generated yet" for the
/// first FetchNotReadyCount fetches, then {url} (api.md 5.5).
/// </summary>
internal sealed class AsyncReportEndpoints(FakeServerState state)
{
    public const string NotReadyMessage = "Report hasn't generated yet";

    public async Task GenerateAsync(HttpContext context)
    {
        state.Stats.CountGenerate();
        var (body, error) = await RequestJson.ReadObjectAsync(context);
        using var _ = body;
        if (error is not null)
        {
            await JsonResponse.ApiErrorAsync(context, state.Options.ApiErrorStatusCode, error);
            return;
        }
        state.Stats.RecordSalesReport(SalesQuery.Record(Routes.GenerateSalesReport, body!.RootElement));
        var (query, invalid) = SalesQuery.Parse(body.RootElement, state.UtcNow);
        if (query is null)
        {
            await JsonResponse.ApiErrorAsync(context, state.Options.ApiErrorStatusCode, invalid!);
            return;
        }
        var report = state.Reports.Add(query, state.Faults.FetchNotReadyCount);
        await JsonResponse.WriteAsync(context, StatusCodes.Status200OK, json => json.WriteString("token", report.Token));
    }

    public async Task FetchAsync(HttpContext context)
    {
        state.Stats.CountFetch();
        var (body, error) = await RequestJson.ReadObjectAsync(context);
        using var _ = body;
        var token = body is not null && body.RootElement.TryGetProperty("token", out var t) && t.ValueKind == System.Text.Json.JsonValueKind.String
            ? t.GetString() : null;
        var report = state.Reports.Find(token);
        var problem = error
            ?? (token is null ? "Missing required parameter: token"
            : report is null ? "Unknown report token"
            : report.FetchFindsNotReady() ? NotReadyMessage
            : null);
        if (problem is not null)
        {
            await JsonResponse.ApiErrorAsync(context, state.Options.ApiErrorStatusCode, problem);
            return;
        }
        var folder = state.Faults.RedirectReportDownloads ? Routes.ReportRedirects : Routes.Reports;
        var url = $"{context.Request.Scheme}://{context.Request.Host}{folder}/{report!.FileName}";
        await JsonResponse.WriteAsync(context, StatusCodes.Status200OK, json => json.WriteString("url", url));
    }
}
