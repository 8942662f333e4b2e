using System.Globalization;
using System.Management.Automation;
using BandcampPS.Engine;
using BandcampPS.Engine.Sales;

namespace BandcampPS.Infrastructure;

/// <summary>
/// Checks of what a user typed, run in BeginProcessing before anything is read: one terminating error for a mistake
/// that would otherwise fail (or silently match nothing) for every sale, one warning for what is likely a typo.
/// </summary>
internal static class InputChecks
{
    /// <summary>Bandcamp opened in 2008: a start before it is a typo (1924 for 2024) or a range of decades to read.</summary>
    private static readonly DateTime BandcampOpened = new(2008, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// -ItemType and -MusicOnly as the filter the engine applies: unknown types are refused with the known list, or
    /// with -AllowUnknownItemType warned about.
    /// </summary>
    public static SaleFilter ItemFilter(BandcampCmdlet cmdlet, string[]? itemTypes, bool musicOnly, bool allowUnknown)
    {
        var unknown = cmdlet.Terminating(() => ItemTypes.Check(itemTypes, allowUnknown));
        if (unknown.Count > 0)
            cmdlet.WriteWarning($"-ItemType {string.Join(", ", unknown.Select(t => $"'{t}'"))}: not an item type Bandcamp is known to send ({string.Join(", ", ItemTypes.Known)}); filtering on it as -AllowUnknownItemType asks.");
        return new SaleFilter(itemTypes, musicOnly);
    }

    /// <summary>
    /// The date range, both ends UTC (null: not given). A start in the future is an error that names the start
    /// parameter (the user typed it; the end may only be the default "now"); an end not after the start is an error;
    /// a start before Bandcamp opened, or an end more than a day ahead, is a warning.
    /// </summary>
    public static void DateRange(BandcampCmdlet cmdlet, string startParameter, DateTime? startUtc, DateTime? endUtc, string endParameter = "EndDate")
    {
        var now = cmdlet.UtcNow;
        if (startUtc is { } start && start > now)
        {
            cmdlet.ThrowTerminatingError(ErrorRecords.Create(BandcampErrorIds.DateRangeInvalid, ErrorCategory.InvalidArgument,
                $"-{startParameter} {Format(start)} is in the future (it is now {Format(now)}): there are no sales to read from then yet. Dates without a time zone are taken as UTC.",
                start));
        }
        if (startUtc is { } from && endUtc is { } to && to <= from)
            cmdlet.ThrowTerminatingError(ErrorRecords.DateRangeInvalid(startParameter, from, endParameter, to, to));
        if (startUtc is { } early && early < BandcampOpened)
        {
            cmdlet.WriteWarning($"-{startParameter} {Format(early)} is before Bandcamp opened (2008), so the range spans {Math.Max(1, ((endUtc ?? now) - early).Days / 365)} years" +
                (early.Year < 2000 ? $"; did you mean {early.Year % 100 + 2000}?" : "."));
        }
        if (endUtc is { } late && late > now.AddDays(1))
            cmdlet.WriteWarning($"-{endParameter} {Format(late)} is in the future (it is now {Format(now)}); there are no sales after now, so the range ends now in effect.");
    }

    private static string Format(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
