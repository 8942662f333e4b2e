using System.Collections.Concurrent;
using BandcampPS.Engine.Diagnostics;

namespace BandcampPS.Infrastructure;

/// <summary>
/// Carries work from engine threads to the pipeline thread: objects, errors, progress and log messages are posted
/// as actions and run, in order, by the cmdlet's pipeline thread (PowerShell allows writes from no other thread).
/// Bounded, so a fast producer waits for a slow pipeline instead of filling memory.
/// </summary>
internal sealed class PipelineQueue(CancellationToken cancellationToken) : IBandcampLog, IDisposable
{
    private readonly BlockingCollection<Action> _actions = new(boundedCapacity: 4096);
    private Action<string>? _verbose, _warning, _debug;

    public void Post(Action action) => _actions.Add(action, cancellationToken);

    public void Complete() => _actions.CompleteAdding();

    public IEnumerable<Action> Consume() => _actions.GetConsumingEnumerable();

    public void RouteLog(Action<string> verbose, Action<string> warning, Action<string> debug) =>
        (_verbose, _warning, _debug) = (verbose, warning, debug);

    void IBandcampLog.Verbose(string message) => TryPost(_verbose, message);
    void IBandcampLog.Warning(string message) => TryPost(_warning, message);
    void IBandcampLog.Debug(string message) => TryPost(_debug, message);

    // Logging must never fail the work it describes, e.g. after the pipeline was stopped.
    private void TryPost(Action<string>? write, string message)
    {
        if (write is null || _actions.IsAddingCompleted) return;
        try { Post(() => write(message)); }
        catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException) { }
    }

    public void Dispose() => _actions.Dispose();
}
