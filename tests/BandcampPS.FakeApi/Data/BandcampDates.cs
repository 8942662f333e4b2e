using System.Globalization;

namespace BandcampPS.FakeApi;

/// <summary>The date spellings Bandcamp uses or has been seen to use (api.md 5.4, 8, 10).</summary>
public static class BandcampDates
{
    /// <summary>What v4 sends: "04 Jan 2021 23:22:11 GMT".</summary>
    public const string ApiFormat = "dd MMM yyyy HH:mm:ss 'GMT'";
    public const string SingleDigitDayFormat = "d MMM yyyy HH:mm:ss 'GMT'";
    public const string SqlFormat = "yyyy-MM-dd HH:mm:ss";
    public const string IsoFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    /// <summary>The web CSV export: "1/15/24 5:21PM".</summary>
    public const string CsvExportFormat = "M/d/yy h:mmtt";

    // Request dates: the documented form, date only, and ISO 8601 (with or without zone / fraction).
    private static readonly string[] RequestFormats =
    [
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    public static string ToApi(DateTime utc) => utc.ToString(ApiFormat, CultureInfo.InvariantCulture);

    /// <summary>Parses a request's start_time/end_time; without a zone the text is UTC.</summary>
    public static bool TryParseRequest(string? text, out DateTime utc) =>
        DateTime.TryParseExact(text?.Trim(), RequestFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out utc);
}
