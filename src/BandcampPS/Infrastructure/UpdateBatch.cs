using System.Management.Automation;
using BandcampPS.Engine;
using BandcampPS.Engine.Merch;

namespace BandcampPS.Infrastructure;

/// <summary>What a merch update cmdlet sends: the items, and where each accepted or refused item goes.</summary>
internal delegate Task SendUpdates<T>(MerchOrdersClient merch, IReadOnlyList<T> items, Action<T> applied,
    Action<T, BandcampApiException> refused, CancellationToken cancellationToken);

/// <summary>
/// The batching of the merch cmdlets that change things: items confirmed by ShouldProcess are collected and sent in
/// batches of <see cref="MerchOrdersClient.BatchSize"/> (as few calls as Bandcamp allows), results streamed as they
/// come: each item Bandcamp accepted is written as the object saying what changed, each refused item is one error
/// naming it. Under -WhatIf nothing is collected, so nothing is sent. A field of the cmdlet rather than its base class:
/// a base class over engine types would need the engine before the module's load context is hooked in.
/// </summary>
internal sealed class UpdateBatch<T>(BandcampCmdlet cmdlet, Func<BandcampConnection> connection, CancellationToken stopping,
    SendUpdates<T> send, Func<T, BandcampApiException, BandcampException> refusal) where T : class
{
    private readonly List<T> _pending = [];

    /// <summary>Adds an item that passed ShouldProcess; a full batch is sent at once.</summary>
    public void Enqueue(T item)
    {
        _pending.Add(item);
        if (_pending.Count >= MerchOrdersClient.BatchSize) Flush();
    }

    public void Flush()
    {
        if (_pending.Count == 0) return;
        var batch = _pending.ToArray();
        _pending.Clear();
        var merch = connection().Merch;
        try
        {
            cmdlet.RunPumped(queue => send(merch, batch,
                item => queue.Post(() => cmdlet.WriteObject(item)),
                (item, refused) => queue.Post(() => cmdlet.WriteError(ErrorRecords.From(refusal(item, refused)))),
                stopping));
        }
        catch (Exception ex) when (ex is not PipelineStoppedException)
        {
            // Not a refusal: the network, the token or Bandcamp's edge failed, and so would every later batch.
            var failure = ex is BandcampException known
                ? new BandcampException(known.ErrorId, known.Kind,
                    $"{known.Message} The {batch.Length} item(s) of this batch may or may not have been changed; nothing after them was sent.", $"{batch.Length} item(s)", ex)
                : ex;
            cmdlet.ThrowTerminatingError(ErrorRecords.From(failure));
        }
    }
}
