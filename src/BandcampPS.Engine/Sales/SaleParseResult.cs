namespace BandcampPS.Engine.Sales;

/// <summary>One row of a report that could not become a sale; the rest of the report still flows.</summary>
public sealed class BandcampSaleParseError
{
    public string Message { get; init; } = "";
    public string ErrorId { get; init; } = BandcampErrorIds.SaleInvalid;
    public string? Field { get; init; }
    public string? Value { get; init; }
    public string? TransactionId { get; init; }
    public long? TransactionItemId { get; init; }

    /// <summary>For CSV sources: the file and the line the row starts on.</summary>
    public string? FileName { get; init; }
    public long? LineNumber { get; init; }

    public override string ToString() => Message;
}

/// <summary>Either a sale or the reason a row is not one.</summary>
public readonly record struct SaleParseResult(BandcampSale? Sale, BandcampSaleParseError? Error)
{
    public static SaleParseResult Of(BandcampSale sale) => new(sale, null);
    public static SaleParseResult Failed(BandcampSaleParseError error) => new(null, error);
}
