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
/// stays in the network, which the server sees as a slow reader. It never touches the span's state or counts:
/// <see cref="SalesReportService.ReadAsync"/> does that, in order, as it emits.
/// </summary>
internal sealed class SpanReader
{
    private readonly Channel<SaleParseResult> _rows;
    private int _highWater;
    private bool _answered;

    public SpanReader(SalesSpan span, int capacity)
    {
        Span = span;
        _rows = Channel.CreateBounded<SaleParseResult>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public SalesSpan Span { get; }

    /// <summary>The rows, sales and row errors, in the order the answer sent them; completes when the span is read or failed.</summary>
    public ChannelReader<SaleParseResult> Rows => _rows.Reader;

    /// <summary>Why the span was not (wholly) read, once <see cref="Rows"/> completed; null when it was.</summary>
    public BandcampException? Failure { get; private set; }

    /// <summary>What ends the whole read (an authentication failure, a stop, a bug), to be thrown where the span is emitted.</summary>
    public ExceptionDispatchInfo? Fatal { get; private set; }

    /// <summary>The most rows the buffer held at once: never more than its capacity.</summary>
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
                    if (!await rows.MoveNextAsync().ConfigureAwait(false)) return null;
                    row = rows.Current;
                }
                catch (BandcampTransportException ex) when (response.Started && attempt < source.Attempts && !cancellationToken.IsCancellationRequested)
                {
                    log.Warning($"{ex.Message} Reading the chunk again (attempt {attempt + 1} of {source.Attempts}); the {emitted.Count} sale(s) already received are not repeated.");
                    break;
                }
                catch (BandcampException ex) when (ex.Kind != BandcampErrorKind.Authentication && !cancellationToken.IsCancellationRequested)
                {
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
                await WriteAsync(row, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async ValueTask WriteAsync(SaleParseResult row, CancellationToken cancellationToken)
    {
        if (!_rows.Writer.TryWrite(row))
        {
            BufferFull?.Invoke(this);
            await _rows.Writer.WriteAsync(row, cancellationToken).ConfigureAwait(false);
        }
        var buffered = _rows.Reader.Count;
        if (buffered > _highWater) Volatile.Write(ref _highWater, buffered);
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
