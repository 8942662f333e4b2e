namespace BandcampPS.Engine;

/// <summary>
/// The one way a <see cref="DateTime"/> becomes UTC, in the engine and the cmdlets alike. Bandcamp works in UTC: a
/// Utc value is kept, a Local one is converted, and an Unspecified one (a date typed without a time zone,
/// "2024-01-01", a wall-clock time read from a file or a database column that keeps no kind) is taken as UTC already.
/// </summary>
public static class UtcDates
{
    public static DateTime ToUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };

    /// <summary>As <see cref="ToUtc(DateTime)"/>; null (a parameter not given) stays null.</summary>
    public static DateTime? ToUtc(DateTime? value) => value is { } given ? ToUtc(given) : null;
}
