using System.Collections.Concurrent;

namespace BandcampPS.FakeApi;

/// <summary>
/// Misbehaviour to switch on while the server runs, each from api.md 7 and 9. Request-counting
/// knobs apply to the next N requests that reach them, on any path (or only on <c>path</c>), after letting the
/// first <c>skip</c> of them through, and then switch off. All members are thread-safe.
/// </summary>
public sealed class FakeFaults
{
    internal CountdownFault<int> RateLimit { get; } = new();
    internal CountdownFault<int> ServerError { get; } = new();
    internal CountdownFault<TimeSpan> Delay { get; } = new();
    internal CountdownFault<bool> HtmlBlock { get; } = new();
    internal CountdownFault<bool> Challenge { get; } = new();
    internal CountdownFault<int> Truncation { get; } = new();
    internal CountdownFault<bool> Hold { get; } = new();
    private TaskCompletionSource _gate = NewGate();
    private int _held;
    private TaskCompletionSource _heldMore = NewGate();
    private readonly ConcurrentDictionary<long, byte> _invalidDates = new();
    private readonly ConcurrentDictionary<long, MalformedRowKind> _malformedRows = new();
    private readonly ConcurrentDictionary<long, byte> _hiddenSales = new();
    private int _duplicateGrant;
    private volatile bool _alternateDateFormats;
    private volatile bool _redirectReportDownloads;
    private volatile int _fetchNotReadyCount = 1;

    /// <summary>429 with Retry-After (seconds) and a JSON error body.</summary>
    public void RateLimitNext(int requests, int retryAfterSeconds = 3, int skip = 0, string? path = null) =>
        RateLimit.Arm(requests, retryAfterSeconds, skip, path);

    /// <summary>A burst of 5xx answers (an HTML error page, as an edge or app server sends).</summary>
    public void ServerErrorsNext(int requests, int status = 503, int skip = 0, string? path = null)
    {
        if (status is < 500 or > 599) throw new ArgumentOutOfRangeException(nameof(status), "Must be a 5xx status.");
        ServerError.Arm(requests, status, skip, path);
    }

    /// <summary>Waits this long before answering at all (before the headers); stops if the client gives up.</summary>
    public void DelayNext(int requests, TimeSpan delay, int skip = 0, string? path = null) => Delay.Arm(requests, delay, skip, path);

    /// <summary>
    /// The next matching requests wait, before any answer, until <see cref="ReleaseHeld"/>: a test can then act while a
    /// client is known to be mid-run, waiting on the network (no timing involved). <see cref="HeldRequests"/> tells
    /// how many are waiting.
    /// </summary>
    public void HoldNext(int requests, int skip = 0, string? path = null) => Hold.Arm(requests, true, skip, path);

    public int HeldRequests => Volatile.Read(ref _held);

    /// <summary>Completes once at least <paramref name="requests"/> requests wait at the gate: a signal to await, not a count to poll.</summary>
    public async Task WhenHeldAsync(int requests, CancellationToken ct = default)
    {
        while (true)
        {
            // Read the signal before the count: a request held in between completes the signal read here.
            var heldMore = Volatile.Read(ref _heldMore);
            if (HeldRequests >= requests) return;
            await heldMore.Task.WaitAsync(ct);
        }
    }

    /// <summary>Lets every held request through, and makes a new gate for the next HoldNext.</summary>
    public void ReleaseHeld() => Interlocked.Exchange(ref _gate, NewGate()).TrySetResult();

    internal async Task WaitAtGateAsync(CancellationToken ct)
    {
        var gate = Volatile.Read(ref _gate);
        Interlocked.Increment(ref _held);
        Interlocked.Exchange(ref _heldMore, NewGate()).TrySetResult();
        try { await gate.Task.WaitAsync(ct); }
        finally { Interlocked.Decrement(ref _held); }
    }

