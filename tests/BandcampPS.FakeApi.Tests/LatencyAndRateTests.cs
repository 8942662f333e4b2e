using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace BandcampPS.FakeApi.Tests;

/// <summary>The constant behaviour a latency benchmark needs: every API answer late, and a per-second request limit.</summary>
public sealed class LatencyAndRateTests
{
    private static async Task<(FakeBandcampServer Server, FakeApiClient Client, string Access)> StartAsync(FakeBandcampOptions options)
    {
        var server = await FakeBandcampServer.StartAsync(options);
        var client = new FakeApiClient(server);
        var (access, _) = await client.GrantAsync();
        return (server, client, access);
    }

    [Fact]
    public async Task Every_api_call_is_answered_only_after_the_response_delay_on_the_servers_clock_and_several_wait_at_once()
    {
        var clock = new DelayCountingClock(TimeSpan.FromSeconds(1), expected: 3);
        var (server, client, access) = await StartAsync(new FakeBandcampOptions { ResponseDelay = TimeSpan.FromSeconds(1), TimeProvider = clock });
        await using var _ = server;
        using var __ = client;

        var calls = Enumerable.Range(0, 3).Select(_ => client.PostApiAsync(Routes.MyBands, access)).ToArray();
        await clock.AllWaiting.Task.WaitAsync(TimeSpan.FromMinutes(1)); // all three are waiting out the delay
        Assert.DoesNotContain(calls, c => c.IsCompleted);
        Assert.Equal(3, server.Stats.MaxConcurrentApiRequests);

        clock.Advance(TimeSpan.FromSeconds(1));
        foreach (var response in await Task.WhenAll(calls))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            response.Dispose();
        }
    }

    /// <summary>A fake clock that signals once <c>expected</c> waits of <c>delay</c> have begun on it.</summary>
    private sealed class DelayCountingClock(TimeSpan delay, int expected) : FakeTimeProvider(DateTimeOffset.UtcNow)
    {
        private int _waits;

        public TaskCompletionSource AllWaiting { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            if (dueTime == delay && Interlocked.Increment(ref _waits) == expected) AllWaiting.TrySetResult();
            return timer;
        }
    }

    [Fact]
    public async Task Api_calls_beyond_the_limit_in_one_second_get_429_with_retry_after_and_the_next_second_admits_again()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
        var (server, client, access) = await StartAsync(new FakeBandcampOptions { RateLimitPerSecond = 2, TimeProvider = clock });
        await using var _ = server;
        using var __ = client;

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.PostApiAsync(Routes.MyBands, access);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        }
        clock.Advance(TimeSpan.FromSeconds(1));
        using var nextSecond = await client.PostApiAsync(Routes.MyBands, access);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, nextSecond.StatusCode);
    }
}
