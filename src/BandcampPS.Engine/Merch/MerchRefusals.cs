namespace BandcampPS.Engine.Merch;

/// <summary>
/// What one refused item of an update is reported as: Bandcamp's own reason, the item by its ids (never a buyer's
/// details), and what to do. A refused quantity whose sold count is stale is a conflict of its own: never retried
/// with a fresh count, since the sale in between may mean the stock level wanted is no longer right.
/// </summary>
public static class MerchRefusals
{
    public static BandcampException Shipment(BandcampOrderShipment item, BandcampApiException refusal) =>
        Refused($"Bandcamp refused to mark {item} shipped: {refusal.BandcampMessage}. The other items were sent without it.", item, refusal);

    public static BandcampException Sku(BandcampMerchSkuChange item, BandcampApiException refusal) =>
        Refused($"Bandcamp refused the new SKU '{item.Sku}' of {item} ({item.Title}): {refusal.BandcampMessage}. The other items were sent without it.", item, refusal);

    public static BandcampException Quantity(BandcampMerchQuantityChange item, BandcampApiException refusal)
    {
        if (!refusal.BandcampMessage.Contains("quantity_sold", StringComparison.OrdinalIgnoreCase))
            return Refused($"Bandcamp refused the new available quantity {item.QuantityAvailable} of {item} ({item.Title}): {refusal.BandcampMessage}. " +
                           "The other items were sent without it.", item, refusal);
        return new BandcampException(BandcampErrorIds.MerchQuantityConflict, BandcampErrorKind.WriteError,
            $"Conflict: {item} ({item.Title}) has sold since its quantity was read. The change to {item.QuantityAvailable} available was sent with " +
            $"{item.QuantitySold} sold, the count last seen, and Bandcamp refused it: {refusal.BandcampMessage}. Nothing was changed for this item " +
            "and it is not retried: read it again with Get-BandcampMerch and decide the new quantity.", item, refusal);
    }

    private static BandcampException Refused(string message, object item, BandcampApiException refusal) =>
        new(BandcampErrorIds.MerchUpdateRefused, BandcampErrorKind.WriteError, message, item, refusal);
}
