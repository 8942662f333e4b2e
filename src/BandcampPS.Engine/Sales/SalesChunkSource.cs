namespace BandcampPS.Engine.Sales;

/// <summary>One attempt at reading a prepared chunk: its rows, with <see cref="ChunkResponse.Started"/> set once an answer began.</summary>
public delegate IAsyncEnumerable<SaleParseResult> ChunkReader(ChunkResponse response, CancellationToken cancellationToken);

/// <summary>
/// Where a chunk's rows come from: the sync report (<see cref="SalesReportService"/>) or a generated one
/// (<see cref="AsyncSalesReportSource"/>). <see cref="SalesReportService.ReadAsync"/> owns everything else: chunks,
/// attempts, keys, repeats, the filter and the accounting of every span, so both read the same way.
/// </summary>
public interface ISalesChunkSource
{
    /// <summary>How many times a chunk whose answer broke off is read again (each attempt has the HTTP retries too).</summary>
    int Attempts { get; }

    string Describe(SalesSpan span);

    /// <summary>Once per chunk (e.g. generate the report and wait for it); returns what reads it, once per attempt.</summary>
    Task<ChunkReader> PrepareAsync(SalesReportRequest request, SalesSpan span, string description, CancellationToken cancellationToken);
}

/// <summary>Whether an answer began: only then is a failure a cut-off body worth reading again.</summary>
public sealed class ChunkResponse
{
    public bool Started { get; set; }
}
