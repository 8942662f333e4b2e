namespace BandcampPS.Engine.Sales;

/// <summary>
/// Which chunks of a read are being read: the one being emitted and up to <c>limit</c> - 1 after it. It opens slowly,
/// as a careful client does: the first chunk goes alone until Bandcamp answers it with rows (or completes), and after a
/// failed chunk the next go one at a time until one is answered again. Thread-safe: chunk readers report answers from their threads.
/// </summary>
internal sealed class ReadWindow(IReadOnlyList<SpanReader> readers, int limit, Action<SpanReader> start)
{
    private readonly object _lock = new();
    private int _started;
    private int _emitting;
    private int _width = 1;
    private bool _stopped;

    public IReadOnlyList<SpanReader> Readers => readers;

    /// <summary>The span at <paramref name="index"/> is now the one emitted: start what the window allows.</summary>
    public void Advance(int index)
    {
        lock (_lock)
        {
            _emitting = index;
            TopUp();
        }
    }

    /// <summary>A chunk was answered: the full width again.</summary>
    public void Answered()
    {
        lock (_lock)
        {
            if (_width == limit) return;
            _width = limit;
            TopUp();
        }
    }

    /// <summary>An emitted span failed: one chunk at a time from here until one is answered.</summary>
    public void Failed()
    {
        lock (_lock) _width = 1;
    }

    /// <summary>Starts nothing more; completes when every chunk reader started has stopped (cancel them first).</summary>
    public Task StopAsync()
    {
        int started;
        lock (_lock)
        {
            _stopped = true;
            started = _started;
        }
        return Task.WhenAll(readers.Take(started).Select(r => r.Completion));
    }

    private void TopUp()
    {
        while (!_stopped && _started < readers.Count && _started < _emitting + _width)
            start(readers[_started++]);
    }
}
