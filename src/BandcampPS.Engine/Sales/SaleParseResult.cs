namespace BandcampPS.Engine.Sales;

/// <summary>One row of a report that could not become a sale; the rest of the report still flows.</summary>
public sealed class BandcampSaleParseError
{
    public string Message { get; init; } = "";
    public string ErrorId { get; init; } = BandcampErrorIds.SaleInvalid;
    public string? Field { get; init; }

    /// <summary>The offending value as sent (for an object or array, its JSON text), truncated to a few hundred characters.</summary>
    public string? Value { get; init; }

    public string? TransactionId { get; init; }
    public long? TransactionItemId { get; init; }

    /// <summary>For CSV sources: the file and the line the row starts on.</summary>
    public string? FileName { get; init; }
    public long? LineNumber { get; init; }

    public override string ToString() => Message;
}

/// <summary>A part of a requested range that was not read, and why: reported, and never treated as read.</summary>
public sealed class SalesGap(SalesReadScope scope, DateTime startUtc, DateTime endUtc, BandcampException reason)
{
    public SalesReadScope Scope { get; } = scope;
    public DateTime StartUtc { get; } = startUtc;
    public DateTime EndUtc { get; } = endUtc;
    public BandcampException Reason { get; } = reason;

    public string Describe() =>
        $"{Scope.Describe()} from {StartUtc:yyyy-MM-dd HH:mm:ss} to {EndUtc:yyyy-MM-dd HH:mm:ss} UTC";

    public override string ToString() => $"{Describe()}: {Reason.Message}";
}

/// <summary>
/// One item of a read: a sale, or the reason a row is not one, or a range that was not read (<see cref="Gap"/>),
/// or the news that a span has ended (<see cref="EndedSpan"/>, complete or not), which Sync uses to advance its
/// watermark only over what is stored.
/// </summary>
public readonly record struct SaleParseResult(BandcampSale? Sale, BandcampSaleParseError? Error, SalesGap? Gap = null, SalesSpan? EndedSpan = null)
{
    public static SaleParseResult Of(BandcampSale sale) => new(sale, null);
    public static SaleParseResult Failed(BandcampSaleParseError error) => new(null, error);
    public static SaleParseResult NotRead(SalesGap gap, SalesSpan? endedSpan = null) => new(null, null, gap, endedSpan);
    public static SaleParseResult Ended(SalesSpan span) => new(null, null, null, span);
}
