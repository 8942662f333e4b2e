using BandcampPS.Engine.Sales;

namespace BandcampPS.Engine.Currency;

/// <summary>
/// A sale with every money amount converted to a reporting currency: what ConvertTo-BandcampCurrency emits.
/// Every property of the sale is kept as it was, so the object still binds wherever a sale is expected
/// (Import-BandcampRevenue stores the conversion it carries); the conversion is added as flat scalar properties,
/// named like the stored revenue rows' (ReportingCurrency, ExchangeRate, ExchangeRateDate, Converted*), so
/// Export-Csv writes one plain column each.
/// </summary>
public sealed record ConvertedSale : BandcampSale
{
    internal ConvertedSale(BandcampSale sale, CurrencyConversion conversion)
        : base(sale)
    {
        ArgumentNullException.ThrowIfNull(conversion);
        Conversion = conversion;
        ReportingCurrency = conversion.ToCurrency;
        ExchangeRate = conversion.AuditRate;
        ExchangeRateDate = conversion.RateDate;
        ConvertedItemPrice = conversion.Convert(sale.ItemPrice);
        ConvertedSubTotal = conversion.Convert(sale.SubTotal);
        ConvertedAdditionalFanContribution = conversion.Convert(sale.AdditionalFanContribution);
        ConvertedSellerTax = conversion.Convert(sale.SellerTax);
        ConvertedMarketplaceTax = conversion.Convert(sale.MarketplaceTax);
        ConvertedCollectionSocietyShare = conversion.Convert(sale.CollectionSocietyShare);
        ConvertedShipping = conversion.Convert(sale.Shipping);
        ConvertedTransactionFee = conversion.Convert(sale.TransactionFee);
        ConvertedItemTotal = conversion.Convert(sale.ItemTotal);
        ConvertedAmountYouReceived = conversion.Convert(sale.AmountYouReceived);
        ConvertedNetAmount = conversion.Convert(sale.NetAmount);
    }

    /// <summary>The conversion itself, for the importer; not a public property, so it never becomes a CSV column.</summary>
    internal CurrencyConversion Conversion { get; }

    /// <summary>The currency the Converted* amounts are in.</summary>
    public string ReportingCurrency { get; }

    /// <summary>
    /// Units of <see cref="ReportingCurrency"/> per unit of the sale's Currency, to 10 decimals as the revenue store
    /// keeps it. For audit: the amounts are converted from the exact ECB rates (see <see cref="CurrencyConversion"/>).
    /// </summary>
    public decimal ExchangeRate { get; }

    /// <summary>The ECB day whose rates were used: the sale's day, or the latest earlier one with a rate.</summary>
    public DateOnly ExchangeRateDate { get; }

    // Each amount converted from the original and rounded once, to the reporting currency's minor unit.
    public decimal? ConvertedItemPrice { get; }
    public decimal? ConvertedSubTotal { get; }
    public decimal? ConvertedAdditionalFanContribution { get; }
    public decimal? ConvertedSellerTax { get; }
    public decimal? ConvertedMarketplaceTax { get; }
    public decimal? ConvertedCollectionSocietyShare { get; }
    public decimal? ConvertedShipping { get; }
    public decimal? ConvertedTransactionFee { get; }
    public decimal? ConvertedItemTotal { get; }
    public decimal? ConvertedAmountYouReceived { get; }
    public decimal? ConvertedNetAmount { get; }

    public override string ToString() => $"{base.ToString()} = {ConvertedItemTotal} {ReportingCurrency}";
}
