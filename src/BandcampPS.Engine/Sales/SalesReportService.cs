using System.Runtime.CompilerServices;
using BandcampPS.Engine.Api;
using BandcampPS.Engine.Diagnostics;
using BandcampPS.Engine.Storage;

namespace BandcampPS.Engine.Sales;

/// <summary>
/// Streams the sales of a date range chunk by chunk, from sales/4/sales_report or (with an
/// <see cref="AsyncSalesReportSource"/>) from generated reports, and accounts for every chunk
/// (<see cref="SalesReadScope"/>): a chunk whose body is cut off is read again and the rows already emitted are
/// skipped by the same key the store uses (<see cref="SaleKeyer"/>), so nothing is lost or doubled; a chunk that
/// still fails is reported as a gap and the next chunk is read; a row that is not a sale is one error and the rows
/// beside it still flow. Only an authentication failure or a stop ends the whole read.
/// </summary>
public sealed class SalesReportService(BandcampApiClient api, IBandcampLog log) : ISalesChunkSource
{
    public const string Path = "api/sales/4/sales_report";

    /// <summary>Attempts at one chunk whose body fails mid-way (each attempt already has the HTTP pipeline's retries).</summary>
    public int BodyAttempts { get; init; } = 3;

    int ISalesChunkSource.Attempts => BodyAttempts;

    string ISalesChunkSource.Describe(SalesSpan span) => $"sales_report for {span}";

    /// <summary>The sync report: nothing to prepare; each attempt is one request.</summary>
    Task<ChunkReader> ISalesChunkSource.PrepareAsync(SalesReportRequest request, SalesSpan span, string description, CancellationToken ct) =>
        Task.FromResult<ChunkReader>((response, token) => ReadChunkAsync(request, span, description, response, token));

    /// <summary>
    /// After this many chunks in a row failed, the rest of the band's range is given up as one gap rather than
    /// requested chunk by chunk: an edge that blocks us, or a server that is down, would otherwise cost every chunk
    /// its full round of retries.
    /// </summary>
    public int ConsecutiveFailuresBeforeGivingUp { get; init; } = 3;

    public IAsyncEnumerable<SaleParseResult> GetSalesAsync(
        SalesReportRequest request, IProgress<SalesChunkProgress>? progress = null, CancellationToken cancellationToken = default) =>
        ReadAsync(request, this, progress, cancellationToken);

    /// <summary>
    /// Rows a chunk read ahead may hold while it waits its turn (<see cref="SpanReader"/>): a bounded buffer whatever the
    /// chunk's size; the rest waits in the network.
    /// </summary>
    public int PrefetchRows { get; init; } = 1024;

    /// <summary>For tests: called when a chunk read ahead has filled its buffer and waits.</summary>
    internal Action<SpanReader>? OnBufferFull { get; init; }

    /// <summary>
    /// The read of <paramref name="request"/> with each chunk's rows from <paramref name="source"/>. Up to
    /// <see cref="SalesReportRequest.ThrottleLimit"/> chunks are requested at once, yet everything comes out as a
    /// sequential read gives it: sales in chunk order, every span ended once and in order, gaps where they were,
    /// nothing twice. The first chunk goes alone, and after a failed chunk one goes at a time until one succeeds,
    /// so a band Bandcamp refuses, or a server that is down, is not asked N times at once.
    /// </summary>
    public async IAsyncEnumerable<SaleParseResult> ReadAsync(
        SalesReportRequest request, ISalesChunkSource source, IProgress<SalesChunkProgress>? progress = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var scope = request.Scope();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ReadWindow? window = null;
        window = new ReadWindow(scope.Spans.Select(span => new SpanReader(span, PrefetchRows) { BufferFull = OnBufferFull }).ToArray(),
            request.ThrottleLimit, reader => reader.Start(request, source, log, () => window!.Answered(), stop.Token));
        long total = 0;
        var failedInARow = 0;
        try
        {
            for (var index = 0; index < window.Readers.Count; index++)
            {
                var reader = window.Readers[index];
                var span = reader.Span;
                window.Advance(index);
                reader.TakeTurn();
                progress?.Report(new SalesChunkProgress(request, index, scope.Spans.Count, new DateRangeChunk(span.StartUtc, span.EndUtc), total));
                while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (!reader.TryRead(out var rows)) continue;
                    foreach (var row in rows)
                    {
                        if (row.Error is not null) span.CountRowError();
                        else if (!request.Filter.Matches(row.Sale!) || request.Coverage?.Admit(row.Sale!) == false) continue;
                        else
                        {
                            span.CountEmitted();
                            total++;
                        }
                        yield return row;
                    }
                }
                reader.Fatal?.Throw();
                if (reader.Failure is null) span.Complete();
                else
                {
                    span.Fail(reader.Failure);
                    window.Failed();
                }
                yield return SaleParseResult.Ended(span);
                if (span.State != SalesSpanState.Failed)
                {
                    failedInARow = 0;
                    continue;
                }

                // A refused request (Bandcamp's error envelope: no access to the band, a bad date) will be refused for
                // every chunk, and a run of failures means the server or the edge is not answering: give up the rest as
                // part of the same gap, reported once, instead of paying every chunk's retries. Chunks already read
                // ahead are dropped, so the outcome is the one a sequential read gives.
                var rest = scope.Spans.Skip(index + 1).ToArray();
                var givingUp = rest.Length > 0 && (span.Failure is BandcampApiException || ++failedInARow >= ConsecutiveFailuresBeforeGivingUp);
                foreach (var skipped in givingUp ? rest : []) skipped.Fail(span.Failure!);
                yield return SaleParseResult.NotRead(new SalesGap(scope, span.StartUtc, givingUp ? rest[^1].EndUtc : span.EndUtc, span.Failure!));
                if (givingUp) yield break;
            }
        }
        finally
        {
            // Whatever ends the read (its end, giving up, an error, a stop, or a consumer that stops early), nothing
            // it started keeps running after it.
            await stop.CancelAsync().ConfigureAwait(false);
            await window.StopAsync().ConfigureAwait(false);
        }
    }

    private async IAsyncEnumerable<SaleParseResult> ReadChunkAsync(
        SalesReportRequest request, SalesSpan span, string description, ChunkResponse state,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var response = await api.PostAsync(Path, RequestBody(request, new DateRangeChunk(span.StartUtc, span.EndUtc)), description, cancellationToken).ConfigureAwait(false);
        state.Started = true;
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var row in SalesReportReader.ReadAsync(body, request.BandId, request.MemberBandId, description, cancellationToken).ConfigureAwait(false))
            yield return row;
    }

    internal static byte[] RequestBody(SalesReportRequest request, DateRangeChunk chunk) => ApiRequestBody.Object(json =>
    {
        json.WriteNumber("band_id", request.BandId);
        if (request.MemberBandId is { } member) json.WriteNumber("member_band_id", member);
        json.WriteString("start_time", ApiRequestBody.Time(chunk.StartUtc));
        json.WriteString("end_time", ApiRequestBody.Time(chunk.EndUtc));
    });
}
