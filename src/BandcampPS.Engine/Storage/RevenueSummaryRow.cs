using BandcampPS.Engine.Sales;

namespace BandcampPS.Engine.Storage;

/// <summary>
/// One group of a summary. Key properties are null when not grouped by them. Sums are exact decimals.
/// Amounts in different currencies are never added: <see cref="Currency"/> and the native sums (Gross,
/// Fees, Taxes, Shipping, Net) are null when the group mixes currencies (group by Currency to split it).
/// Likewise <see cref="ReportingCurrency"/> and the Converted sums are null unless every row of the group
/// was converted into the same reporting currency; <see cref="UnconvertedCount"/> says how many were not.
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
    public long SaleCount { get; init; }
    public long Quantity { get; init; }

    /// <summary>Sum of ItemTotal: what buyers paid.</summary>
    public decimal? Gross { get; init; }

    /// <summary>Sum of TransactionFee.</summary>
    public decimal? Fees { get; init; }

    /// <summary>Sum of SellerTax + MarketplaceTax.</summary>
    public decimal? Taxes { get; init; }

    public decimal? Shipping { get; init; }

    /// <summary>Sum of NetAmount.</summary>
    public decimal? Net { get; init; }

    public string? ReportingCurrency { get; init; }

    /// <summary>Sum of ConvertedItemTotal.</summary>
    public decimal? ConvertedGross { get; init; }

    /// <summary>Sum of ConvertedNetAmount.</summary>
    public decimal? ConvertedNet { get; init; }

    /// <summary>Sum of ConvertedTransactionFee.</summary>
    public decimal? ConvertedFees { get; init; }

    /// <summary>Sum of ConvertedTaxes (each row's SellerTax + MarketplaceTax, converted as one amount).</summary>
    public decimal? ConvertedTaxes { get; init; }

    /// <summary>Sum of ConvertedShipping.</summary>
    public decimal? ConvertedShipping { get; init; }

    public long UnconvertedCount { get; init; }
}
