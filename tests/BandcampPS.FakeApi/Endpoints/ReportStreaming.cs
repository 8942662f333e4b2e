using Microsoft.AspNetCore.Http;

namespace BandcampPS.FakeApi;

/// <summary>Writes a query's rows as the JSON report or the CSV export, straight to the response.</summary>
internal static class ReportStreaming
{
    /// <returns>False if it stopped after <paramref name="abortAfterRows"/> rows.</returns>
    public static async Task<bool> WriteJsonAsync(HttpContext context, FakeServerState state, SalesQuery query, int? abortAfterRows = null)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json; charset=utf-8";
        try
        {
            return await SalesReportJsonWriter.WriteAsync(context.Response.BodyWriter, Rows(state, query),
                state.Faults.RowStyle(state.Sales.Seed, state.Options.PayoutsHaveItemIds), abortAfterRows, state.Stats.CountRowsWritten, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return true; // the client went away; nothing to cut
        }
    }

    public static async Task WriteCsvAsync(HttpContext context, FakeServerState state, SalesQuery query)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        // No charset parameter: the BOM is what tells readers it is UTF-16.
        context.Response.ContentType = "text/csv";
        context.Response.Headers.ContentDisposition = "attachment; filename=\"sales_report.csv\"";
        try
        {
            await FakeCsvExport.WriteAsync(context.Response.Body, Rows(state, query), ct: context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
    }

    private static IEnumerable<FakeSale> Rows(FakeServerState state, SalesQuery query) =>
        state.Sales.InReportOrder(query.BandId, query.MemberBandId, query.StartUtc, query.EndUtc, state.Options.ShuffleRows)
            .Where(sale => !state.Faults.IsHidden(sale));
}
