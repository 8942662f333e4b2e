namespace BandcampPS.Engine.Sales;

/// <summary>What Get-BandcampSale asks for: one band (or one member of a label) over [StartUtc, EndUtc).</summary>
public sealed record SalesReportRequest(long BandId, long? MemberBandId, DateTime StartUtc, DateTime EndUtc, int ChunkDays = SalesReportRequest.DefaultChunkDays)
{
    /// <summary>A month per request: what the largest known backfill settled on (api.md 5.7).</summary>
    public const int DefaultChunkDays = 30;

    public string Describe() => MemberBandId is { } member ? $"band {BandId} member {member}" : $"band {BandId}";
}

/// <summary>Progress through the chunks of one request, for Write-Progress.</summary>
public readonly record struct SalesChunkProgress(SalesReportRequest Request, int ChunkIndex, int ChunkCount, DateRangeChunk Chunk, long SalesSoFar);
