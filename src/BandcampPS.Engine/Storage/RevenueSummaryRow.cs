using BandcampPS.Engine.Sales;

namespace BandcampPS.Engine.Storage;

/// <summary>
/// One group of a summary. Key properties are null when not grouped by them. Sums are exact decimals, written with
/// their currency's decimals (JPY 290586, EUR 10.50) whichever source the rows came from; never rounded.
/// Rows count by their kind (<see cref="ItemTypes.KindOf"/>): sales (album, track, bundle, package, ... and any
/// new type), refunds (refund, reversal, pending reversal, cancelled reversal, adjustment) and payouts. The sales
/// columns (SaleCount, Quantity, Gross, Fees, Taxes, Shipping) cover sales only; Net is the sales' net with the
/// refunds' netted in (Net = net of the sales + RefundAmount); payouts are money Bandcamp sent the label, not
/// revenue, and appear only in Payouts and PayoutAmount.
/// Amounts in different currencies are never added: <see cref="Currency"/> and the native sums are null when the
/// group mixes currencies (group by Currency to split it). Likewise <see cref="ReportingCurrency"/> and the
/// Converted sums are null unless every row of the group was converted into the same reporting currency;
/// <see cref="UnconvertedCount"/> says how many were not.
/// </summary>
public sealed class RevenueSummaryRow
{
    public int? Year { get; init; }
    public int? Month { get; init; }
    public int? Day { get; init; }
    public string? Artist { get; init; }
    public string? Release { get; init; }
    public string? CatalogNumber { get; init; }
    public string? ItemType { get; init; }
    public string? CountryCode { get; init; }
    public string? Country { get; init; }
    public BandcampSaleSource? Source { get; init; }
    public long? BandId { get; init; }

    public string? Currency { get; init; }

    /// <summary>Sale rows (refunds and payouts not included).</summary>
    public long SaleCount { get; init; }

    /// <summary>Sum of the sales' Quantity: units sold.</summary>
    public long Quantity { get; init; }

    /// <summary>Sum of the sales' ItemTotal: what buyers paid.</summary>
    public decimal? Gross { get; init; }

    /// <summary>Sum of the sales' TransactionFee.</summary>
    public decimal? Fees { get; init; }

    /// <summary>Sum of the sales' SellerTax + MarketplaceTax.</summary>
    public decimal? Taxes { get; init; }

    /// <summary>Sum of the sales' Shipping.</summary>
    public decimal? Shipping { get; init; }

    /// <summary>Sum of NetAmount over sales and refunds: what the label keeps, refunds netted in.</summary>
    public decimal? Net { get; init; }

    /// <summary>Refund, reversal and adjustment rows.</summary>
    public long Refunds { get; init; }

    /// <summary>Sum of the refund rows' NetAmount (negative: what they took back); already part of Net.</summary>
    public decimal? RefundAmount { get; init; }

    /// <summary>Payout rows.</summary>
    public long Payouts { get; init; }

    /// <summary>Sum of the payout rows' NetAmount, as Bandcamp reports it (negative: money sent out of the Bandcamp balance to the label).</summary>
    public decimal? PayoutAmount { get; init; }

    public string? ReportingCurrency { get; init; }

    /// <summary>Sum of the sales' ConvertedItemTotal.</summary>
    public decimal? ConvertedGross { get; init; }

    /// <summary>Sum of ConvertedNetAmount over sales and refunds.</summary>
    public decimal? ConvertedNet { get; init; }

    /// <summary>Sum of the sales' ConvertedTransactionFee.</summary>
    public decimal? ConvertedFees { get; init; }

    /// <summary>Sum of the sales' ConvertedTaxes (each row's SellerTax + MarketplaceTax, converted as one amount).</summary>
    public decimal? ConvertedTaxes { get; init; }

    /// <summary>Sum of the sales' ConvertedShipping.</summary>
    public decimal? ConvertedShipping { get; init; }

    /// <summary>Sum of the refund rows' ConvertedNetAmount.</summary>
    public decimal? ConvertedRefundAmount { get; init; }

    /// <summary>Sum of the payout rows' ConvertedNetAmount.</summary>
    public decimal? ConvertedPayoutAmount { get; init; }

    /// <summary>Rows of any kind without a conversion.</summary>
    public long UnconvertedCount { get; init; }
}
