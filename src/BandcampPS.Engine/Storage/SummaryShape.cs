using System.Data.Common;
using BandcampPS.Engine.Currency;

namespace BandcampPS.Engine.Storage;

/// <summary>
/// The dialect-free part of a summary: which keys a grouping means, the column aliases both stores select,
/// and reading a result row. Aliases come from this fixed list, never from user input.
/// </summary>
internal static class SummaryShape
{
    /// <summary>Distinct, in enum order, with Day adding Month and Month adding Year.</summary>
    public static IReadOnlyList<RevenueGroupBy> Keys(IEnumerable<RevenueGroupBy> groupBy)
    {
        var keys = new SortedSet<RevenueGroupBy>(groupBy);
        if (keys.Contains(RevenueGroupBy.Day)) keys.Add(RevenueGroupBy.Month);
        if (keys.Contains(RevenueGroupBy.Month)) keys.Add(RevenueGroupBy.Year);
        foreach (var key in keys)
        {
            if (!Enum.IsDefined(key))
                throw new ArgumentOutOfRangeException(nameof(groupBy), key, "Unknown grouping.");
        }
        return keys.ToArray();
    }

    /// <summary>The stored column a key groups by; null for the date parts (each dialect extracts those).</summary>
    public static RevenueColumn? Column(RevenueGroupBy key) => key switch
    {
        RevenueGroupBy.Artist => RevenueColumn.Artist,
        RevenueGroupBy.Release => RevenueColumn.ItemName,
        RevenueGroupBy.CatalogNumber => RevenueColumn.CatalogNumber,
        RevenueGroupBy.ItemType => RevenueColumn.ItemType,
        RevenueGroupBy.Country => RevenueColumn.CountryCode,
        RevenueGroupBy.Currency => RevenueColumn.Currency,
        RevenueGroupBy.Source => RevenueColumn.Source,
        RevenueGroupBy.Band => RevenueColumn.BandId,
        _ => null,
    };

    /// <summary>The result column of a key; null for Currency, which every summary selects (see <see cref="RevenueSummaryRow"/>).</summary>
    public static string? Alias(RevenueGroupBy key) => key switch
    {
        RevenueGroupBy.Currency => null,
        RevenueGroupBy.Release => "Release",
        RevenueGroupBy.Country => "CountryCode",
        RevenueGroupBy.Band => "BandId",
        _ => key.ToString(),
    };

    /// <summary>
    /// The summary's aggregated columns after the grouping keys and Currency, in order: the alias, the row kind it
    /// sums (null: every row) and the stored column it sums (null: counts the rows). Both dialects build their SELECT
    /// list from this one table, so the stores cannot disagree on what a column means.
    /// </summary>
    public static readonly IReadOnlyList<(string Alias, Sales.ItemKind[]? Kinds, RevenueColumn? Column, bool IsCount)> Aggregates =
    [
        ("SaleCount", [Sales.ItemKind.Sale], null, true),
        ("Quantity", [Sales.ItemKind.Sale], RevenueColumn.Quantity, false),
        ("Gross", [Sales.ItemKind.Sale], RevenueColumn.ItemTotal, false),
        ("Fees", [Sales.ItemKind.Sale], RevenueColumn.TransactionFee, false),
        ("SellerTax", [Sales.ItemKind.Sale], RevenueColumn.SellerTax, false),
        ("MarketplaceTax", [Sales.ItemKind.Sale], RevenueColumn.MarketplaceTax, false),
        ("Shipping", [Sales.ItemKind.Sale], RevenueColumn.Shipping, false),
        ("Net", [Sales.ItemKind.Sale, Sales.ItemKind.Refund], RevenueColumn.NetAmount, false),
        ("Refunds", [Sales.ItemKind.Refund], null, true),
        ("RefundAmount", [Sales.ItemKind.Refund], RevenueColumn.NetAmount, false),
        ("Payouts", [Sales.ItemKind.Payout], null, true),
        ("PayoutAmount", [Sales.ItemKind.Payout], RevenueColumn.NetAmount, false),
    ];

