using System.Runtime.CompilerServices;

namespace BandcampPS.FakeApi;

/// <summary>
/// The money of one purchase line, internally consistent so clients can be checked against it:
/// sub_total = price × quantity; item_total = sub_total + contribution + shipping + seller tax +
/// marketplace tax; amount_you_received = item_total − fee − marketplace tax (Bandcamp remits VAT);
/// net_amount = amount_you_received − Bandcamp's share − collection society share (&lt; item_total when paid).
/// </summary>
internal sealed record PriceBreakdown(
    decimal Price, int Quantity, string? DiscountCode, decimal SubTotal, decimal? Contribution,
    decimal? SellerTax, decimal? MarketplaceTax, decimal? TaxRate, decimal? CollectionSocietyShare,
    decimal? Shipping, decimal TransactionFee, decimal ItemTotal, decimal AmountYouReceived, decimal NetAmount)
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static PriceBreakdown Compute(
        SaleKind kind, string currency, BuyerPlace place, decimal units, int quantity, string? discountCode,
        decimal? contributionUnits, bool sellerTaxed, bool societyShare)
    {
        var factor = Money.UnitFactor(currency);
        decimal R(decimal v) => Money.Round(v, currency);

        var price = R(units * factor);
        if (discountCode is not null) price = R(price * 0.8m);
        var sub = price * quantity;
        decimal? contribution = contributionUnits is { } c ? R(c * factor) : null;
        var physical = kind == SaleKind.Package;
        decimal? shipping = physical ? R((place.Code == "DE" ? 4.5m : 12.5m) * factor) : null;
        var taxable = sub + (contribution ?? 0m);
        decimal? vat = price > 0 && !physical && place.VatRate is { } rate ? R(taxable * rate / 100m) : null;
        decimal? sellerTax = sellerTaxed ? R(sub * 0.0825m) : null;
        decimal? society = societyShare ? R(sub * 0.05m) : null;
        var total = sub + (contribution ?? 0m) + (shipping ?? 0m) + (sellerTax ?? 0m) + (vat ?? 0m);
        var fee = price > 0 ? R(total * 0.029m + 0.30m * factor) : 0m;
        var bandcampShare = R(taxable * (physical ? 0.10m : 0.15m));
        var received = total - fee - (vat ?? 0m);
        var net = received - bandcampShare - (society ?? 0m);
        return new PriceBreakdown(price, quantity, discountCode, sub, contribution, sellerTax, vat,
            vat is null ? null : place.VatRate, society, shipping, fee, total, received, net);
    }
}
