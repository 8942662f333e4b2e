using System.Runtime.CompilerServices;

namespace BandcampPS.FakeApi;

/// <summary>
/// Money going back for an earlier sale: a row of its own, every amount negated, linked to the
/// original payment through bandcamp_related_transaction_id (api.md 5.1 (d), 5.6).
/// </summary>
internal static class RefundRow
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static FakeSale Build(SaleFactory factory, SaleShape shape, FakeSale original)
    {
        var date = factory.TimeOf(shape.Index);
        return original with
        {
            Index = shape.Index,
            DateUtc = date,
            Date = BandcampDates.ToApi(date),
            BandcampTransactionId = factory.TransactionId(shape.Leader).ToString(System.Globalization.CultureInfo.InvariantCulture),
            BandcampTransactionItemId = factory.TransactionItemId(shape.Index),
            BandcampRelatedTransactionId = long.Parse(original.BandcampTransactionId, System.Globalization.CultureInfo.InvariantCulture),
            ItemType = "refund",
            ItemPrice = Negate(original.ItemPrice),
            SubTotal = Negate(original.SubTotal),
            AdditionalFanContribution = Negate(original.AdditionalFanContribution),
            SellerTax = Negate(original.SellerTax),
            MarketplaceTax = Negate(original.MarketplaceTax),
            CollectionSocietyShare = Negate(original.CollectionSocietyShare),
            Shipping = Negate(original.Shipping),
            TransactionFee = Negate(original.TransactionFee),
            ItemTotal = Negate(original.ItemTotal),
            AmountYouReceived = Negate(original.AmountYouReceived),
            NetAmount = Negate(original.NetAmount),
            ShipDate = null,
            ShipNotes = null,
        };
    }

    // Zero stays zero: a negated decimal zero can print as "-0.00".
    private static decimal? Negate(decimal? value) => value is { } v && v != 0m ? -v : value;
}
