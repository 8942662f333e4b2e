using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using BandcampPS.Engine.Api;
using BandcampPS.Engine.Diagnostics;

namespace BandcampPS.Engine.Sales;

/// <summary>
/// Streams the sales of a date range chunk by chunk through sales/4/sales_report. A chunk whose body is cut off
/// is requested again and the rows already emitted for it are skipped by item id, so nothing is lost or doubled.
/// </summary>
public sealed class SalesReportService(BandcampApiClient api, IBandcampLog log)
{
    public const string Path = "api/sales/4/sales_report";

    /// <summary>Attempts at one chunk whose body fails mid-way (each attempt already has the HTTP pipeline's retries).</summary>
    public int BodyAttempts { get; init; } = 3;

    public async IAsyncEnumerable<SaleParseResult> GetSalesAsync(
        SalesReportRequest request, IProgress<SalesChunkProgress>? progress = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var chunkCount = DateRangeChunker.Count(request.StartUtc, request.EndUtc, request.ChunkDays);
        var index = 0;
        long total = 0;
        foreach (var chunk in DateRangeChunker.Split(request.StartUtc, request.EndUtc, request.ChunkDays))
        {
            progress?.Report(new SalesChunkProgress(request, index++, chunkCount, chunk, total));
            var emitted = new HashSet<long>();
            for (var attempt = 1; ; attempt++)
            {
                var description = $"sales_report for {request.Describe()} {chunk}";
                await using var rows = ReadChunkAsync(request, chunk, description, cancellationToken).GetAsyncEnumerator(cancellationToken);
                var failed = false;
                while (true)
                {
                    SaleParseResult row;
                    try
                    {
                        if (!await rows.MoveNextAsync().ConfigureAwait(false)) break;
                        row = rows.Current;
                    }
                    catch (BandcampTransportException ex) when (attempt < BodyAttempts && !cancellationToken.IsCancellationRequested)
                    {
                        log.Warning($"{ex.Message} Requesting the chunk again (attempt {attempt + 1} of {BodyAttempts}); the {emitted.Count} sale(s) already received are not repeated.");
                        failed = true;
                        break;
                    }
                    if (row.Sale?.TransactionItemId is { } itemId && !emitted.Add(itemId)) continue;
                    total++;
                    yield return row;
                }
                if (!failed) break;
            }
        }
    }

    private async IAsyncEnumerable<SaleParseResult> ReadChunkAsync(
        SalesReportRequest request, DateRangeChunk chunk, string description,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var response = await api.PostAsync(Path, RequestBody(request, chunk), description, cancellationToken).ConfigureAwait(false);
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
