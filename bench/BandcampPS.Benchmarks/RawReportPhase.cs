using System.Diagnostics;
using BandcampPS.Engine.Sales;
using BandcampPS.FakeApi;

namespace BandcampPS.Benchmarks;

/// <summary>
/// Where the time goes before any parsing. (a) The fake API alone: every report chunk requested as the engine
/// does and read to the end without parsing, so the rate is the ceiling the server and loopback HTTP set for
/// every other phase (the server builds each row on the same cores). (b) Pure parsing: the first report bodies
/// (up to <see cref="RecordBytes"/>) are kept in memory and parsed again by the engine's stream reader, so the
/// parse rate is measured apart from the server.
/// </summary>
internal static class RawReportPhase
{
    private const long RecordBytes = 256L * 1024 * 1024;

    public sealed record Result(long Bytes, TimeSpan FetchElapsed, long ParsedRows, TimeSpan ParseElapsed, IReadOnlyList<(long BandId, byte[] Body)> Recorded);

    public static async Task<Result> RunAsync(FakeBandcampServer server, BenchRange range, string tokenCache)
    {
        var api = (await FakeApiConnection.ConnectAsync(server, tokenCache)).Api;
        var recorded = new List<(long BandId, byte[] Body)>();
        long bytes = 0, recordedBytes = 0;
        var buffer = new byte[64 * 1024];
        var clock = Stopwatch.StartNew();
        foreach (var bandId in FakeBands.TopLevelIds)
        {
            var request = new SalesReportRequest(bandId, null, range.StartUtc, range.EndUtc);
            foreach (var chunk in DateRangeChunker.Split(range.StartUtc, range.EndUtc, request.ChunkDays))
            {
                using var response = await api.PostAsync(SalesReportService.Path, SalesReportService.RequestBody(request, chunk), "raw report", CancellationToken.None);
                await using var body = await response.Content.ReadAsStreamAsync();
                var keep = recordedBytes < RecordBytes ? new MemoryStream() : null;
                for (int read; (read = await body.ReadAsync(buffer)) > 0;)
                {
                    bytes += read;
                    keep?.Write(buffer, 0, read);
                }
                if (keep is null) continue;
                recorded.Add((bandId, keep.ToArray()));
                recordedBytes += keep.Length;
            }
        }
        var fetch = clock.Elapsed;

        clock.Restart();
        var rows = await StageFloorsPhase.ParseAllAsync(recorded);
        return new Result(bytes, fetch, rows, clock.Elapsed, recorded);
    }
}
