using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
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

    /// <summary>The read of <paramref name="request"/> with each chunk's rows from <paramref name="source"/>.</summary>
    public async IAsyncEnumerable<SaleParseResult> ReadAsync(
        SalesReportRequest request, ISalesChunkSource source, IProgress<SalesChunkProgress>? progress = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var scope = request.Scope();
        long total = 0;
        var failedInARow = 0;
        for (var index = 0; index < scope.Spans.Count; index++)
        {
            var span = scope.Spans[index];
            progress?.Report(new SalesChunkProgress(request, index, scope.Spans.Count, new DateRangeChunk(span.StartUtc, span.EndUtc), total));
            await foreach (var item in ReadSpanAsync(request, span, source, cancellationToken).ConfigureAwait(false))
            {
                if (item.Sale is not null) total++;
                yield return item;
            }

            if (span.State != SalesSpanState.Failed)
            {
                failedInARow = 0;
                continue;
            }

            // A refused request (Bandcamp's error envelope: no access to the band, a bad date) will be refused for
            // every chunk, and a run of failures means the server or the edge is not answering: give up the rest as
            // part of the same gap, reported once, instead of paying every chunk's retries.
            var rest = scope.Spans.Skip(index + 1).ToArray();
            var givingUp = rest.Length > 0 && (span.Failure is BandcampApiException || ++failedInARow >= ConsecutiveFailuresBeforeGivingUp);
            foreach (var skipped in givingUp ? rest : []) skipped.Fail(span.Failure!);
            yield return SaleParseResult.NotRead(new SalesGap(scope, span.StartUtc, givingUp ? rest[^1].EndUtc : span.EndUtc, span.Failure!));
            if (givingUp) yield break;
        }
    }

    /// <summary>One span: its sales (reading a cut-off body again), then its end, complete or failed.</summary>
    private async IAsyncEnumerable<SaleParseResult> ReadSpanAsync(
        SalesReportRequest request, SalesSpan span, ISalesChunkSource source, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var emitted = new HashSet<string>(StringComparer.Ordinal);
        var reportedErrors = new HashSet<string>(StringComparer.Ordinal);
        var description = source.Describe(span);
        ChunkReader? open = null;
        BandcampException? failure = null;
        try
        {
            open = await source.PrepareAsync(request, span, description, cancellationToken).ConfigureAwait(false);
        }
        catch (BandcampException ex) when (ex.Kind != BandcampErrorKind.Authentication && !cancellationToken.IsCancellationRequested)
        {
            failure = ex;
        }
        for (var attempt = 1; open is not null; attempt++)
        {
            // Keys are numbered afresh on every attempt, exactly as the first attempt numbered them, so a repeated
            // row gets the key it had and is skipped, with or without an item id.
            var keyer = new SaleKeyer();
            var response = new ChunkResponse();
            await using var rows = open(response, cancellationToken).GetAsyncEnumerator(cancellationToken);
            var again = false;
            while (true)
            {
                SaleParseResult row;
                try
                {
                    if (!await rows.MoveNextAsync().ConfigureAwait(false)) break;
                    row = rows.Current;
                }
                catch (BandcampTransportException ex) when (response.Started && attempt < source.Attempts && !cancellationToken.IsCancellationRequested)
                {
                    log.Warning($"{ex.Message} Reading the chunk again (attempt {attempt + 1} of {source.Attempts}); the {emitted.Count} sale(s) already received are not repeated.");
                    again = true;
                    break;
                }
                catch (BandcampException ex) when (ex.Kind != BandcampErrorKind.Authentication && !cancellationToken.IsCancellationRequested)
                {
                    failure = ex;
                    break;
                }

                if (row.Error is { } error)
                {
                    if (!reportedErrors.Add($"{error.TransactionId}/{error.TransactionItemId}/{error.Field}/{error.Value}")) continue;
                    span.CountRowError();
                    yield return row;
                    continue;
                }
                var sale = row.Sale!;
                var key = keyer.KeyOf(sale);
                if (!emitted.Add(key)) continue;
                sale.SaleKey = key;
                sale.ReadSpan = span;
                if (!request.Filter.Matches(sale) || request.Coverage?.Admit(sale) == false) continue;
                span.CountEmitted();
                yield return row;
            }
            if (!again) break;
        }

        if (failure is null) span.Complete();
        else span.Fail(failure);
        yield return SaleParseResult.Ended(span);
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

    /// <summary>Times go as "yyyy-MM-dd HH:mm:ss" UTC, the form the documentation uses.</summary>
    internal static byte[] RequestBody(SalesReportRequest request, DateRangeChunk chunk)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("band_id", request.BandId);
            if (request.MemberBandId is { } member) json.WriteNumber("member_band_id", member);
            json.WriteString("start_time", chunk.StartUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            json.WriteString("end_time", chunk.EndUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
