using System.Diagnostics;
using BandcampPS.Engine;
using BandcampPS.Engine.Sales;
using BandcampPS.FakeApi;

namespace BandcampPS.Benchmarks;

/// <summary>
/// Phase 1: the engine alone reads every sale (HTTP on loopback, streamed JSON → BandcampSale), no PowerShell.
/// Keeps the first sales it reads for the baseline, so both phases see the same rows.
/// </summary>
internal static class ParsePhase
{
    public sealed record Result(long Rows, TimeSpan Elapsed, IReadOnlyList<BandcampSale> Kept);

    /// <param name="tokenCache">Shared with the module's phases: Bandcamp (and the fake) allows one live grant per client.</param>
    public static async Task<Result> RunAsync(FakeBandcampServer server, BenchRange range, int keep, string tokenCache)
    {
        var connection = await FakeApiConnection.ConnectAsync(server, tokenCache);

        var kept = new List<BandcampSale>(keep);
        long rows = 0;
        var clock = Stopwatch.StartNew();
        foreach (var bandId in FakeBands.TopLevelIds)
        {
            var request = new SalesReportRequest(bandId, null, range.StartUtc, range.EndUtc);
            await foreach (var row in connection.GetSalesAsync(request, null, CancellationToken.None))
            {
                if (row.EndedSpan is not null) continue; // the end of a chunk
                var sale = row.Sale ?? throw new InvalidOperationException("The fake API sent a row the engine refused: " + (row.Error?.Message ?? row.Gap?.ToString()));
                rows++;
                if (kept.Count < keep) kept.Add(sale);
            }
        }
        clock.Stop();
        return new Result(rows, clock.Elapsed, kept);
    }
}

/// <summary>The date range every phase reads: all the fake server's sales.</summary>
internal sealed record BenchRange(DateTime StartUtc, DateTime EndUtc)
{
    public static BenchRange Of(FakeBandcampOptions options) => new(options.SalesStartUtc, options.SalesEndUtc);
}
