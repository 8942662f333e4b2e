using BandcampPS.Engine.Sales;
using BandcampPS.FakeApi;

namespace BandcampPS.Engine.Tests.Sales;

/// <summary>
/// Several chunk requests in flight (-ThrottleLimit) and still every guarantee of a sequential read: sales in chunk
/// order, every span ended once and in order, gaps where they were, nothing twice, a bounded buffer per chunk read
/// ahead, 429s slowing the read rather than failing it, and a stop that ends every request at once.
/// </summary>
public sealed class ThrottledReadTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    private static SalesReportRequest Label(int throttleLimit) =>
        new(FakeBands.LabelId, null, FakeBandcamp.Start, FakeBandcamp.End) { ThrottleLimit = throttleLimit };

    private static async Task<List<SaleParseResult>> ReadAsync(IAsyncEnumerable<SaleParseResult> read, CancellationToken ct = default)
    {
        var items = new List<SaleParseResult>();
        await foreach (var item in read.WithCancellation(ct)) items.Add(item);
        return items;
    }

    /// <summary>The read as the tests compare it: each item's kind and identity, in order.</summary>
    private static List<string> Shape(IEnumerable<SaleParseResult> items) => items.Select(i =>
        i.Sale is { } sale ? $"sale {sale.SaleKey}"
        : i.Error is { } error ? $"error {error.TransactionItemId}"
        : i.Gap is { } gap ? $"gap {gap.StartUtc:O} {gap.EndUtc:O}"
        : $"end {i.EndedSpan!.StartUtc:O} {i.EndedSpan.State}").ToList();

    /// <summary>Until the fake holds <paramref name="requests"/> requests (at most a minute): its signal, not a poll.</summary>
    private static Task HeldAsync(FakeBandcamp fake, int requests) => fake.Server.Faults.WhenHeldAsync(requests).WaitAsync(Patience);

    private static SalesReportService Service(FakeBandcamp fake, Action<SpanReader>? bufferFull = null, int prefetchRows = 1024) =>
        new(fake.Connection.Api, fake.Log) { PrefetchRows = prefetchRows, OnBufferFull = bufferFull };

    [Fact]
    public async Task Chunks_answered_out_of_order_come_out_exactly_as_a_sequential_read_gives_them_each_buffer_bounded()
    {
        await using var fake = await FakeBandcamp.StartAsync(new FakeBandcampOptions { SaleCount = 5000 });
        var sequential = await fake.ReadAsync(Label(1));
        var full = new HashSet<SpanReader>();
        var threeFull = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var service = Service(fake, reader =>
        {
            lock (full)
                if (full.Add(reader) && full.Count == 3) threeFull.TrySetResult();
        }, prefetchRows: 4);
        // The first chunk is answered alone; of the four asked next, the first to arrive is held until three others
        // have been answered and have filled their buffers behind it.
        fake.Server.Faults.HoldNext(1, skip: 1, path: Routes.SalesReport);

        var read = ReadAsync(service.GetSalesAsync(Label(4)));
        await threeFull.Task.WaitAsync(Patience);
        Assert.Equal(1, fake.Server.Faults.HeldRequests);
        lock (full) Assert.All(full, reader => Assert.Equal(4, reader.BufferedHighWater));
        fake.Server.Faults.ReleaseHeld();
        var throttled = await read.WaitAsync(Patience);

        Assert.Equal(Shape(sequential), Shape(throttled));
        Assert.True(fake.Server.Stats.MaxConcurrentApiRequests >= 2);
        lock (full) Assert.All(full, reader => Assert.InRange(reader.BufferedHighWater, 1, 4));
    }

    [Fact]
    public async Task Cut_off_chunks_read_ahead_are_read_again_without_a_sale_twice()
    {
        await using var fake = await FakeBandcamp.StartAsync(new FakeBandcampOptions { PayoutsHaveItemIds = false });
        var sequential = await fake.ReadAsync(Label(1));
        fake.Server.Faults.TruncateNextSalesReport(afterRows: 5, skip: 1, requests: 3);

        var throttled = await fake.ReadAsync(Label(4));

        Assert.Equal(Shape(sequential), Shape(throttled));
        Assert.Contains(fake.Log.Warnings, w => w.Contains("Reading the chunk again"));
    }

    [Fact]
    public async Task A_blocked_chunk_among_those_in_flight_is_one_gap_of_its_own_range_and_every_other_chunk_is_read()
    {
        await using var fake = await FakeBandcamp.StartAsync();
        fake.Server.Faults.HtmlBlockNext(1, skip: 2, path: Routes.SalesReport);

        var items = await fake.ReadAsync(Label(4));

        var gap = Assert.Single(items, i => i.Gap is not null).Gap!;
        var ended = items.Where(i => i.EndedSpan is not null).Select(i => i.EndedSpan!).ToList();
        Assert.Equal(ended.OrderBy(s => s.StartUtc), ended);
        Assert.Equal(Label(4).Scope().Spans.Count, ended.Count);
        var failed = Assert.Single(ended, s => !s.IsComplete);
        Assert.Equal((failed.StartUtc, failed.EndUtc), (gap.StartUtc, gap.EndUtc));
        var expected = fake.Expected(FakeBands.LabelId, FakeBandcamp.Start, FakeBandcamp.End) - fake.Expected(FakeBands.LabelId, failed.StartUtc, failed.EndUtc);
        Assert.Equal(expected, items.Count(i => i.Sale is not null));
    }

    [Fact]
    public async Task A_band_Bandcamp_refuses_is_asked_once_however_many_requests_may_be_in_flight()
    {
        await using var fake = await FakeBandcamp.StartAsync();

        var items = await fake.ReadAsync(new SalesReportRequest(999, null, FakeBandcamp.Start, FakeBandcamp.End) { ThrottleLimit = 4 });

        var gap = Assert.Single(items, i => i.Gap is not null).Gap!;
        Assert.Equal((FakeBandcamp.Start, FakeBandcamp.End), (gap.StartUtc, gap.EndUtc));
        Assert.Equal(1, fake.Server.Stats.SalesReportRequests);
    }

    [Fact]
    public async Task A_storm_of_429s_slows_the_read_down_to_one_request_at_a_time_and_every_sale_still_comes()
    {
        await using var fake = await FakeBandcamp.StartAsync();
        var sequential = await fake.ReadAsync(Label(1));
        // More 429s than one request has retries: spent one request at a time, they spread over every waiting chunk.
        fake.Server.Faults.RateLimitNext(10, retryAfterSeconds: 1, skip: 1, path: Routes.SalesReport);

        var throttled = await fake.ReadAsync(Label(4));

        Assert.Equal(Shape(sequential), Shape(throttled));
        Assert.Contains(fake.Log.Verbose, v => v.Contains("HTTP 429"));
    }

    [Fact]
    public async Task No_more_than_the_limit_is_in_flight_and_a_stop_ends_the_read_and_every_request_at_once()
    {
        await using var fake = await FakeBandcamp.StartAsync();
        fake.Server.Faults.HoldNext(10, skip: 1, path: Routes.SalesReport); // never released
        using var stop = new CancellationTokenSource();
        var seen = 0;

        var read = Task.Run(async () =>
        {
            await foreach (var _ in fake.Connection.GetSalesAsync(Label(4), null, stop.Token))
                seen++;
        });
        await HeldAsync(fake, 4);
        Assert.Equal(5, fake.Server.Stats.ApiRequestsFor(Routes.SalesReport)); // the first chunk, then four at once: no fifth
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read.WaitAsync(Patience));
        Assert.True(seen > 0);
    }

    [Fact]
    public async Task A_consumer_that_stops_early_ends_every_request_read_ahead()
    {
        await using var fake = await FakeBandcamp.StartAsync();
        fake.Server.Faults.HoldNext(3, skip: 1, path: Routes.SalesReport); // never released

        var first = await Task.Run(async () =>
        {
            await foreach (var item in fake.Connection.GetSalesAsync(Label(4), null, CancellationToken.None))
            {
                if (item.Sale is null) continue;
                await HeldAsync(fake, 3);
                return item.Sale; // as Select-Object -First 1 does: the read is disposed with requests held
            }
            return null;
        }).WaitAsync(Patience);

        Assert.NotNull(first);
    }
}
