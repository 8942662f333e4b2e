using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using BandcampPS.Engine.Diagnostics;
using BandcampPS.Engine.Storage;

namespace BandcampPS.Engine.Sales;

/// <summary>
/// Reads one span, possibly ahead of the one being emitted (-ThrottleLimit): its request, its attempts (a cut-off
/// body read again, the rows already received skipped by key), each row keyed and de-duplicated, into a bounded
/// buffer the reader of the whole range drains in span order. The buffer holds at most <c>capacity</c> rows, so a
/// span read ahead, even one of a million rows, holds a few hundred kilobytes while it waits its turn: the rest
/// stays in the network, which the server sees as a slow reader. Rows cross in batches (whatever one network read
/// brought, up to a bound), so the emitting thread is woken once per batch, not once per row. It never touches the
/// span's state or counts: <see cref="SalesReportService.ReadAsync"/> does that, in order, as it emits.
/// </summary>
internal sealed class SpanReader
{
    private readonly Channel<SaleParseResult[]> _rows;
    private readonly int _batchRows;
    private readonly List<SaleParseResult> _pending;
    private int _highWater;
    private bool _answered;
    private readonly TaskCompletionSource _turn = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SpanReader(SalesSpan span, int capacity)
    {
        Span = span;
        _batchRows = Math.Clamp(capacity / 8, 1, 128);
        _pending = new List<SaleParseResult>(_batchRows);
        _rows = Channel.CreateBounded<SaleParseResult[]>(new BoundedChannelOptions(Math.Max(1, capacity / _batchRows))
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public SalesSpan Span { get; }

    /// <summary>
    /// The span is now the one emitted. Until then a full buffer waits for this rather than for each free slot, so a
    /// span read ahead fills its buffer once and sleeps instead of waking for every batch the emitter takes elsewhere.
    /// </summary>
    public void TakeTurn() => _turn.TrySetResult();

    /// <summary>Waits for rows; false once the span is read or failed and every row was taken.</summary>
    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken) => _rows.Reader.WaitToReadAsync(cancellationToken);

    /// <summary>The next rows (sales and row errors, in the order the answer sent them), if any are buffered.</summary>
    public bool TryRead(out SaleParseResult[] rows)
    {
        return _rows.Reader.TryRead(out rows!);
    }

    /// <summary>Why the span was not (wholly) read, once every row was taken; null when it was.</summary>
    public BandcampException? Failure { get; private set; }

    /// <summary>What ends the whole read (an authentication failure, a stop, a bug), to be thrown where the span is emitted.</summary>
    public ExceptionDispatchInfo? Fatal { get; private set; }

    /// <summary>The most rows the buffer held at once (batches held × rows a batch may have): never more than its capacity.</summary>
    public int BufferedHighWater => Volatile.Read(ref _highWater);

    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <summary>Called (from a reading thread) when the buffer is full and the reading waits for the emitter.</summary>
    internal Action<SpanReader>? BufferFull { get; init; }

    /// <param name="answered">Told once, when the first row arrives or the span is read without any: Bandcamp answers.</param>
    public void Start(SalesReportRequest request, ISalesChunkSource source, IBandcampLog log, Action answered, CancellationToken cancellationToken) =>
        Completion = Task.Run(() => ReadAsync(request, source, log, answered, cancellationToken), CancellationToken.None);

    private async Task ReadAsync(SalesReportRequest request, ISalesChunkSource source, IBandcampLog log, Action answered, CancellationToken cancellationToken)
    {
        try
        {
            Failure = await ReadAttemptsAsync(request, source, log, answered, cancellationToken).ConfigureAwait(false);
            if (Failure is null) answered();
        }
        catch (Exception ex)
        {
            Fatal = ExceptionDispatchInfo.Capture(ex);
        }
        finally
        {
            _rows.Writer.TryComplete();
        }
    }

    /// <returns>The span's failure, or null when it was read to its end.</returns>
    private async Task<BandcampException?> ReadAttemptsAsync(
        SalesReportRequest request, ISalesChunkSource source, IBandcampLog log, Action answered, CancellationToken cancellationToken)
    {
        var emitted = new EmittedKeys();
        var reportedErrors = new HashSet<string>(StringComparer.Ordinal);
        var description = source.Describe(Span);
        ChunkReader open;
        try
        {
            open = await source.PrepareAsync(request, Span, description, cancellationToken).ConfigureAwait(false);
        }
        catch (BandcampException ex) when (ex.Kind != BandcampErrorKind.Authentication && !cancellationToken.IsCancellationRequested)
        {
            return ex;
        }
        for (var attempt = 1; ; attempt++)
        {
            // Keys are numbered afresh on every attempt, exactly as the first attempt numbered them, so a repeated
            // row gets the key it had and is skipped, with or without an item id.
            var keyer = new SaleKeyer();
            var response = new ChunkResponse();
            await using var rows = open(response, cancellationToken).GetAsyncEnumerator(cancellationToken);
            while (true)
            {
                SaleParseResult row;
                try
                {
                    var next = rows.MoveNextAsync();
                    // About to wait on the network: hand over what has arrived.
                    if (!next.IsCompleted) await FlushAsync(cancellationToken).ConfigureAwait(false);
                    if (!await next.ConfigureAwait(false))
                    {
                        await FlushAsync(cancellationToken).ConfigureAwait(false);
                        return null;
                    }
                    row = rows.Current;
                }
                catch (BandcampTransportException ex) when (response.Started && attempt < source.Attempts && !cancellationToken.IsCancellationRequested)
                {
                    await FlushAsync(cancellationToken).ConfigureAwait(false);
                    log.Warning($"{ex.Message} Reading the chunk again (attempt {attempt + 1} of {source.Attempts}); the {emitted.Count} sale(s) already received are not repeated.");
                    break;
                }
                catch (BandcampException ex) when (ex.Kind != BandcampErrorKind.Authentication && !cancellationToken.IsCancellationRequested)
                {
                    await FlushAsync(cancellationToken).ConfigureAwait(false);
                    return ex;
                }

                if (row.Error is { } error)
                {
                    if (!reportedErrors.Add($"{error.TransactionId}/{error.TransactionItemId}/{error.Field}/{error.Value}")) continue;
                }
                else
                {
                    var sale = row.Sale!;
                    if (!emitted.Add(sale, keyer)) continue;
                    sale.ReadSpan = Span;
                }
                if (!_answered)
                {
                    // Rows, not just headers: Bandcamp's refusal comes as a 200 whose body is an error.
                    _answered = true;
                    answered();
                }
                _pending.Add(row);
                if (_pending.Count == _batchRows) await FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_pending.Count == 0) return;
        var batch = _pending.ToArray();
        _pending.Clear();
        if (!_rows.Writer.TryWrite(batch))
        {
            BufferFull?.Invoke(this);
            if (!_turn.Task.IsCompleted) await _turn.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            await _rows.Writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
        }
        // Counted from the channel itself (batches held, each at most _batchRows rows): a counter of its own would race
        // with the emitter taking batches out.
        var held = _rows.Reader.Count * _batchRows;
        if (held > _highWater) Volatile.Write(ref _highWater, held);
    }

    /// <summary>
    /// The keys a span already emitted, for skipping the repeats of a re-read: item ids as numbers (the usual key,
    /// 8 bytes each, and no string hashed), other keys as text.
    /// </summary>
    private sealed class EmittedKeys
    {
        private readonly HashSet<long> _items = [];
        private readonly HashSet<string> _lines = new(StringComparer.Ordinal);

        public int Count => _items.Count + _lines.Count;

        /// <summary>Gives the sale its key; false when a sale with that key was already emitted.</summary>
        public bool Add(BandcampSale sale, SaleKeyer keyer)
        {
            var key = keyer.KeyOf(sale);
            sale.SaleKey = key;
            return sale.TransactionItemId is { } itemId ? _items.Add(itemId) : _lines.Add(key);
        }
    }
}
