using System.Text;

namespace BandcampPS.Engine.Sales;

/// <summary>The 53 line-item fields of sales_report v4, in Bandcamp's order (api.md 5.3).</summary>
internal enum SaleField
{
    Unknown = -1,
    TransactionId, TransactionItemId, RelatedTransactionId, Date, PaidTo, ItemType, ItemName, Artist, Currency,
    ItemPrice, Quantity, DiscountCode, SubTotal, AdditionalFanContribution, SellerTax, MarketplaceTax, TaxRate,
    CollectionSocietyShare, Shipping, ShipFromCountryName, TransactionFee, FeeType, ItemTotal, AmountYouReceived,
    PaypalTransactionId, NetAmount, Package, Option, ItemUrl, CatalogNumber, Upc, Isrc, BuyerName, BuyerEmail,
    BuyerPhone, BuyerNote, ShipToName, ShipToStreet, ShipToStreet2, ShipToCity, ShipToState, ShipToZip,
    ShipToCountry, ShipToCountryCode, ShipDate, ShipNotes, Country, CountryCode, RegionOrState, City, Referer,
    RefererUrl, Sku,
}

internal static class SaleFieldNames
{
    public static readonly string[] Json =
    [
        "bandcamp_transaction_id", "bandcamp_transaction_item_id", "bandcamp_related_transaction_id", "date", "paid_to",
        "item_type", "item_name", "artist", "currency", "item_price", "quantity", "discount_code", "sub_total",
        "additional_fan_contribution", "seller_tax", "marketplace_tax", "tax_rate", "collection_society_share", "shipping",
        "ship_from_country_name", "transaction_fee", "fee_type", "item_total", "amount_you_received", "paypal_transaction_id",
        "net_amount", "package", "option", "item_url", "catalog_number", "upc", "isrc", "buyer_name", "buyer_email",
        "buyer_phone", "buyer_note", "ship_to_name", "ship_to_street", "ship_to_street_2", "ship_to_city", "ship_to_state",
        "ship_to_zip", "ship_to_country", "ship_to_country_code", "ship_date", "ship_notes", "country", "country_code",
        "region_or_state", "city", "referer", "referer_url", "sku",
    ];

    private static readonly byte[][] Utf8 = Json.Select(Encoding.UTF8.GetBytes).ToArray();

    public static int Count => Json.Length;

    /// <summary>
    /// Finds a field by its UTF-8 name, trying the field after <paramref name="previous"/> first: Bandcamp writes
    /// the fields in the same order on every row, so that guess almost always hits with one comparison.
    /// </summary>
    public static SaleField Find(ReadOnlySpan<byte> name, SaleField previous)
    {
        var guess = (int)previous + 1;
        if ((uint)guess < (uint)Utf8.Length && name.SequenceEqual(Utf8[guess])) return (SaleField)guess;
        for (var i = 0; i < Utf8.Length; i++)
            if (name.SequenceEqual(Utf8[i])) return (SaleField)i;
        return SaleField.Unknown;
    }
}
