namespace BandcampPS.Engine.Sales;

/// <summary>One request's window: start inclusive, end exclusive, both UTC, as sales_report defines them.</summary>
public readonly record struct DateRangeChunk(DateTime StartUtc, DateTime EndUtc)
{
    public override string ToString() => $"[{StartUtc:yyyy-MM-dd HH:mm:ss}, {EndUtc:yyyy-MM-dd HH:mm:ss})";
}

/// <summary>
/// Splits a date range into windows of at most N days that meet exactly: each ends where the next starts,
/// so a sale on a boundary falls in exactly one window (the common 23:59:59 mistake loses a second).
/// </summary>
public static class DateRangeChunker
{
    public static IEnumerable<DateRangeChunk> Split(DateTime startUtc, DateTime endUtc, int chunkDays)
    {
        if (chunkDays < 1) throw new ArgumentOutOfRangeException(nameof(chunkDays), chunkDays, "A chunk must be at least one day.");
        if (startUtc.Kind != DateTimeKind.Utc || endUtc.Kind != DateTimeKind.Utc)
            throw new ArgumentException("Chunk boundaries must be UTC.");
        for (var start = startUtc; start < endUtc;)
        {
            var end = start.AddDays(chunkDays);
            if (end > endUtc || end < start) end = endUtc;
            yield return new DateRangeChunk(start, end);
            start = end;
        }
    }
}
