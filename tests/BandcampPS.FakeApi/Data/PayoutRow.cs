using System.Runtime.CompilerServices;

namespace BandcampPS.FakeApi;

/// <summary>
/// A Bandcamp → seller transfer. Its transaction id is a letter-prefixed string ("t878373461"),
/// which is what broke numeric-id clients in the wild (api.md 5.6, 8). The money leaves the balance,
/// so every amount is the same negative number.
/// </summary>
internal static class PayoutRow
{
    private static readonly string[] Currencies = ["USD", "EUR", "GBP"];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static FakeSale Build(SaleFactory factory, SaleShape shape)
    {
        var row = factory.RowDraws(shape.Index);
        var currency = row.Pick(Currencies);
        var amount = Money.Round((50 + row.Below(2000)) * Money.UnitFactor(currency) + row.Below(100) / 100m, currency);
        var trimmed = row.Percent(50);
        var money = Money.Present(-amount, currency, trimmed);
        var zero = Money.Present(0m, currency, trimmed);
        var date = factory.TimeOf(shape.Index);
        return new FakeSale
        {
            Index = shape.Index,
            BandId = shape.BandId,
            MemberBandId = shape.MemberBandId,
            DateUtc = date,
            BandcampTransactionId = factory.PayoutTransactionId(shape.Index),
            BandcampTransactionItemId = factory.TransactionItemId(shape.Index),
            Date = BandcampDates.ToApi(date),
            PaidTo = "PayPal",
            ItemType = "payout",
            ItemName = "Payout",
            Artist = "",
            Currency = currency,
            ItemPrice = money,
            Quantity = 1,
            SubTotal = money,
            TransactionFee = zero,
            ItemTotal = money,
            AmountYouReceived = money,
            PaypalTransactionId = $"PAYOUT{shape.Index:D11}",
            NetAmount = money,
            Upc = "",
            Isrc = "",
        };
    }
}
