using Microsoft.AspNetCore.Http;

namespace BandcampPS.FakeApi;

/// <summary>
/// POST /api/sales/4/sales_report — the sync report, streamed (api.md 5.3, 9.7). CSV is refused
/// here since v4 (use generate_sales_report).
/// </summary>
internal sealed class SalesReportEndpoint(FakeServerState state)
{
    private const long PromisedLengthOfACutBody = 1L << 40;

    public async Task HandleAsync(HttpContext context)
    {
        var (body, error) = await RequestJson.ReadObjectAsync(context);
        using var _ = body;
        if (error is not null)
        {
            await JsonResponse.ApiErrorAsync(context, state.Options.ApiErrorStatusCode, error);
            return;
        }
        state.Stats.RecordSalesReport(SalesQuery.Record(Routes.SalesReport, body!.RootElement));
        var (query, invalid) = SalesQuery.Parse(body.RootElement, state.UtcNow);
        if (query is null)
        {
            await JsonResponse.ApiErrorAsync(context, state.Options.ApiErrorStatusCode, invalid!);
            return;
        }
        if (query.Format == "csv")
        {
            await JsonResponse.ApiErrorAsync(context, state.Options.ApiErrorStatusCode,
                "The csv format is deprecated for sales_report v4; use generate_sales_report");
            return;
        }

        var truncateAfter = state.Faults.TakeTruncation();
        // The cut: a body that promises more than it holds. Kestrel sends every byte written and then closes the
        // connection, so the client sees the first rows and then a body that breaks off mid-JSON, every time. (An
        // abort after a pause lost the race now and then on a busy machine: the rows never left.)
        if (truncateAfter is not null) context.Response.ContentLength = PromisedLengthOfACutBody;
        await ReportStreaming.WriteJsonAsync(context, state, query, truncateAfter);
    }
}
