namespace BandcampPS.Engine.Merch;

/// <summary>
/// An order item or a whole payment marked shipped (update_shipped, mark_date_range_as_shipped): what was sent, and
/// so what changed. Set-BandcampOrderShipped writes one per item Bandcamp accepted.
/// </summary>
public sealed class BandcampOrderShipment
{
    /// <summary>Set when one order item was marked; null when a whole payment was.</summary>
    public long? SaleItemId { get; init; }

    /// <summary>Set when a whole payment (every item bought together) was marked.</summary>
    public long? PaymentId { get; init; }

    public bool Shipped { get; init; } = true;

    /// <summary>The ship date sent (UTC); null: Bandcamp's default, today.</summary>
    public DateTime? ShipDate { get; init; }

    public string? Carrier { get; init; }
    public string? TrackingCode { get; init; }

    /// <summary>Whether the buyer is e-mailed; null: the seller's default setting.</summary>
    public bool? Notify { get; init; }

    /// <summary>From mark_date_range_as_shipped only: the item's title and the buyer's name, as Bandcamp answers them.</summary>
    public string? ItemTitle { get; init; }
    public string? BuyerName { get; init; }

    /// <summary>
    /// Sent to the buyer with the notification; internal so it is not an output property (it may address the buyer by
    /// name). Set-BandcampOrderShipped sets it when it builds the shipment.
    /// </summary>
    internal string? NotificationMessage { get; init; }

    internal long Id => SaleItemId ?? PaymentId ?? 0;

    /// <summary>update_shipped's id_type: "s" for a sale item, "p" for a payment.</summary>
    internal string IdType => SaleItemId is null ? "p" : "s";

    public override string ToString() => SaleItemId is { } item ? $"sale item {item}" : $"payment {PaymentId}";
}
