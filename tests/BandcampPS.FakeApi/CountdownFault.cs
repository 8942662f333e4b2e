namespace BandcampPS.FakeApi;

/// <summary>
/// A fault armed for the next N requests, carrying a parameter (status, delay, …), optionally only on one path and
/// only after letting the first K matching requests through (to hit, say, the third chunk of a report). Thread-safe.
/// </summary>
internal sealed class CountdownFault<T>
{
    private readonly Lock _gate = new();
    private int _remaining;
    private int _skip;
    private string? _path;
    private T _value = default!;

    public int Remaining { get { lock (_gate) return _remaining; } }

    public void Arm(int requests, T value, int skip = 0, string? path = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(requests);
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        lock (_gate) (_remaining, _value, _skip, _path) = (requests, value, skip, string.IsNullOrEmpty(path) ? null : path);
    }

    /// <summary>True (and one fewer left) if this request should get the fault.</summary>
    public bool TryTake(string? path, out T value)
    {
        lock (_gate)
        {
            value = _value;
            if (_remaining == 0) return false;
            if (_path is not null && !string.Equals(_path, path, StringComparison.OrdinalIgnoreCase)) return false;
            if (_skip > 0)
            {
                _skip--;
                return false;
            }
            _remaining--;
            return true;
        }
    }
}
