using Microsoft.Extensions.Time.Testing;

namespace BandcampPS.Engine.Tests.Merch;

/// <summary>
/// A fake clock that moves itself forward by each short wait as soon as the wait is set up, so code that waits
/// (polling with backoff) runs at once while every requested wait is recorded. Waits of an hour or more (the HTTP
/// pipeline's per-attempt timeout in these tests) never fire.
/// </summary>
internal sealed class SteppingTimeProvider() : FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero))
{
    private readonly List<TimeSpan> _waits = [];

    public IReadOnlyList<TimeSpan> Waits
    {
        get { lock (_waits) return _waits.ToList(); }
    }

    /// <summary>When set, the next wait is not stepped over but signals this instead (to cancel in the middle of it).</summary>
    public TaskCompletionSource? HoldNextWait { get; set; }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime > TimeSpan.Zero && dueTime < TimeSpan.FromHours(1))
        {
            lock (_waits) _waits.Add(dueTime);
            if (HoldNextWait is { } hold)
            {
                HoldNextWait = null;
                hold.TrySetResult();
            }
            else _ = Task.Run(() => Advance(dueTime));
        }
        return timer;
    }
}