    private static TaskCompletionSource NewGate() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// The next sync sales_report (after letting <paramref name="skip"/> through; <paramref name="requests"/> of them)
    /// sends this many rows, then the connection is cut mid-JSON.
    /// </summary>
    public void TruncateNextSalesReport(int afterRows = 5, int skip = 0, int requests = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterRows);
        Truncation.Arm(requests, afterRows, skip);
    }

    /// <summary>The next client_credentials grant (with good credentials) is refused with duplicate_grant.</summary>
    public void DuplicateGrantOnNextGrant() => Volatile.Write(ref _duplicateGrant, 1);

    /// <summary>403 text/html "Error 54113 … Varnish cache server" page, as the bot filter sends.</summary>
    public void HtmlBlockNext(int requests, int skip = 0, string? path = null) => HtmlBlock.Arm(requests, true, skip, path);

    /// <summary>200 text/html "Client Challenge" JavaScript page.</summary>
    public void ChallengeNext(int requests, int skip = 0, string? path = null) => Challenge.Arm(requests, true, skip, path);

    /// <summary>That row's date is sent as unparsable text ("31 Foo 2024 99:99:99 GMT").</summary>
    public void InvalidDateForTransactionItemId(long itemId) => _invalidDates[itemId] = 0;

    /// <summary>
    /// That row is sent broken in a way JSON allows but a sale does not (an object or array where its item name
    /// should be, or a lone UTF-16 surrogate escape): the rows beside it stay good.
    /// </summary>
    public void MalformRow(long itemId, MalformedRowKind kind) => _malformedRows[itemId] = kind;

    /// <summary>That sale is left out of every report from now on, as if Bandcamp had withdrawn it: what -ClearExisting removes.</summary>
    public void HideSale(long itemId) => _hiddenSales[itemId] = 0;

    internal bool IsHidden(FakeSale sale) => !_hiddenSales.IsEmpty && _hiddenSales.ContainsKey(sale.BandcampTransactionItemId);

    /// <summary>About three rows in four use another spelling: "4 Jan 2021 …", "2021-01-04 23:22:11", ISO with Z.</summary>
    public bool AlternateDateFormats { get => _alternateDateFormats; set => _alternateDateFormats = value; }

    /// <summary>How many fetch_sales_report calls for each new report answer "Report hasn't generated yet" (read when generated).</summary>
    public int FetchNotReadyCount
    {
        get => _fetchNotReadyCount;
        set => _fetchNotReadyCount = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    /// <summary>fetch_sales_report hands out a URL that answers 302 to the file (clients must follow redirects).</summary>
    public bool RedirectReportDownloads { get => _redirectReportDownloads; set => _redirectReportDownloads = value; }

    /// <summary>Switches every fault off.</summary>
    public void Reset()
    {
        foreach (var knob in new[] { HtmlBlock, Challenge }) knob.Arm(0, false);
        RateLimit.Arm(0, 0);
        ServerError.Arm(0, 0);
        Delay.Arm(0, TimeSpan.Zero);
        _invalidDates.Clear();
        _malformedRows.Clear();
        _hiddenSales.Clear();
        Truncation.Arm(0, 0);
        Hold.Arm(0, false);
        ReleaseHeld();
        Volatile.Write(ref _duplicateGrant, 0);
        AlternateDateFormats = false;
        RedirectReportDownloads = false;
        FetchNotReadyCount = 1;
    }

    internal int? TakeTruncation() => Truncation.TryTake(null, out var rows) ? rows : null;

    internal bool TakeDuplicateGrant() => Interlocked.Exchange(ref _duplicateGrant, 0) == 1;

    internal SaleDateText DateText(int seed) =>
        _invalidDates.IsEmpty && !AlternateDateFormats
            ? SaleDateText.Plain
            : new SaleDateText(_invalidDates.Keys.ToHashSet(), AlternateDateFormats, seed);

    internal ReportRowStyle RowStyle(int seed, bool payoutItemIds) =>
        _malformedRows.IsEmpty && payoutItemIds && _invalidDates.IsEmpty && !AlternateDateFormats
            ? ReportRowStyle.Plain
            : new ReportRowStyle(DateText(seed), new Dictionary<long, MalformedRowKind>(_malformedRows), payoutItemIds);
}
