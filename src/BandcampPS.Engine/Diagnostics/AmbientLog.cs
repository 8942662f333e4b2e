namespace BandcampPS.Engine.Diagnostics;

/// <summary>
/// A log that forwards to whoever is listening in the current async flow. A connection outlives the cmdlet
/// call that made it, so its components log here and each cmdlet call routes the messages to its own
/// pipeline for the duration of the call.
/// </summary>
public sealed class AmbientLog : IBandcampLog
{
    private static readonly AsyncLocal<IBandcampLog?> Current = new();

    public static AmbientLog Instance { get; } = new();

    private AmbientLog() { }

    public static IDisposable Use(IBandcampLog sink)
    {
        var previous = Current.Value;
        Current.Value = sink;
        return new Restore(previous);
    }

    public void Verbose(string message) => (Current.Value ?? NullBandcampLog.Instance).Verbose(message);
    public void Warning(string message) => (Current.Value ?? NullBandcampLog.Instance).Warning(message);
    public void Debug(string message) => (Current.Value ?? NullBandcampLog.Instance).Debug(message);

    private sealed class Restore(IBandcampLog? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