    /// <summary>The converted sums, summed only when the whole group shares one reporting currency.</summary>
    public static readonly IReadOnlyList<(string Alias, Sales.ItemKind[] Kinds, RevenueColumn Column)> ConvertedAggregates =
    [
        ("ConvertedGross", [Sales.ItemKind.Sale], RevenueColumn.ConvertedItemTotal),
        ("ConvertedNet", [Sales.ItemKind.Sale, Sales.ItemKind.Refund], RevenueColumn.ConvertedNetAmount),
        ("ConvertedFees", [Sales.ItemKind.Sale], RevenueColumn.ConvertedTransactionFee),
        ("ConvertedTaxes", [Sales.ItemKind.Sale], RevenueColumn.ConvertedTaxes),
        ("ConvertedShipping", [Sales.ItemKind.Sale], RevenueColumn.ConvertedShipping),
        ("ConvertedRefundAmount", [Sales.ItemKind.Refund], RevenueColumn.ConvertedNetAmount),
        ("ConvertedPayoutAmount", [Sales.ItemKind.Payout], RevenueColumn.ConvertedNetAmount),
    ];

    /// <summary>The lower-case item types of a kind other than Sale (a sale is any other type).</summary>
    public static IReadOnlyList<string> TypesOf(Sales.ItemKind kind) => kind switch
    {
        Sales.ItemKind.Refund => Sales.ItemTypes.Refunds,
        Sales.ItemKind.Payout => [Sales.ItemTypes.Payout],
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "A sale is any type that is not a refund or a payout."),
    };

    /// <summary>Reads a row whose money columns the store converts with <paramref name="money"/>.</summary>
    public static RevenueSummaryRow Read(DbDataReader r, IReadOnlyList<RevenueGroupBy> keys, Func<DbDataReader, int, decimal?> money)
    {
        bool Has(RevenueGroupBy key) => keys.Contains(key);
        string? Text(string alias) => r.IsDBNull(r.GetOrdinal(alias)) ? null : r.GetString(r.GetOrdinal(alias));
        long? Number(string alias) => r.IsDBNull(r.GetOrdinal(alias)) ? null : Convert.ToInt64(r.GetValue(r.GetOrdinal(alias)), System.Globalization.CultureInfo.InvariantCulture);
        var currency = Text("Currency");
        var reportingCurrency = Text("ReportingCurrency");
        decimal? Native(string alias) => CurrencyMinorUnits.Written(money(r, r.GetOrdinal(alias)), currency);
        decimal? Converted(string alias) => CurrencyMinorUnits.Written(money(r, r.GetOrdinal(alias)), reportingCurrency);

        var sellerTax = money(r, r.GetOrdinal("SellerTax"));
        var marketplaceTax = money(r, r.GetOrdinal("MarketplaceTax"));
        return new RevenueSummaryRow
        {
            Year = Has(RevenueGroupBy.Year) ? (int?)Number("Year") : null,
            Month = Has(RevenueGroupBy.Month) ? (int?)Number("Month") : null,
            Day = Has(RevenueGroupBy.Day) ? (int?)Number("Day") : null,
            Artist = Has(RevenueGroupBy.Artist) ? Text("Artist") : null,
            Release = Has(RevenueGroupBy.Release) ? Text("Release") : null,
            CatalogNumber = Has(RevenueGroupBy.CatalogNumber) ? Text("CatalogNumber") : null,
            ItemType = Has(RevenueGroupBy.ItemType) ? Text("ItemType") : null,
            CountryCode = Has(RevenueGroupBy.Country) ? Text("CountryCode") : null,
            Country = Has(RevenueGroupBy.Country) ? Text("Country") : null,
            Source = Has(RevenueGroupBy.Source) ? StoredValues.ParseSource(Text("Source")!) : null,
            BandId = Has(RevenueGroupBy.Band) ? Number("BandId") : null,
            Currency = currency,
            SaleCount = Number("SaleCount") ?? 0,
            Quantity = Number("Quantity") ?? 0,
            Gross = Native("Gross"),
            Fees = Native("Fees"),
            Taxes = sellerTax is null ? null : CurrencyMinorUnits.Written(sellerTax + marketplaceTax, currency),
            Shipping = Native("Shipping"),
            Net = Native("Net"),
            Refunds = Number("Refunds") ?? 0,
            RefundAmount = Native("RefundAmount"),
            Payouts = Number("Payouts") ?? 0,
            PayoutAmount = Native("PayoutAmount"),
            ReportingCurrency = reportingCurrency,
            ConvertedGross = Converted("ConvertedGross"),
            ConvertedNet = Converted("ConvertedNet"),
            ConvertedFees = Converted("ConvertedFees"),
            ConvertedTaxes = Converted("ConvertedTaxes"),
            ConvertedShipping = Converted("ConvertedShipping"),
            ConvertedRefundAmount = Converted("ConvertedRefundAmount"),
            ConvertedPayoutAmount = Converted("ConvertedPayoutAmount"),
            UnconvertedCount = Number("UnconvertedCount") ?? 0,
        };
    }
}
