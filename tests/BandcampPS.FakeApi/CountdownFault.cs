namespace BandcampPS.FakeApi;

/// <summary>A fault armed for the next N requests, carrying a parameter (status, delay, …). Thread-safe.</summary>
internal sealed class CountdownFault<T>
{
    private readonly Lock _gate = new();
    private int _remaining;
    private T _value = default!;

    public int Remaining { get { lock (_gate) return _remaining; } }

    public void Arm(int requests, T value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(requests);
        lock (_gate) (_remaining, _value) = (requests, value);
    }

    /// <summary>True (and one fewer left) if this request should get the fault.</summary>
    public bool TryTake(out T value)
    {
        lock (_gate)
        {
            value = _value;
            if (_remaining == 0) return false;
            _remaining--;
            return true;
        }
    }
}
