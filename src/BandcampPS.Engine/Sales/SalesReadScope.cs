using System.Globalization;
using BandcampPS.Engine.Bands;

namespace BandcampPS.Engine.Sales;

/// <summary>
/// What one read asked for and got: one band (or one member of a label), one source, one item filter, split into
/// <see cref="Spans"/> (the API's chunks; one span for a CSV file read with an explicit range). Every sale the read
/// emits points at its span, so whoever stores the sales later knows exactly what was read completely and may be
/// replaced (Import-BandcampRevenue -ClearExisting), and Sync knows how far it may advance its watermark.
/// </summary>
public sealed class SalesReadScope
{
    internal SalesReadScope(BandcampSaleSource source, long bandId, long? memberBandId, SaleFilter filter, IEnumerable<(DateTime Start, DateTime End)> spans)
    {
        Source = source;
        BandId = bandId;
        MemberBandId = memberBandId;
        Filter = filter;
        Spans = spans.Select(s => new SalesSpan(this, s.Start, s.End)).ToArray();
    }

    public BandcampSaleSource Source { get; }
    public long BandId { get; }
    public long? MemberBandId { get; }
    public SaleFilter Filter { get; }
    public IReadOnlyList<SalesSpan> Spans { get; }

    public string Describe() => BandcampBand.Describe(BandId, MemberBandId);
}

public enum SalesSpanState
{
    /// <summary>Not read yet, or being read.</summary>
    Pending,

    /// <summary>Read to its end with every row a sale.</summary>
    Complete,

    /// <summary>Read to its end, but some rows were not sales (each was reported).</summary>
    CompleteWithRowErrors,

    /// <summary>Not (wholly) read: the request failed after its retries, or was never made.</summary>
    Failed,
}

/// <summary>
/// One window [StartUtc, EndUtc) of a read, and how reading it went. Written by the one reader of the read, read by
/// its consumers once the read is over (an import's end comes after its upstream commands' end).
/// </summary>
public sealed class SalesSpan
{
    private int _emitted;
    private int _rowErrors;

    internal SalesSpan(SalesReadScope scope, DateTime startUtc, DateTime endUtc)
    {
        Scope = scope;
        StartUtc = startUtc;
        EndUtc = endUtc;
    }

    public SalesReadScope Scope { get; }
    public DateTime StartUtc { get; }
    public DateTime EndUtc { get; }
    public SalesSpanState State { get; private set; }

    /// <summary>Why the span is <see cref="SalesSpanState.Failed"/>.</summary>
    public BandcampException? Failure { get; private set; }

    /// <summary>Sales of this span handed to the caller (after the filter): an import that receives fewer got a subset.</summary>
    public int Emitted => Volatile.Read(ref _emitted);

    public int RowErrors => Volatile.Read(ref _rowErrors);

    /// <summary>Read to its end with nothing left out: what may be replaced, and what a watermark may pass.</summary>
    public bool IsComplete => State == SalesSpanState.Complete;

    internal void CountEmitted() => Interlocked.Increment(ref _emitted);

    internal void CountRowError() => Interlocked.Increment(ref _rowErrors);

    internal void Complete() => State = RowErrors == 0 ? SalesSpanState.Complete : SalesSpanState.CompleteWithRowErrors;

    internal void Fail(BandcampException failure)
    {
        State = SalesSpanState.Failed;
        Failure = failure;
    }

    /// <summary>Why this span may not be replaced or counted as read; null when it is complete.</summary>
    public string? Incompleteness => State switch
    {
        SalesSpanState.Complete => null,
        SalesSpanState.CompleteWithRowErrors => $"{RowErrors} row(s) of it could not be read",
        SalesSpanState.Failed => $"it was not read ({Failure?.Message})",
        _ => "its read did not finish",
    };

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Scope.Describe()} [{StartUtc:yyyy-MM-dd HH:mm:ss}, {EndUtc:yyyy-MM-dd HH:mm:ss})");
}
