using System.Globalization;
using System.Text.Json;

namespace BandcampPS.FakeApi;

/// <summary>A validated sales_report / generate_sales_report body (api.md 5.2).</summary>
internal sealed record SalesQuery(long BandId, long? MemberBandId, DateTime StartUtc, DateTime EndUtc, string Format)
{
    /// <summary>What the client sent, before any validation, for <see cref="FakeStats"/>.</summary>
    public static RecordedSalesReportRequest Record(string method, JsonElement body) => new(
        method, Id(body, "band_id"), Id(body, "member_band_id"),
        Text(body, "start_time"), Text(body, "end_time"), Text(body, "format"));

    /// <summary>Checks the body the way the error envelope cases in api.md 9.5 describe.</summary>
    public static (SalesQuery? Query, string? Error) Parse(JsonElement body, DateTime nowUtc)
    {
        if (!body.TryGetProperty("band_id", out var bandElement) || bandElement.ValueKind == JsonValueKind.Null)
            return Fail("Missing required parameter: band_id");
        if (Id(body, "band_id") is not { } bandId)
            return Fail("band_id must be a number");
        if (!FakeBands.IsTopLevel(bandId))
            return Fail($"You do not have access to band {bandId}");

        long? memberId = null;
        if (body.TryGetProperty("member_band_id", out var memberElement) && memberElement.ValueKind != JsonValueKind.Null)
        {
            memberId = Id(body, "member_band_id");
            if (memberId is null) return Fail("member_band_id must be a number");
            if (!FakeBands.CanFilterTo(bandId, memberId.Value))
                return Fail($"Band {memberId} is not a member of band {bandId}");
        }

        var startText = Text(body, "start_time");
        if (string.IsNullOrWhiteSpace(startText)) return Fail("Missing required parameter: start_time");
        if (!BandcampDates.TryParseRequest(startText, out var start)) return Fail($"Invalid start_time: {startText}");

        var end = nowUtc; // "defaults to the time of the call"
        var endText = Text(body, "end_time");
        if (!string.IsNullOrWhiteSpace(endText) && !BandcampDates.TryParseRequest(endText, out end))
            return Fail($"Invalid end_time: {endText}");

        var format = (Text(body, "format") ?? "json").ToLowerInvariant();
        if (format is not ("json" or "csv")) return Fail($"Unknown format: {format}. Use json or csv.");

        return (new SalesQuery(bandId, memberId, start, end, format), null);
    }

    private static (SalesQuery?, string?) Fail(string message) => (null, message);

    // Numbers as JSON numbers; numeric strings accepted too, since what Bandcamp does with them is unknown.
    private static long? Id(JsonElement body, string name) =>
        !body.TryGetProperty(name, out var e) ? null
        : e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var n) ? n
        : e.ValueKind == JsonValueKind.String && long.TryParse(e.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s
        : null;

    private static string? Text(JsonElement body, string name) =>
        !body.TryGetProperty(name, out var e) ? null
        : e.ValueKind == JsonValueKind.String ? e.GetString()
        : e.ValueKind == JsonValueKind.Null ? null
        : e.GetRawText();
}
