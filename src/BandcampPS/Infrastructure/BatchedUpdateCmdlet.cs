using System.Management.Automation;
using BandcampPS.Engine;
using BandcampPS.Engine.Merch;

namespace BandcampPS.Infrastructure;

/// <summary>
/// Base of the merch cmdlets that change things: items confirmed by ShouldProcess are collected and sent in batches
/// of <see cref="MerchOrdersClient.BatchSize"/> (as few calls as Bandcamp allows), results streamed as they come:
/// each item Bandcamp accepted is written as the object saying what changed, each refused item is one error naming
/// it. Under -WhatIf nothing is collected, so nothing is sent.
/// </summary>
public abstract class BatchedUpdateCmdlet<T> : BandcampConnectedCmdlet where T : class
{
    private readonly List<T> _pending = [];

    protected abstract Task SendAsync(MerchOrdersClient merch, IReadOnlyList<T> items, Action<T> applied,
        Action<T, BandcampApiException> refused, CancellationToken cancellationToken);

    protected abstract BandcampException Refusal(T item, BandcampApiException refusal);

    /// <summary>Adds an item that passed ShouldProcess; a full batch is sent at once.</summary>
    protected void Enqueue(T item)
    {
        _pending.Add(item);
        if (_pending.Count >= MerchOrdersClient.BatchSize) Flush();
    }

    protected override void EndProcessing() => Flush();

    private void Flush()
    {
        if (_pending.Count == 0) return;
        var batch = _pending.ToArray();
        _pending.Clear();
        var connection = ActiveConnection;
        try
        {
            RunPumped(queue => SendAsync(connection.Merch, batch,
                item => queue.Post(() => WriteObject(item)),
                (item, refusal) => queue.Post(() => WriteError(ErrorRecords.From(Refusal(item, refusal)))),
                CancellationToken));
        }
        catch (Exception ex) when (ex is not PipelineStoppedException)
        {
            // Not a refusal: the network, the token or Bandcamp's edge failed, and so would every later batch.
            var failure = ex is BandcampException known
                ? new BandcampException(known.ErrorId, known.Kind,
                    $"{known.Message} The {batch.Length} item(s) of this batch may or may not have been changed; nothing after them was sent.", batch.Length, ex)
                : ex;
            ThrowTerminatingError(ErrorRecords.From(failure));
        }
    }
}
