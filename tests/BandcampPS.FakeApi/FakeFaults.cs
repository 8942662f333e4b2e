using System.Collections.Concurrent;

namespace BandcampPS.FakeApi;

/// <summary>
/// Misbehaviour to switch on while the server runs, each from api.md 7 and 9. Request-counting
/// knobs apply to the next N requests that reach them, on any path, and then switch off.
/// All members are thread-safe.
/// </summary>
public sealed class FakeFaults
{
    internal CountdownFault<int> RateLimit { get; } = new();
    internal CountdownFault<int> ServerError { get; } = new();
    internal CountdownFault<TimeSpan> Delay { get; } = new();
    internal CountdownFault<bool> HtmlBlock { get; } = new();
    internal CountdownFault<bool> Challenge { get; } = new();
    private readonly ConcurrentDictionary<long, byte> _invalidDates = new();
    private int _truncateAfterRows = -1;
    private int _duplicateGrant;
    private volatile bool _alternateDateFormats;
    private volatile bool _redirectReportDownloads;
    private volatile int _fetchNotReadyCount = 1;

    /// <summary>429 with Retry-After (seconds) and a JSON error body.</summary>
    public void RateLimitNext(int requests, int retryAfterSeconds = 3) => RateLimit.Arm(requests, retryAfterSeconds);

    /// <summary>A burst of 5xx answers (an HTML error page, as an edge or app server sends).</summary>
    public void ServerErrorsNext(int requests, int status = 503)
    {
        if (status is < 500 or > 599) throw new ArgumentOutOfRangeException(nameof(status), "Must be a 5xx status.");
        ServerError.Arm(requests, status);
    }

    /// <summary>Waits this long before answering at all (before the headers); stops if the client gives up.</summary>
    public void DelayNext(int requests, TimeSpan delay) => Delay.Arm(requests, delay);

    /// <summary>The next sync sales_report sends this many rows, then the connection is cut mid-JSON.</summary>
    public void TruncateNextSalesReport(int afterRows = 5)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterRows);
        Volatile.Write(ref _truncateAfterRows, afterRows);
    }

    /// <summary>The next client_credentials grant (with good credentials) is refused with duplicate_grant.</summary>
    public void DuplicateGrantOnNextGrant() => Volatile.Write(ref _duplicateGrant, 1);

    /// <summary>403 text/html "Error 54113 … Varnish cache server" page, as the bot filter sends.</summary>
    public void HtmlBlockNext(int requests) => HtmlBlock.Arm(requests, true);

    /// <summary>200 text/html "Client Challenge" JavaScript page.</summary>
    public void ChallengeNext(int requests) => Challenge.Arm(requests, true);

    /// <summary>That row's date is sent as unparsable text ("31 Foo 2024 99:99:99 GMT").</summary>
    public void InvalidDateForTransactionItemId(long itemId) => _invalidDates[itemId] = 0;

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
        Volatile.Write(ref _truncateAfterRows, -1);
        Volatile.Write(ref _duplicateGrant, 0);
        AlternateDateFormats = false;
        RedirectReportDownloads = false;
        FetchNotReadyCount = 1;
    }

    internal int? TakeTruncation()
    {
        var rows = Interlocked.Exchange(ref _truncateAfterRows, -1);
        return rows < 0 ? null : rows;
    }

    internal bool TakeDuplicateGrant() => Interlocked.Exchange(ref _duplicateGrant, 0) == 1;

    internal SaleDateText DateText(int seed) =>
        _invalidDates.IsEmpty && !AlternateDateFormats
            ? SaleDateText.Plain
            : new SaleDateText(_invalidDates.Keys.ToHashSet(), AlternateDateFormats, seed);
}
