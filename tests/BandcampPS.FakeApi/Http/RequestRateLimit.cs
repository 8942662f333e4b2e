namespace BandcampPS.FakeApi;

/// <summary>At most N requests admitted per one-second window of the server's clock; thread-safe.</summary>
internal sealed class RequestRateLimit(int perSecond, TimeProvider time)
{
    private readonly object _lock = new();
    private long _window = -1;
    private int _admitted;

    public bool TryAdmit()
    {
        var window = time.GetUtcNow().ToUnixTimeSeconds();
        lock (_lock)
        {
            if (window != _window) (_window, _admitted) = (window, 0);
            if (_admitted >= perSecond) return false;
            _admitted++;
            return true;
        }
    }
}
