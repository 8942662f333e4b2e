using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace BandcampPS.Engine.Tests.Http;

/// <summary>
/// The fake clock, telling the test each timer it is asked for: so a test can wait for "the retry is now waiting"
/// as an event, then move the clock, instead of sleeping and hoping the wait has begun.
/// </summary>
internal sealed class SignallingTimeProvider : FakeTimeProvider
{
    private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();

    public SignallingTimeProvider() : base(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero)) { }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _timers.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>
    /// The due time of the next timer created, skipping those of <paramref name="ignored"/> (e.g. per-attempt timeouts)
    /// and those created stopped (a CancellationTokenSource starts its timer so and sets it later).
    /// </summary>
    public async Task<TimeSpan> NextTimerAsync(TimeSpan ignored)
    {
        while (true)
        {
            var due = await _timers.Reader.ReadAsync();
            if (due != ignored && due != Timeout.InfiniteTimeSpan) return due;
        }
    }
}
