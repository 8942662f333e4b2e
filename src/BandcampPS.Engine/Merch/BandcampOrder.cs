namespace BandcampPS.Engine.Merch;

/// <summary>
/// One item of a merch order (get_orders). Items bought together share a <see cref="PaymentId"/>. Buyer and ship-to
/// fields are here because shipping needs them; they are never written to a log, a message or <see cref="ToString"/>.
/// Money is decimal in the order's <see cref="Currency"/>; dates are UTC.
/// </summary>
public sealed class BandcampOrder
{
    public long BandId { get; init; }
    public long? MemberBandId { get; init; }
    public long SaleItemId { get; init; }
    public long PaymentId { get; init; }
    public DateTime OrderDate { get; init; }

    /// <summary>"pending", "paid", "refunded" (and "failed" in v4); an open string.</summary>
    public string? PaymentState { get; init; }

    /// <summary>Null until the item is marked shipped.</summary>
    public DateTime? ShipDate { get; init; }

    public bool IsShipped => ShipDate is not null;

    public long? PackageId { get; init; }
    public long? OptionId { get; init; }
    public string? ItemName { get; init; }
    public string? Option { get; init; }
    public string? Sku { get; init; }
    public string? Artist { get; init; }
    public string? ItemUrl { get; init; }
    public string? SellingBandUrl { get; init; }
    public int Quantity { get; init; }
    public string? Currency { get; init; }
    public decimal? SubTotal { get; init; }
    public decimal? Tax { get; init; }
    public decimal? MarketplaceTax { get; init; }
    public decimal? Shipping { get; init; }
    public decimal? OrderTotal { get; init; }
    public string? DiscountCode { get; init; }
    public string? PaypalId { get; init; }
    public string? ShipFromCountryName { get; init; }
    public DateTime? BeginsShippingOn { get; init; }

    public string? BuyerName { get; init; }
    public string? BuyerEmail { get; init; }
    public string? BuyerPhone { get; init; }
    public string? BuyerNote { get; init; }
    public string? ShipNotes { get; init; }
    public string? ShipToName { get; init; }
    public string? ShipToStreet { get; init; }
    public string? ShipToStreet2 { get; init; }
    public string? ShipToCity { get; init; }
    public string? ShipToState { get; init; }
    public string? ShipToZip { get; init; }
    public string? ShipToCountry { get; init; }
    public string? ShipToCountryCode { get; init; }
    public string? ShipToPhone { get; init; }

    /// <summary>Ids only: this is what messages and error targets show.</summary>
    public override string ToString() => $"Order item {SaleItemId} (payment {PaymentId})";
}
