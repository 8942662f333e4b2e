using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace BandcampPS.FakeApi;

/// <summary>
/// The fault knobs and stats over loopback HTTP, so a script or a second process (a Pester test, a fault matrix
/// run in a real pwsh) can drive a fake it did not start in-process:
/// <c>POST /_fake/faults/{knob}?requests=2&amp;value=3[&amp;skip=K][&amp;path=/api/...]</c>, <c>POST /_fake/reset</c>,
/// <c>GET /_fake/stats</c>, and two files (<see cref="FakeDownloads"/>): <c>GET /_fake/csv-export?band_id=N</c>,
/// <c>GET /_fake/ecb/eurofxref-hist.zip</c>.
/// Answered before the fault, stats and token middleware, so control calls are never faulted or counted.
/// Not part of Bandcamp's API: the product must never call it.
/// </summary>
internal sealed class FakeControlEndpoint(FakeServerState state, Action<string> regenerateClient, Action expireTokens)
{
    public const string Prefix = "/_fake";

    /// <summary>Every knob by name, each reading its arguments from the query string.</summary>
    private readonly Dictionary<string, Action<IQueryCollection>> _knobs = new(StringComparer.OrdinalIgnoreCase)
    {
        ["rate-limit"] = q => state.Faults.RateLimitNext(Int(q, "requests", 1), Int(q, "value", 3), Int(q, "skip", 0), Path(q)),
        ["server-error"] = q => state.Faults.ServerErrorsNext(Int(q, "requests", 1), Int(q, "value", 503), Int(q, "skip", 0), Path(q)),
        ["delay"] = q => state.Faults.DelayNext(Int(q, "requests", 1), TimeSpan.FromMilliseconds(Int(q, "value", 1000)), Int(q, "skip", 0), Path(q)),
        ["html-block"] = q => state.Faults.HtmlBlockNext(Int(q, "requests", 1), Int(q, "skip", 0), Path(q)),
        ["challenge"] = q => state.Faults.ChallengeNext(Int(q, "requests", 1), Int(q, "skip", 0), Path(q)),
        ["truncate"] = q => state.Faults.TruncateNextSalesReport(Int(q, "value", 5), Int(q, "skip", 0), Int(q, "requests", 1)),
        ["malformed-row"] = q => state.Faults.MalformRow(Long(q, "value"), Kind(q)),
        ["hide-sale"] = q => state.Faults.HideSale(Long(q, "value")),
        ["hold"] = q => state.Faults.HoldNext(Int(q, "requests", 1), Int(q, "skip", 0), Path(q)),
        ["release"] = _ => state.Faults.ReleaseHeld(),
        ["duplicate-grant"] = _ => state.Faults.DuplicateGrantOnNextGrant(),
        ["invalid-date"] = q => state.Faults.InvalidDateForTransactionItemId(Long(q, "value")),
        ["alternate-date-formats"] = q => state.Faults.AlternateDateFormats = Bool(q, "value", true),
        ["redirect-downloads"] = q => state.Faults.RedirectReportDownloads = Bool(q, "value", true),
        ["fetch-not-ready"] = q => state.Faults.FetchNotReadyCount = Int(q, "value", 1),
        // A sale on Bandcamp meanwhile (value: package or option id; quantity; origin), so a client's sold count is stale.
        ["merch-sell"] = q => state.Merch.Sell(Long(q, "value"), Int(q, "quantity", 1), q.ContainsKey("origin") ? Long(q, "origin") : null),
        ["merch-refuse"] = q => state.Merch.RefuseUpdatesOf(Long(q, "value")),
    };

