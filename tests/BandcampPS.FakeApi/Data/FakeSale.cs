namespace BandcampPS.FakeApi;

/// <summary>
/// One v4 sales_report line item: the 53 API fields (api.md 5.3/5.4) plus where it belongs.
/// Money keeps the decimal scale it is sent with (10.5 vs 10.50), so the JSON shows both forms.
/// </summary>
public sealed record FakeSale
{
    // --- not sent: identity in the generated data set ---
    public required int Index { get; init; }

    /// <summary>The band or label whose report contains this row (the band_id to ask for).</summary>
    public required long BandId { get; init; }

    /// <summary>The label's artist (or the label itself) for label rows; null for the plain band.</summary>
    public long? MemberBandId { get; init; }

    /// <summary>The instant behind <see cref="Date"/>.</summary>
    public required DateTime DateUtc { get; init; }

    // --- the 53 API fields, in the API's order ---

    /// <summary>A number in JSON, except payouts: a string like "t878373461".</summary>
    public required string BandcampTransactionId { get; init; }
    public required long BandcampTransactionItemId { get; init; }
    public long? BandcampRelatedTransactionId { get; init; }
    public required string Date { get; init; }
    public string? PaidTo { get; init; }
    public required string ItemType { get; init; }
    public string? ItemName { get; init; }
    public string? Artist { get; init; }
    public string? Currency { get; init; }
    public decimal? ItemPrice { get; init; }
    public int? Quantity { get; init; }
    public string? DiscountCode { get; init; }
    public decimal? SubTotal { get; init; }
    public decimal? AdditionalFanContribution { get; init; }
    public decimal? SellerTax { get; init; }
    public decimal? MarketplaceTax { get; init; }
    public decimal? TaxRate { get; init; }
    public decimal? CollectionSocietyShare { get; init; }
    public decimal? Shipping { get; init; }
    public string? ShipFromCountryName { get; init; }
    public decimal? TransactionFee { get; init; }
    public string? FeeType { get; init; }
    public decimal? ItemTotal { get; init; }
    public decimal? AmountYouReceived { get; init; }
    public string? PaypalTransactionId { get; init; }
    public decimal? NetAmount { get; init; }
    public string? Package { get; init; }
    public string? Option { get; init; }
    public string? ItemUrl { get; init; }
    public string? CatalogNumber { get; init; }
    public string? Upc { get; init; }
    public string? Isrc { get; init; }
    public string? BuyerName { get; init; }
    public string? BuyerEmail { get; init; }
    public string? BuyerPhone { get; init; }
    public string? BuyerNote { get; init; }
    public string? ShipToName { get; init; }
    public string? ShipToStreet { get; init; }
    public string? ShipToStreet2 { get; init; }
    public string? ShipToCity { get; init; }
    public string? ShipToState { get; init; }
    public string? ShipToZip { get; init; }
    public string? ShipToCountry { get; init; }
    public string? ShipToCountryCode { get; init; }
    public string? ShipDate { get; init; }
    public string? ShipNotes { get; init; }
    public string? Country { get; init; }
    public string? CountryCode { get; init; }
    public string? RegionOrState { get; init; }
    public string? City { get; init; }
    public string? Referer { get; init; }
    public string? RefererUrl { get; init; }
    public string? Sku { get; init; }

    public override string ToString() =>
        $"#{Index} {ItemType} {BandcampTransactionId}/{BandcampTransactionItemId} {Date} {Currency} {ItemTotal}";
}
