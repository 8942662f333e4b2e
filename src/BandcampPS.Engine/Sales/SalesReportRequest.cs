using BandcampPS.Engine.Bands;

namespace BandcampPS.Engine.Sales;

/// <summary>
/// What Get-BandcampSale asks for: one band (or one member of a label) over [StartUtc, EndUtc), keeping the sales
/// <see cref="Filter"/> matches; <see cref="Coverage"/>, when given, keeps one run from emitting a sale twice through
/// a label and its member bands.
/// </summary>
public sealed record SalesReportRequest(long BandId, long? MemberBandId, DateTime StartUtc, DateTime EndUtc, int ChunkDays = SalesReportRequest.DefaultChunkDays)
{
    /// <summary>A month per request: what the largest known backfill settled on (api.md 5.7).</summary>
    public const int DefaultChunkDays = 30;

    /// <summary>
    /// Chunk requests in flight at once. Bandcamp takes about a second to answer a report request, so a long backfill
    /// spends its time waiting; four requests at once wait a quarter of that. Not more: Bandcamp limits bursts (api.md
    /// 7: 429s seen at 600 ms spacing), and beyond four the waits are already short next to reading the rows.
    /// </summary>
    public const int DefaultThrottleLimit = 4;

    public SaleFilter Filter { get; init; } = SaleFilter.All;

    /// <summary>See <see cref="DefaultThrottleLimit"/>; 1 reads one chunk after the other.</summary>
    public int ThrottleLimit
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(ThrottleLimit), value, "At least one request must be allowed.");
    } = DefaultThrottleLimit;

    public SalesCoverage? Coverage { get; init; }

    public string Describe() => BandcampBand.Describe(BandId, MemberBandId);

    /// <summary>A fresh account of this request's chunks, filled in as they are read.</summary>
    internal SalesReadScope Scope() => new(BandcampSaleSource.Api, BandId, MemberBandId, Filter,
        DateRangeChunker.Split(StartUtc, EndUtc, ChunkDays).Select(c => (c.StartUtc, c.EndUtc)));
}

/// <summary>Progress through the chunks of one request, for Write-Progress.</summary>
public readonly record struct SalesChunkProgress(SalesReportRequest Request, int ChunkIndex, int ChunkCount, DateRangeChunk Chunk, long SalesSoFar);
