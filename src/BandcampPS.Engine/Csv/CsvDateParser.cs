using System.Globalization;

namespace BandcampPS.Engine.Csv;

internal enum CsvDateOutcome
{
    Parsed,
    NotADate,

    /// <summary>A wall-clock time the export's time zone skipped (spring forward), so no UTC instant matches.</summary>
    SkippedByClock,
}

/// <summary>
/// Reads the export's dates (<c>1/15/24 5:21pm</c>) and returns UTC. Bandcamp does not say which zone the
/// web export writes in, so the zone is the caller's choice and UTC by default.
/// </summary>
internal sealed class CsvDateParser
{
    public const string ExpectedFormat = "M/d/yy h:mmtt";

    /// <summary>
    /// Invariant, except that two-digit years mean 20yy: the invariant calendar would read "50" as 1950,
    /// and Bandcamp has no sales before 2008.
    /// </summary>
    private static readonly CultureInfo Culture = CreateCulture();

    /// <summary>Wall-clock forms: the export's own, its four-digit-year and 24-hour variants, and ISO.</summary>
    private static readonly string[] LocalFormats =
    [
        ExpectedFormat, "M/d/yyyy h:mmtt", "M/d/yy h:mm tt", "M/d/yyyy h:mm tt",
        "M/d/yy H:mm", "M/d/yyyy H:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm",
    ];

    /// <summary>The API's form, which says GMT itself and so is never shifted by the export zone.</summary>
    private static readonly string[] GmtFormats = ["dd MMM yyyy HH:mm:ss 'GMT'", "d MMM yyyy HH:mm:ss 'GMT'"];

    private readonly TimeZoneInfo? _zone;

    /// <param name="exportZone">The zone the file's times are in; null or UTC leaves them as they are.</param>
    public CsvDateParser(TimeZoneInfo? exportZone)
    {
        _zone = exportZone is null || exportZone.HasSameRules(TimeZoneInfo.Utc) ? null : exportZone;
    }

    public CsvDateOutcome TryParse(ReadOnlySpan<char> text, out DateTime utc)
    {
        text = text.Trim();
        if (DateTime.TryParseExact(text, LocalFormats, Culture, DateTimeStyles.None, out var local))
        {
            return ToUtc(local, out utc);
        }

        if (DateTime.TryParseExact(text, GmtFormats, Culture, DateTimeStyles.None, out var gmt))
        {
            utc = UtcDates.ToUtc(gmt);
            return CsvDateOutcome.Parsed;
        }

        utc = default;
        return CsvDateOutcome.NotADate;
    }

    public string ZoneName => _zone?.Id ?? "UTC";

    private CsvDateOutcome ToUtc(DateTime local, out DateTime utc)
    {
        if (_zone is null)
        {
            utc = UtcDates.ToUtc(local);
            return CsvDateOutcome.Parsed;
        }

        if (_zone.IsInvalidTime(local))
        {
            utc = default;
            return CsvDateOutcome.SkippedByClock;
        }

        // An ambiguous time (the repeated hour when clocks go back) is read as standard time,
        // which is what TimeZoneInfo does; the file gives nothing to decide otherwise.
        utc = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), _zone);
        return CsvDateOutcome.Parsed;
    }

    private static CultureInfo CreateCulture()
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.DateTimeFormat.Calendar.TwoDigitYearMax = 2099;
        return CultureInfo.ReadOnly(culture);
    }
}
