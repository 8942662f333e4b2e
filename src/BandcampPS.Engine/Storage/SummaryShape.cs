using System.Data.Common;

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

    /// <summary>Reads a row whose money columns the store converts with <paramref name="money"/>.</summary>
    public static RevenueSummaryRow Read(DbDataReader r, IReadOnlyList<RevenueGroupBy> keys, Func<DbDataReader, int, decimal?> money)
    {
        bool Has(RevenueGroupBy key) => keys.Contains(key);
        string? Text(string alias) => r.IsDBNull(r.GetOrdinal(alias)) ? null : r.GetString(r.GetOrdinal(alias));
        long? Number(string alias) => r.IsDBNull(r.GetOrdinal(alias)) ? null : Convert.ToInt64(r.GetValue(r.GetOrdinal(alias)), System.Globalization.CultureInfo.InvariantCulture);
        decimal? Money(string alias) => money(r, r.GetOrdinal(alias));

        var sellerTax = Money("SellerTax");
        var marketplaceTax = Money("MarketplaceTax");
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
            Currency = Text("Currency"),
            SaleCount = Number("SaleCount") ?? 0,
            Quantity = Number("Quantity") ?? 0,
            Gross = Money("Gross"),
            Fees = Money("Fees"),
            Taxes = sellerTax is null ? null : sellerTax + marketplaceTax,
            Shipping = Money("Shipping"),
            Net = Money("Net"),
            ReportingCurrency = Text("ReportingCurrency"),
            ConvertedGross = Money("ConvertedGross"),
            ConvertedNet = Money("ConvertedNet"),
            ConvertedFees = Money("ConvertedFees"),
            ConvertedTaxes = Money("ConvertedTaxes"),
            ConvertedShipping = Money("ConvertedShipping"),
            UnconvertedCount = Number("UnconvertedCount") ?? 0,
        };
    }
}
