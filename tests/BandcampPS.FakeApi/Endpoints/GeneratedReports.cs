using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace BandcampPS.FakeApi;

/// <summary>A report requested through generate_sales_report; "ready" after a number of fetches.</summary>
internal sealed class GeneratedReport(string token, SalesQuery query, int notReadyFetches)
{
    private int _notReadyLeft = notReadyFetches;

    public string Token { get; } = token;
    public SalesQuery Query { get; } = query;
    public string FileName => $"{Token}.{Query.Format}";
    public bool IsReady => Volatile.Read(ref _notReadyLeft) <= 0;

    /// <summary>One fetch: true if this fetch still finds the report unfinished.</summary>
    public bool FetchFindsNotReady() => Interlocked.Decrement(ref _notReadyLeft) >= 0;
}

/// <summary>The async reports of one server, by token.</summary>
internal sealed class GeneratedReports
{
    private readonly ConcurrentDictionary<string, GeneratedReport> _byToken = new(StringComparer.Ordinal);

    public GeneratedReport Add(SalesQuery query, int notReadyFetches)
    {
        // Opaque, like the "r9f3c1d2e0" seen in the wild.
        var token = "r" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var report = new GeneratedReport(token, query, notReadyFetches);
        _byToken[token] = report;
        return report;
    }

    public GeneratedReport? Find(string? token) => token is not null && _byToken.TryGetValue(token, out var r) ? r : null;

    /// <summary>The report a download file name ("&lt;token&gt;.json" / ".csv") stands for, if ready.</summary>
    public GeneratedReport? FindFile(string fileName)
    {
        var dot = fileName.LastIndexOf('.');
        var report = dot < 0 ? null : Find(fileName[..dot]);
        return report is not null && report.IsReady && report.FileName == fileName ? report : null;
    }
}
