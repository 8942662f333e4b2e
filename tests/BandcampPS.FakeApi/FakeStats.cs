using System.Collections.Concurrent;
using System.Threading.Channels;

namespace BandcampPS.FakeApi;

/// <summary>What the server has seen, for tests to assert on. All members are thread-safe.</summary>
public sealed class FakeStats
{
    private long _tokenRequests, _clientCredentialsGrants, _refreshGrants, _duplicateGrantErrors;
    private long _apiRequests, _salesReportRequests, _generateRequests, _fetchRequests, _reportDownloads, _rowsWritten, _authorizedDownloads;
    private readonly ConcurrentDictionary<string, long> _apiRequestsByPath = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<RecordedSalesReportRequest> _salesReportLog = new();
    private readonly ConcurrentDictionary<string, long> _userAgents = new(StringComparer.Ordinal);
    private volatile string? _lastAuthorizationScheme;
    private readonly Channel<HeldRequest> _held = Channel.CreateUnbounded<HeldRequest>();
    private int _apiInFlight, _maxApiInFlight;

    /// <summary>Every request to /oauth_token, whatever came of it.</summary>
    public long TokenRequests => Interlocked.Read(ref _tokenRequests);

    /// <summary>client_credentials grants issued (refusals not counted).</summary>
    public long ClientCredentialsGrants => Interlocked.Read(ref _clientCredentialsGrants);

    /// <summary>refresh_token grants issued (refusals not counted).</summary>
    public long RefreshGrants => Interlocked.Read(ref _refreshGrants);

    public long DuplicateGrantErrors => Interlocked.Read(ref _duplicateGrantErrors);

    /// <summary>Every request under /api/, whatever came of it.</summary>
    public long ApiRequests => Interlocked.Read(ref _apiRequests);

    public IReadOnlyDictionary<string, long> ApiRequestsByPath => new Dictionary<string, long>(_apiRequestsByPath);

    public long ApiRequestsFor(string path) => _apiRequestsByPath.GetValueOrDefault(path);

    /// <summary>The most API requests in flight at once (arrived, answer not yet written to its end), faulted ones too.</summary>
    public int MaxConcurrentApiRequests => Volatile.Read(ref _maxApiInFlight);

    /// <summary>Authorised sync sales_report calls.</summary>
    public long SalesReportRequests => Interlocked.Read(ref _salesReportRequests);
    public long GenerateSalesReportRequests => Interlocked.Read(ref _generateRequests);
    public long FetchSalesReportRequests => Interlocked.Read(ref _fetchRequests);
    public long ReportDownloads => Interlocked.Read(ref _reportDownloads);

    /// <summary>Report download requests (the file or its redirect hop) that carried an Authorization header: should stay 0.</summary>
    public long ReportDownloadsWithAuthorization => Interlocked.Read(ref _authorizedDownloads);

    /// <summary>Report rows handed to the network so far (sync and downloads), updated at each flush.</summary>
    public long SalesReportRowsWritten => Interlocked.Read(ref _rowsWritten);

    /// <summary>Bodies of authorised sales_report and generate_sales_report calls, in arrival order.</summary>
    public IReadOnlyList<RecordedSalesReportRequest> SalesReportRequestLog => _salesReportLog.ToArray();

    /// <summary>Distinct User-Agent headers seen ("" for a request without one).</summary>
    public IReadOnlyCollection<string> UserAgents => _userAgents.Keys.ToArray();

    /// <summary>The scheme of the last Authorization header on an /api/ call (e.g. "Bearer"), or null.</summary>
    public string? LastAuthorizationScheme => _lastAuthorizationScheme;

    /// <summary>
    /// The next request the delay knob holds back, in arrival order, as soon as the hold begins: the signal that a client
    /// is now waiting on the server (each held request is handed out once).
    /// </summary>
    public ValueTask<HeldRequest> NextHeldRequestAsync(CancellationToken ct = default) => _held.Reader.ReadAsync(ct);

    internal HeldRequest Hold(string path)
    {
        var held = new HeldRequest(path);
        _held.Writer.TryWrite(held);
        return held;
    }

    internal void CountTokenRequest() => Interlocked.Increment(ref _tokenRequests);
    internal void CountClientCredentialsGrant() => Interlocked.Increment(ref _clientCredentialsGrants);
    internal void CountRefreshGrant() => Interlocked.Increment(ref _refreshGrants);
    internal void CountDuplicateGrantError() => Interlocked.Increment(ref _duplicateGrantErrors);
    internal void CountGenerate() => Interlocked.Increment(ref _generateRequests);
    internal void CountFetch() => Interlocked.Increment(ref _fetchRequests);
    internal void CountDownload() => Interlocked.Increment(ref _reportDownloads);
    internal void CountAuthorizedDownload() => Interlocked.Increment(ref _authorizedDownloads);
    internal void CountRowsWritten(int rows) => Interlocked.Add(ref _rowsWritten, rows);

    internal void CountApiRequest(string path)
    {
        Interlocked.Increment(ref _apiRequests);
        _apiRequestsByPath.AddOrUpdate(path, 1, (_, n) => n + 1);
    }

    internal void BeginApiRequest()
    {
        var now = Interlocked.Increment(ref _apiInFlight);
        for (var max = Volatile.Read(ref _maxApiInFlight); now > max; max = Volatile.Read(ref _maxApiInFlight))
            if (Interlocked.CompareExchange(ref _maxApiInFlight, now, max) == max) break;
    }

    internal void EndApiRequest() => Interlocked.Decrement(ref _apiInFlight);

    internal void RecordSalesReport(RecordedSalesReportRequest request)
    {
        if (request.Method.EndsWith("/sales_report", StringComparison.Ordinal)) Interlocked.Increment(ref _salesReportRequests);
        _salesReportLog.Enqueue(request);
    }

    internal void RecordUserAgent(string? userAgent) => _userAgents.AddOrUpdate(userAgent ?? "", 1, (_, n) => n + 1);

    internal void RecordAuthorizationScheme(string? scheme) => _lastAuthorizationScheme = scheme;
}
