using System.Text.Json;

namespace BandcampPS.Engine.Merch;

/// <summary>
/// Reads get_orders: one <see cref="BandcampOrder"/> per order item. A row that cannot be read is one error named by
/// its sale item id; buyer fields are copied, never quoted in a message.
/// </summary>
public static class OrderParser
{
    public const string Method = "get_orders";

    public static IReadOnlyList<MerchRowResult<BandcampOrder>> Parse(JsonElement root, long bandId, long? memberBandId)
    {
        var rows = new List<MerchRowResult<BandcampOrder>>();
        foreach (var item in MerchJson.List(root, "items", Method))
        {
            string what;
            try { what = MerchJson.Long(item, "sale_item_id") is { } id ? $"order item {id}" : "an order item without a sale_item_id"; }
            catch (FormatException) { what = "an order item with an unreadable sale_item_id"; }
            try
            {
                rows.Add(MerchRowResult<BandcampOrder>.Of(Read(item, bandId, memberBandId)));
            }
            catch (FormatException ex)
            {
                rows.Add(MerchRowResult<BandcampOrder>.Failed(what, Method, ex));
            }
        }
        return rows;
    }

    private static BandcampOrder Read(JsonElement item, long bandId, long? memberBandId) => new()
    {
        BandId = bandId,
        MemberBandId = memberBandId,
        SaleItemId = MerchJson.Long(item, "sale_item_id") ?? throw new FormatException("sale_item_id is missing"),
        PaymentId = MerchJson.Long(item, "payment_id") ?? throw new FormatException("payment_id is missing"),
        OrderDate = MerchJson.Date(item, "order_date") ?? throw new FormatException("order_date is missing"),
        PaymentState = MerchJson.Text(item, "payment_state"),
        ShipDate = MerchJson.Date(item, "ship_date"),
        PackageId = MerchJson.Long(item, "package_id"),
        OptionId = MerchJson.Long(item, "option_id"),
        ItemName = MerchJson.Text(item, "item_name"),
        Option = MerchJson.Text(item, "option"),
        Sku = MerchJson.Text(item, "sku"),
        Artist = MerchJson.Text(item, "artist"),
        ItemUrl = MerchJson.Text(item, "item_url"),
        SellingBandUrl = MerchJson.Text(item, "selling_band_url"),
        Quantity = MerchJson.Int(item, "quantity") ?? 1,
        Currency = MerchJson.Text(item, "currency"),
        SubTotal = MerchJson.Money(item, "sub_total"),
        Tax = MerchJson.Money(item, "tax"),
        MarketplaceTax = MerchJson.Money(item, "marketplace_tax"),
        Shipping = MerchJson.Money(item, "shipping"),
        OrderTotal = MerchJson.Money(item, "order_total"),
        DiscountCode = MerchJson.Text(item, "discount_code"),
        PaypalId = MerchJson.Text(item, "paypal_id"),
        ShipFromCountryName = MerchJson.Text(item, "ship_from_country_name"),
        BeginsShippingOn = MerchJson.Date(item, "begins_shipping_on"),
        BuyerName = MerchJson.Text(item, "buyer_name"),
        BuyerEmail = MerchJson.Text(item, "buyer_email"),
        BuyerPhone = MerchJson.Text(item, "buyer_phone"),
        BuyerNote = MerchJson.Text(item, "buyer_note"),
        ShipNotes = MerchJson.Text(item, "ship_notes"),
        ShipToName = MerchJson.Text(item, "ship_to_name"),
        ShipToStreet = MerchJson.Text(item, "ship_to_street"),
        ShipToStreet2 = MerchJson.Text(item, "ship_to_street_2"),
        ShipToCity = MerchJson.Text(item, "ship_to_city"),
        ShipToState = MerchJson.Text(item, "ship_to_state"),
        ShipToZip = MerchJson.Text(item, "ship_to_zip"),
        ShipToCountry = MerchJson.Text(item, "ship_to_country"),
        ShipToCountryCode = MerchJson.Text(item, "ship_to_country_code"),
        ShipToPhone = MerchJson.Text(item, "ship_to_phone"),
    };
}
