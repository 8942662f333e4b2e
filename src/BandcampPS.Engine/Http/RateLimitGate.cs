using System.Net;

namespace BandcampPS.Engine.Http;

/// <summary>
/// What one 429 tells every request of a connection, not just the one that got it: Bandcamp limits per client
/// (api.md 7), so when several requests are in flight (Get-BandcampSale -ThrottleLimit) and one is told to wait, all
/// wait out the same Retry-After before sending anything, and then go one at a time until an answer comes back that
/// is not a 429. A burst of 429s therefore slows a read down to what a sequential one would do, instead of spending
/// every in-flight request's retries at once. Waits run on the connection's clock (<see cref="TimeProvider"/>).
/// </summary>
internal sealed class RateLimitGate(TimeProvider time)
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly object _lock = new();
    private DateTimeOffset _resumeAt = DateTimeOffset.MinValue;
    private bool _limited;

    /// <summary>How long the current pause still lasts (zero when none): added to an attempt's timeout, which must not count it.</summary>
    public TimeSpan Remaining
    {
        get
        {
            lock (_lock)
            {
                var left = _resumeAt - time.GetUtcNow();
                return left > TimeSpan.Zero ? left : TimeSpan.Zero;
            }
        }
    }

    /// <summary>True from a 429 until an answer that is not one.</summary>
    public bool IsLimited
    {
        get { lock (_lock) return _limited; }
    }

    /// <summary>
    /// Waits until a request may be sent: after any pause, and, while limited, for the one slot. Returns the slot to
    /// hold until the answer's headers arrive (null when not limited).
    /// </summary>
    public async ValueTask<IDisposable?> EnterAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var wait = Remaining;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
                continue;
            }
            if (!IsLimited) return null;
            await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
            // Another request may have lifted the limit, or met a new 429, while this one waited for the slot.
            if (IsLimited && Remaining == TimeSpan.Zero) return new Slot(_oneAtATime);
            _oneAtATime.Release();
            if (!IsLimited) return null;
        }
    }

    /// <summary>Learns from an answer: a 429 pauses everyone for <paramref name="retryAfter"/> and limits to one at a time; any other answer lifts the limit.</summary>
    public void Observe(HttpResponseMessage? response, TimeSpan retryAfter)
    {
        if (response is null) return;
        lock (_lock)
        {
            if (response.StatusCode != HttpStatusCode.TooManyRequests)
            {
                _limited = false;
                return;
            }
            _limited = true;
            var resumeAt = time.GetUtcNow() + retryAfter;
            if (resumeAt > _resumeAt) _resumeAt = resumeAt;
        }
    }

    private sealed class Slot(SemaphoreSlim semaphore) : IDisposable
    {
        private SemaphoreSlim? _semaphore = semaphore;

        public void Dispose() => Interlocked.Exchange(ref _semaphore, null)?.Release();
    }
}
