using System.Globalization;
using BandcampPS.Engine.Sales;

namespace BandcampPS.Engine.Reconciliation;

/// <summary>
/// The fields a reconciliation compares: every field that an API sale, a CSV sale and a stored revenue row all
/// carry. Left out on purpose: Source (what differs by design), TransactionItemId (the match key, which the CSV
/// lacks), BandId and MemberBandId (the CSV export names neither: Get-BandcampSale -Path takes -BandId from the
/// caller), buyer and shipping-address details (stored only with -IncludeBuyerDetails), the conversion columns
/// (stored rows only) and the fields that describe the payment or the visit rather than the sale (PaidTo,
/// DiscountCode, FeeType, PaypalTransactionId, ItemUrl, Referer, RefererUrl, ShipDate, ShipFromCountryName,
/// RegionOrState, City, ShipNotes: stored, not compared). PaidTo, FeeType and PaypalTransactionId in particular change
/// with the payment processor (PayPal to Stripe since August 2025) and say nothing about the money.
/// TransactionFee is not compared line by line: Bandcamp's CSV export puts a cart's whole fee on its last line
/// (blank on the others, "*" while the payment is pending), so fees are compared per transaction instead (see
/// <see cref="RevenueReconciler"/>).
/// </summary>
public static class ComparedFields
{
    internal sealed record Field(string Name, Func<ReconciledSale, ReconciledSale, bool> AreEqual, Func<ReconciledSale, string?> Format);

    internal static readonly Field[] All =
    [
        new(nameof(ReconciledSale.SaleDate), SameTime, s => s.SaleDate.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
        Text(nameof(ReconciledSale.TransactionId), s => s.TransactionId),
        Text(nameof(ReconciledSale.RelatedTransactionId), s => s.RelatedTransactionId),
        Code(nameof(ReconciledSale.ItemType), s => s.ItemType),
        Text(nameof(ReconciledSale.ItemName), s => s.ItemName),
        Text(nameof(ReconciledSale.Artist), s => s.Artist),
        Text(nameof(ReconciledSale.CatalogNumber), s => s.CatalogNumber),
        Text(nameof(ReconciledSale.Upc), s => s.Upc),
        Text(nameof(ReconciledSale.Isrc), s => s.Isrc),
        Text(nameof(ReconciledSale.Package), s => s.Package),
        Text(nameof(ReconciledSale.Option), s => s.Option),
        Text(nameof(ReconciledSale.Sku), s => s.Sku),
        new(nameof(ReconciledSale.Quantity), (a, b) => a.Quantity == b.Quantity, s => s.Quantity?.ToString(CultureInfo.InvariantCulture)),
        Code(nameof(ReconciledSale.Currency), s => s.Currency),
        Money(nameof(ReconciledSale.ItemPrice), s => s.ItemPrice),
        Money(nameof(ReconciledSale.SubTotal), s => s.SubTotal),
        Money(nameof(ReconciledSale.AdditionalFanContribution), s => s.AdditionalFanContribution),
        Money(nameof(ReconciledSale.SellerTax), s => s.SellerTax),
        Money(nameof(ReconciledSale.MarketplaceTax), s => s.MarketplaceTax),
        Money(nameof(ReconciledSale.TaxRate), s => s.TaxRate),
        Money(nameof(ReconciledSale.CollectionSocietyShare), s => s.CollectionSocietyShare),
        Money(nameof(ReconciledSale.Shipping), s => s.Shipping),
        Money(nameof(ReconciledSale.ItemTotal), s => s.ItemTotal),
        Money(nameof(ReconciledSale.AmountYouReceived), s => s.AmountYouReceived),
        Money(nameof(ReconciledSale.NetAmount), s => s.NetAmount),
        Text(nameof(ReconciledSale.Country), s => s.Country),
        Code(nameof(ReconciledSale.CountryCode), s => s.CountryCode),
    ];

    /// <summary>The compared property names, in the order their differences are reported.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(f => f.Name).ToArray();

    internal static bool AllEqual(ReconciledSale a, ReconciledSale b)
    {
        foreach (var field in All)
            if (!field.AreEqual(a, b)) return false;
        return true;
    }

    /// <summary>
    /// Bandcamp reports whole seconds, but the web CSV export writes minutes only ("1/15/24 5:21pm"): when either
    /// side comes from a CSV export the times are compared to the minute, otherwise to the second.
    /// </summary>
    private static bool SameTime(ReconciledSale a, ReconciledSale b)
    {
        var unit = a.Source == BandcampSaleSource.Csv || b.Source == BandcampSaleSource.Csv ? TimeSpan.TicksPerMinute : TimeSpan.TicksPerSecond;
        return a.SaleDate.Ticks / unit == b.SaleDate.Ticks / unit;
    }

    // Free text: exact (after trimming, done by ReconciledSale).
    private static Field Text(string name, Func<ReconciledSale, string?> get) =>
        new(name, (a, b) => string.Equals(get(a), get(b), StringComparison.Ordinal), get);

    // Codes (album/Album, de/DE) mean the same in any case.
    private static Field Code(string name, Func<ReconciledSale, string?> get) =>
        new(name, (a, b) => string.Equals(get(a), get(b), StringComparison.OrdinalIgnoreCase), get);

    // decimal equality ignores scale: the API's 10.5 equals the CSV's 10.50.
    private static Field Money(string name, Func<ReconciledSale, decimal?> get) =>
        new(name, (a, b) => get(a) == get(b), s => get(s)?.ToString(CultureInfo.InvariantCulture));
}
