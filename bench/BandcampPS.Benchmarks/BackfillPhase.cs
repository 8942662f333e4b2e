using System.Diagnostics;
using System.Globalization;
using BandcampPS.Engine;
using BandcampPS.Engine.Diagnostics;
using BandcampPS.Engine.Sales;
using BandcampPS.FakeApi;

namespace BandcampPS.Benchmarks;

/// <summary>
/// Latency, not CPU: a ten-year backfill of one band (30-day chunks, 122 requests) from a fake API that takes
/// <c>delay</c> to answer each request, as Bandcamp takes about a second; read by the engine one request at a time,
/// then with the default -ThrottleLimit, then again with the server limiting requests per second (a storm of 429s),
/// which must slow the read down and still bring every sale, with no gap.
/// </summary>
internal static class BackfillPhase
{
    public sealed record Run(string Name, int ThrottleLimit, long Sales, long Expected, int Gaps, long Requests, long RateLimited, TimeSpan Elapsed);

    private static readonly DateTime Start = new(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime End = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static async Task<IReadOnlyList<Run>> RunAsync(TimeSpan delay, int sales, int perSecond, string work)
    {
        var sequential = await ReadAsync("one request at a time (-ThrottleLimit 1)", delay, 0, 1, sales, work);
        var throttled = await ReadAsync($"default (-ThrottleLimit {SalesReportRequest.DefaultThrottleLimit})", delay, 0, SalesReportRequest.DefaultThrottleLimit, sales, work);
        var storm = await ReadAsync($"default, the server allowing {perSecond} requests/s (429s)", delay, perSecond, SalesReportRequest.DefaultThrottleLimit, sales, work);
        return [sequential, throttled, storm];
    }

    private static async Task<Run> ReadAsync(string name, TimeSpan delay, int perSecond, int throttleLimit, int sales, string work)
    {
        var options = new FakeBandcampOptions
        {
            SaleCount = sales, SalesStartUtc = Start, SalesEndUtc = End, ResponseDelay = delay, RateLimitPerSecond = perSecond,
        };
        await using var server = await FakeBandcampServer.StartAsync(options);
        var log = new CountingLog();
        var connection = new BandcampConnection(new BandcampConnectionOptions
        {
            Credentials = new Engine.Auth.ClientCredentials(options.ClientId, server.ClientSecret),
            BaseUri = server.BaseUri,
            TokenCacheFolder = Path.Combine(work, "backfill-tokens-" + Guid.NewGuid().ToString("N")),
        }, log);
        await connection.ConnectAsync(CancellationToken.None);
        long read = 0;
        var gaps = 0;
        var request = new SalesReportRequest(FakeBands.SoloBandId, null, Start, End) { ThrottleLimit = throttleLimit };
        var clock = Stopwatch.StartNew();
        await foreach (var row in connection.GetSalesAsync(request, null, CancellationToken.None))
        {
            if (row.Sale is not null) read++;
            if (row.Gap is not null) gaps++;
        }
        clock.Stop();
        return new Run(name, throttleLimit, read, server.Sales.CountInRange(FakeBands.SoloBandId, null, Start, End), gaps,
            server.Stats.SalesReportRequests, log.RateLimited, clock.Elapsed);
    }

    public static string Describe(Run run) => string.Create(CultureInfo.InvariantCulture,
        $"   {run.Name}: {run.Elapsed.TotalSeconds:0.0} s, {run.Sales:N0} of {run.Expected:N0} sales, {run.Gaps} gap(s), {run.Requests} answered requests, {run.RateLimited} answered 429");

    /// <summary>Counts the retries the HTTP pipeline logs for 429s.</summary>
    private sealed class CountingLog : IBandcampLog
    {
        private long _rateLimited;
        public long RateLimited => Interlocked.Read(ref _rateLimited);
        public void Verbose(string message)
        {
            if (message.Contains("HTTP 429", StringComparison.Ordinal)) Interlocked.Increment(ref _rateLimited);
        }
        public void Warning(string message) { }
        public void Debug(string message) { }
    }
}
