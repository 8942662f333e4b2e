using System.Net;
using BandcampPS.Engine.Http;
using Microsoft.Extensions.Time.Testing;

namespace BandcampPS.Engine.Tests.Http;

/// <summary>One 429 pauses every request of the connection, then they go one at a time until one is answered.</summary>
public sealed class RateLimitGateTests
{
    private static HttpResponseMessage Answer(HttpStatusCode status) => new(status);

    [Fact]
    public async Task Before_any_429_requests_pass_at_once_and_side_by_side()
    {
        var gate = new RateLimitGate(new FakeTimeProvider());

        var first = await gate.EnterAsync(CancellationToken.None);
        var second = await gate.EnterAsync(CancellationToken.None);

        Assert.Null(first);
        Assert.Null(second);
    }

    [Fact]
    public async Task After_a_429_every_request_waits_out_its_retry_after_then_one_goes_at_a_time_until_one_is_answered()
    {
        var clock = new FakeTimeProvider();
        var gate = new RateLimitGate(clock);
        gate.Observe(Answer(HttpStatusCode.TooManyRequests), TimeSpan.FromSeconds(3));

        var a = gate.EnterAsync(CancellationToken.None).AsTask();
        var b = gate.EnterAsync(CancellationToken.None).AsTask();
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.False(a.IsCompleted || b.IsCompleted);

        clock.Advance(TimeSpan.FromSeconds(1));
        var probe = await Task.WhenAny(a, b);
        var waiting = probe == a ? b : a;
        Assert.NotNull(await probe);
        Assert.False(waiting.IsCompleted);

        gate.Observe(Answer(HttpStatusCode.OK), TimeSpan.Zero);
        (await probe)!.Dispose();
        Assert.Null(await waiting);
        Assert.False(gate.IsLimited);
    }

    [Fact]
    public async Task A_probe_that_meets_another_429_pauses_everyone_again()
    {
        var clock = new FakeTimeProvider();
        var gate = new RateLimitGate(clock);
        gate.Observe(Answer(HttpStatusCode.TooManyRequests), TimeSpan.Zero);
        using (var probe = await gate.EnterAsync(CancellationToken.None))
        {
            Assert.NotNull(probe);
            gate.Observe(Answer(HttpStatusCode.TooManyRequests), TimeSpan.FromSeconds(5));
        }

        var next = gate.EnterAsync(CancellationToken.None).AsTask();
        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.False(next.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.NotNull(await next);
        Assert.Equal(TimeSpan.Zero, gate.Remaining);
    }

    [Fact]
    public async Task A_stop_ends_the_wait()
    {
        var gate = new RateLimitGate(new FakeTimeProvider());
        gate.Observe(Answer(HttpStatusCode.TooManyRequests), TimeSpan.FromMinutes(2));
        using var stop = new CancellationTokenSource();

        var waiting = gate.EnterAsync(stop.Token).AsTask();
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }
}