    /// <summary>True when the request was a control call (answered here); false lets it through to the fake API.</summary>
    public async Task<bool> TryHandleAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (!path.StartsWithSegments(Prefix, out var rest)) return false;
        try
        {
            var name = rest.Value?.Trim('/') ?? "";
            switch (context.Request.Method, name)
            {
                case ("GET", "stats"):
                    await WriteStatsAsync(context);
                    return true;
                case ("GET", "csv-export"):
                    await FakeDownloads.WriteCsvExportAsync(context, state, Long(context.Request.Query, "band_id"));
                    return true;
                case ("GET", "ecb/eurofxref-hist.zip"):
                    await FakeDownloads.WriteEcbZipAsync(context);
                    return true;
                case ("POST", "reset"):
                    state.Faults.Reset();
                    state.Merch.ResetFaults();
                    break;
                case ("POST", "expire-tokens"):
                    expireTokens();
                    break;
                case ("POST", "regenerate-client"):
                    regenerateClient(Text(context.Request.Query, "secret"));
                    break;
                case ("POST", _) when name.StartsWith("faults/", StringComparison.Ordinal)
                                     && _knobs.TryGetValue(name["faults/".Length..], out var knob):
                    knob(context.Request.Query);
                    break;
                default:
                    await JsonResponse.WriteAsync(context, StatusCodes.Status404NotFound, json =>
                    {
                        json.WriteString("error", $"Unknown control call {context.Request.Method} {path}");
                        json.WriteString("knobs", string.Join(", ", _knobs.Keys.Order(StringComparer.Ordinal)));
                    });
                    return true;
            }
            await JsonResponse.WriteAsync(context, StatusCodes.Status200OK, json => json.WriteBoolean("ok", true));
        }
        catch (ArgumentException ex)
        {
            await JsonResponse.WriteAsync(context, StatusCodes.Status400BadRequest, json => json.WriteString("error", ex.Message));
        }
        return true;
    }

    private Task WriteStatsAsync(HttpContext context)
    {
        var stats = state.Stats;
        return JsonResponse.WriteAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteNumber("tokenRequests", stats.TokenRequests);
            json.WriteNumber("clientCredentialsGrants", stats.ClientCredentialsGrants);
            json.WriteNumber("refreshGrants", stats.RefreshGrants);
            json.WriteNumber("duplicateGrantErrors", stats.DuplicateGrantErrors);
            json.WriteNumber("apiRequests", stats.ApiRequests);
            json.WriteNumber("salesReportRequests", stats.SalesReportRequests);
            json.WriteNumber("generateSalesReportRequests", stats.GenerateSalesReportRequests);
            json.WriteNumber("fetchSalesReportRequests", stats.FetchSalesReportRequests);
            json.WriteNumber("reportDownloads", stats.ReportDownloads);
            json.WriteNumber("reportDownloadsWithAuthorization", stats.ReportDownloadsWithAuthorization);
            json.WriteStartObject("apiRequestsByPath");
            foreach (var (path, count) in stats.ApiRequestsByPath.OrderBy(p => p.Key, StringComparer.Ordinal)) json.WriteNumber(path, count);
            json.WriteEndObject();
            json.WriteNumber("salesReportRowsWritten", stats.SalesReportRowsWritten);
            json.WriteNumber("heldRequests", state.Faults.HeldRequests);
            json.WriteString("clientSecretInUse", state.Tokens.ClientSecret == state.Options.ClientSecret ? "original" : "regenerated");
        });
    }

    private static string? Path(IQueryCollection query) =>
        query.TryGetValue("path", out var v) && !string.IsNullOrEmpty(v.ToString()) ? v.ToString() : null;

    private static MalformedRowKind Kind(IQueryCollection query) => Text(query, "kind").ToLowerInvariant() switch
    {
        "object" => MalformedRowKind.ObjectInTextField,
        "array" => MalformedRowKind.ArrayInTextField,
        "surrogate" => MalformedRowKind.LoneSurrogate,
        var other => throw new ArgumentException($"'kind' is object, array or surrogate, not '{other}'."),
    };

    private static string Text(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var v) && !string.IsNullOrEmpty(v.ToString()) ? v.ToString()
        : throw new ArgumentException($"The query parameter '{name}' is required.");

    private static int Int(IQueryCollection query, string name, int fallback) =>
        !query.TryGetValue(name, out var v) ? fallback
        : int.TryParse(v.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n
        : throw new ArgumentException($"'{name}' needs a whole number, not '{v}'.");

    private static long Long(IQueryCollection query, string name) =>
        long.TryParse(Text(query, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n
        : throw new ArgumentException($"'{name}' needs a whole number.");

    private static bool Bool(IQueryCollection query, string name, bool fallback) =>
        !query.TryGetValue(name, out var v) ? fallback
        : bool.TryParse(v.ToString(), out var b) ? b
        : throw new ArgumentException($"'{name}' needs true or false, not '{v}'.");
}
