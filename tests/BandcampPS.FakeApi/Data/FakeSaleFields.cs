namespace BandcampPS.FakeApi;

public enum FakeSaleFieldKind { TransactionId, Integer, Text, Money, Date }

/// <summary>One line-item field: its API (JSON) name, its web-CSV header (null: not in the CSV) and how to read it.</summary>
public sealed class FakeSaleField
{
    internal FakeSaleField(string jsonName, FakeSaleFieldKind kind, Func<FakeSale, string?>? text = null,
        Func<FakeSale, long?>? integer = null, Func<FakeSale, decimal?>? money = null, string? csvHeader = "")
    {
        JsonName = jsonName;
        Kind = kind;
        Text = text;
        Integer = integer;
        Money = money;
        // The web export spells headers as the API names with spaces, except where noted.
        CsvHeader = csvHeader == "" ? jsonName.Replace('_', ' ') : csvHeader;
        EncodedName = System.Text.Json.JsonEncodedText.Encode(jsonName);
    }

    public string JsonName { get; }
    public string? CsvHeader { get; }
    public FakeSaleFieldKind Kind { get; }
    internal System.Text.Json.JsonEncodedText EncodedName { get; }
    internal Func<FakeSale, string?>? Text { get; }
    internal Func<FakeSale, long?>? Integer { get; }
    internal Func<FakeSale, decimal?>? Money { get; }
}

/// <summary>The 53 v4 fields in the API's order; the single table the JSON and CSV writers share.</summary>
public static class FakeSaleFields
{
    private static FakeSaleField T(string name, Func<FakeSale, string?> get, string? csv = "") => new(name, FakeSaleFieldKind.Text, text: get, csvHeader: csv);
    private static FakeSaleField M(string name, Func<FakeSale, decimal?> get) => new(name, FakeSaleFieldKind.Money, money: get);

    public static IReadOnlyList<FakeSaleField> All { get; } =
    [
        new("bandcamp_transaction_id", FakeSaleFieldKind.TransactionId, text: s => s.BandcampTransactionId),
        // The web export has no item id (api.md 8): CSV readers must cope without one.
        new("bandcamp_transaction_item_id", FakeSaleFieldKind.Integer, integer: s => s.BandcampTransactionItemId, csvHeader: null),
        new("bandcamp_related_transaction_id", FakeSaleFieldKind.Integer, integer: s => s.BandcampRelatedTransactionId),
        new("date", FakeSaleFieldKind.Date, text: s => s.Date),
        T("paid_to", s => s.PaidTo), T("item_type", s => s.ItemType), T("item_name", s => s.ItemName),
        T("artist", s => s.Artist), T("currency", s => s.Currency), M("item_price", s => s.ItemPrice),
        new("quantity", FakeSaleFieldKind.Integer, integer: s => s.Quantity),
        T("discount_code", s => s.DiscountCode), M("sub_total", s => s.SubTotal),
        M("additional_fan_contribution", s => s.AdditionalFanContribution), M("seller_tax", s => s.SellerTax),
        M("marketplace_tax", s => s.MarketplaceTax), M("tax_rate", s => s.TaxRate),
        M("collection_society_share", s => s.CollectionSocietyShare), M("shipping", s => s.Shipping),
        T("ship_from_country_name", s => s.ShipFromCountryName), M("transaction_fee", s => s.TransactionFee),
        T("fee_type", s => s.FeeType), M("item_total", s => s.ItemTotal), M("amount_you_received", s => s.AmountYouReceived),
        T("paypal_transaction_id", s => s.PaypalTransactionId), M("net_amount", s => s.NetAmount),
        T("package", s => s.Package), T("option", s => s.Option), T("item_url", s => s.ItemUrl),
        T("catalog_number", s => s.CatalogNumber), T("upc", s => s.Upc), T("isrc", s => s.Isrc),
        T("buyer_name", s => s.BuyerName), T("buyer_email", s => s.BuyerEmail), T("buyer_phone", s => s.BuyerPhone),
        T("buyer_note", s => s.BuyerNote), T("ship_to_name", s => s.ShipToName), T("ship_to_street", s => s.ShipToStreet),
        T("ship_to_street_2", s => s.ShipToStreet2), T("ship_to_city", s => s.ShipToCity), T("ship_to_state", s => s.ShipToState),
        T("ship_to_zip", s => s.ShipToZip), T("ship_to_country", s => s.ShipToCountry),
        T("ship_to_country_code", s => s.ShipToCountryCode), T("ship_date", s => s.ShipDate), T("ship_notes", s => s.ShipNotes),
        T("country", s => s.Country), T("country_code", s => s.CountryCode),
        T("region_or_state", s => s.RegionOrState, csv: "region/state"), T("city", s => s.City),
        T("referer", s => s.Referer, csv: "referrer"), T("referer_url", s => s.RefererUrl, csv: "referrer url"),
        T("sku", s => s.Sku),
    ];

    public static IReadOnlyList<string> JsonNames { get; } = All.Select(f => f.JsonName).ToArray();

    /// <summary>
    /// Web-export column order: date first and the transaction ids last (where the export puts its
    /// "bandcamp transaction id"); readers should go by header name, never by position.
    /// </summary>
    public static IReadOnlyList<FakeSaleField> CsvColumns { get; } =
        All.Where(f => f.CsvHeader is not null)
           .OrderBy(f => f.Kind == FakeSaleFieldKind.Date ? 0 : f.JsonName.StartsWith("bandcamp_", StringComparison.Ordinal) ? 2 : 1)
           .ToArray();

    public static IReadOnlyList<string> CsvHeaders { get; } = CsvColumns.Select(f => f.CsvHeader!).ToArray();
}
