namespace BandcampPS.Infrastructure;

/// <summary>Bandcamp works in UTC: a date typed without a time zone ("2024-01-01") is taken as UTC, a local one is converted.</summary>
internal static class UtcDates
{
    public static DateTime ToUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };
}
