using System.Globalization;

namespace BandcampPS.Engine.Storage;

/// <summary>
/// The CSV rows that one source per band and month leaves out of a read or a summary: rows of a band and calendar
/// month (UTC) for which the API's rows are also stored (or piped). Importing the CSV export and the API for the same
/// dates, as a migration does, would otherwise count every sale twice.
/// </summary>
public sealed record SourceOverlap(long CsvRowsLeftOut, DateTime? FirstSaleDate, DateTime? LastSaleDate)
{
    public static SourceOverlap None { get; } = new(0, null, null);

    /// <summary>Adds two overlaps (e.g. of two piped bands).</summary>
    public SourceOverlap Add(SourceOverlap other) => new(
        CsvRowsLeftOut + other.CsvRowsLeftOut,
        Min(FirstSaleDate, other.FirstSaleDate),
        Max(LastSaleDate, other.LastSaleDate));

    /// <summary>The once-per-run message; null when nothing was left out.</summary>
    public string? Describe()
    {
        if (CsvRowsLeftOut == 0) return null;
        var first = FirstSaleDate!.Value.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var last = LastSaleDate!.Value.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var months = first == last ? first : $"{first} to {last}";
        return string.Create(CultureInfo.InvariantCulture,
            $"One source per band and month: {CsvRowsLeftOut:N0} CSV row(s) of {months} are left out because the API's rows of the same band and month are counted instead. Use -Source Csv to count the CSV export's rows, or -Source Api to say so and silence this.");
    }

    private static DateTime? Min(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a < b ? a : b;
    private static DateTime? Max(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
