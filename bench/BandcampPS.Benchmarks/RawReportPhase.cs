using System.Diagnostics;
using BandcampPS.Engine.Api;
using BandcampPS.Engine.Auth;
using BandcampPS.Engine.Diagnostics;
using BandcampPS.Engine.Http;
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
        var api = CreateApi(server, tokenCache);
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

        long rows = 0;
        clock.Restart();
        foreach (var (bandId, body) in recorded)
        {
            await foreach (var row in SalesReportReader.ReadAsync(new MemoryStream(body, writable: false), bandId, null, "recorded report"))
                rows += row.Sale is null ? 0 : 1;
        }
        return new Result(bytes, fetch, rows, clock.Elapsed, recorded);
    }

    // The engine's own HTTP pipeline and token provider, as BandcampConnection wires them.
    private static BandcampApiClient CreateApi(FakeBandcampServer server, string tokenCache)
    {
        var log = NullBandcampLog.Instance;
        var http = new BandcampHttp(new HttpSettings(), TimeProvider.System, log);
        var clientId = server.Options.ClientId;
        var cache = new TokenCacheFile(TokenCacheFile.ResolvePath(tokenCache, clientId, server.BaseUri), clientId, server.BaseUri, log);
        var tokens = new TokenProvider(new ClientCredentials(clientId, server.ClientSecret), cache,
            new TokenEndpoint(server.BaseUri, http, TimeProvider.System, log), TimeProvider.System, log, new TokenSettings());
        return new BandcampApiClient(server.BaseUri, http, tokens, log);
    }
}
