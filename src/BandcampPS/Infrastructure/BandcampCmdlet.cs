using System.Diagnostics.CodeAnalysis;
using System.Management.Automation;
using BandcampPS.Engine;
using BandcampPS.Engine.Diagnostics;

namespace BandcampPS.Infrastructure;

/// <summary>
/// Base of every BandcampPS cmdlet: owns the cancellation that Ctrl+C (StopProcessing) triggers, runs engine work on
/// the thread pool while the pipeline thread writes what it produces (PSResourceGet's pattern), and is the one place
/// a failure becomes an error record: <see cref="Terminating{T}"/> where it ends the command,
/// <see cref="TryOrWriteError{T}"/> where it is about one input and the next is still tried.
/// </summary>
public abstract class BandcampCmdlet : PSCmdlet
{
    private readonly CancellationTokenSource _stopping = new();

    protected CancellationToken CancellationToken => _stopping.Token;

    /// <summary>The cmdlets' "now" (default end dates, checks of dates in the future): the engine's clock abstraction.</summary>
    internal TimeProvider Clock { get; } = TimeProvider.System;

    internal DateTime UtcNow => Clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// True for the cmdlets that only read (a store, a rate file): a failed database or file access that ends them is
    /// a ReadError (<see cref="ErrorRecords.FromRead"/>), not the WriteError an import reports. Same ErrorIds either way.
    /// </summary>
    protected virtual bool OnlyReads => false;

    protected override void StopProcessing() => _stopping.Cancel();

    /// <summary>
    /// Runs a step whose failure ends the command: any exception but a stop becomes the one terminating error record
    /// (a stable ErrorId, its category, and <paramref name="target"/> unless the exception names its own).
    /// </summary>
    internal T Terminating<T>(Func<T> step, object? target = null)
    {
        try
        {
            return step();
        }
        catch (Exception ex) when (ex is not PipelineStoppedException)
        {
            ThrowTerminatingError(OnlyReads ? ErrorRecords.FromRead(ex, target) : ErrorRecords.From(ex, target));
            return default!; // not reached: ThrowTerminatingError throws
        }
    }

    /// <inheritdoc cref="Terminating{T}"/>
    internal void Terminating(Action step, object? target = null) => Terminating(() => { step(); return true; }, target);

    /// <summary>
    /// Runs a step about one input (a band, a query, a row): its failure is one error about <paramref name="target"/>,
    /// false comes back and the caller goes on with the next input. An authentication failure still ends the command,
    /// since every later call would fail the same way.
    /// </summary>
    internal bool TryOrWriteError<T>(Func<T> step, object? target, [MaybeNullWhen(false)] out T result)
    {
        try
        {
            result = step();
            return true;
        }
        catch (Exception ex) when (ex is not PipelineStoppedException)
        {
            WriteEngineError(ex, target);
            result = default;
            return false;
        }
    }

    /// <inheritdoc cref="TryOrWriteError{T}"/>
    internal bool TryOrWriteError(Action step, object? target) => TryOrWriteError(() => { step(); return true; }, target, out _);

    /// <summary>What <see cref="TryOrWriteError{T}"/> writes, for a site that catches the failure itself.</summary>
    internal void WriteEngineError(Exception exception, object? target)
    {
        var record = ErrorRecords.From(exception, target);
        if (exception is BandcampException { Kind: BandcampErrorKind.Authentication }) ThrowTerminatingError(record);
        WriteError(record);
    }

    /// <summary>
    /// The question a destructive step asks after its ShouldProcess: -Force, or -Confirm given either way (already
    /// answered), skips it; otherwise ShouldContinue asks <paramref name="query"/>. A session that cannot ask
    /// (non-interactive, a job) gets <paramref name="cannotAsk"/> as one error, which names -Force, and false: the
    /// step is not done, and nothing ends with a raw host exception.
    /// </summary>
    internal bool ConfirmedOrForced(bool force, string query, string caption, Func<Exception, BandcampException> cannotAsk)
    {
        if (force || MyInvocation.BoundParameters.ContainsKey("Confirm")) return true;
        try
        {
            return ShouldContinue(query, caption);
        }
        catch (Exception ex) when (ex is PSInvalidOperationException or System.Management.Automation.Host.HostException)
        {
            WriteError(ErrorRecords.From(cannotAsk(ex)));
            return false;
        }
    }

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
