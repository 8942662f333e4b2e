using System.Management.Automation;
using BandcampPS.Engine.Diagnostics;

namespace BandcampPS.Infrastructure;

/// <summary>
/// Base of every BandcampPS cmdlet: owns the cancellation that Ctrl+C (StopProcessing) triggers, and runs engine
/// work on the thread pool while the pipeline thread writes what it produces (PSResourceGet's pattern).
/// </summary>
public abstract class BandcampCmdlet : PSCmdlet
{
    private readonly CancellationTokenSource _stopping = new();

    protected CancellationToken CancellationToken => _stopping.Token;

    protected override void StopProcessing() => _stopping.Cancel();

    /// <summary>
    /// Runs <paramref name="work"/> off the pipeline thread; everything it posts (and every engine log message)
    /// is written on the pipeline thread as it arrives. Exceptions from the work surface here.
    /// </summary>
    internal void RunPumped(Func<PipelineQueue, Task> work)
    {
        using var queue = new PipelineQueue(_stopping.Token);
        queue.RouteLog(WriteVerbose, WriteWarning, WriteDebug);
        var task = Task.Run(async () =>
        {
            using (AmbientLog.Use(queue))
            {
                try { await work(queue).ConfigureAwait(false); }
                finally { queue.Complete(); }
            }
        });

        try
        {
            foreach (var write in queue.Consume()) write();
        }
        catch
        {
            // The pipeline stopped under us (Ctrl+C, or a downstream Select-Object -First): stop the work too.
            _stopping.Cancel();
            try { task.Wait(); } catch (AggregateException) { }
            throw;
        }

        try
        {
            task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    /// <summary>Runs one awaited engine call, with its log messages written on the pipeline thread.</summary>
    internal T RunEngine<T>(Func<CancellationToken, Task<T>> call)
    {
        T result = default!;
        RunPumped(async (PipelineQueue _) => result = await call(_stopping.Token).ConfigureAwait(false));
        return result;
    }
}
