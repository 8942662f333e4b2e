namespace BandcampPS.Engine.Sales;

/// <summary>Where a sale came from: the sales_report API or Bandcamp's web CSV export.</summary>
public enum BandcampSaleSource
{
    Api,
    Csv,
}

/// <summary>
/// One line item of Bandcamp's sales report (v4), from the API or the CSV export.
/// Flat and scalar so it exports cleanly with Export-Csv; money is decimal, times are UTC,
/// transaction ids are strings because payout rows carry ids like "t878373461".
/// Not sealed for one reason: ConvertTo-BandcampCurrency's <see cref="Currency.ConvertedSale"/> is a sale with its
/// conversion added, so it still binds wherever a sale is expected (Import-BandcampRevenue, summaries).
/// A record so that every copy (ConvertedSale's, a <c>with</c>) is the compiler's, field by field: a new Bandcamp
/// field cannot be forgotten in a hand-written copy. Two sales are equal when every field is, their read key included,
/// so identical CSV lines of one order stay two sales.
/// </summary>
public record BandcampSale
{
    public BandcampSale()
    {
    }

    public BandcampSaleSource Source { get; init; }

    /// <summary>The band or label the report was requested for (band_id).</summary>
    public long BandId { get; init; }

    /// <summary>The label member band the report was filtered to (member_band_id), if any.</summary>
    public long? MemberBandId { get; init; }

    public string TransactionId { get; init; } = "";

    /// <summary>Unique per line item (v4). Absent in the CSV export.</summary>
    public long? TransactionItemId { get; init; }

    /// <summary>On refunds and reversals: the transaction id of the original payment.</summary>
    public string? RelatedTransactionId { get; init; }

    /// <summary>When the sale happened, always <see cref="DateTimeKind.Utc"/>.</summary>
    public DateTime SaleDate { get; init; }

    public string? PaidTo { get; init; }
    public string ItemType { get; init; } = "";
    public string? ItemName { get; init; }
    public string? Artist { get; init; }
    public string Currency { get; init; } = "";
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

    /// <summary>Kept as Bandcamp sent it: its format has never been documented or observed.</summary>
    public string? ShipDate { get; init; }

    public string? ShipNotes { get; init; }
    public string? Country { get; init; }
    public string? CountryCode { get; init; }
    public string? RegionOrState { get; init; }
    public string? City { get; init; }
    public string? Referer { get; init; }
    public string? RefererUrl { get; init; }
    public string? Sku { get; init; }

    /// <summary>
    /// The key the reader gave this sale (see <see cref="Storage.SaleKeyer"/>), so the importer stores it under the same
    /// key the read used to skip repeats. Internal: never a property scripts see or Export-Csv writes.
    /// </summary>
    internal string? SaleKey { get; set; }

    /// <summary>The part of a read this sale came from; null for sales made by hand or re-read from a file of ours.</summary>
    internal SalesSpan? ReadSpan { get; set; }

    /// <summary>True for digital music (album, track, bundle); false for merch, payouts and refunds.</summary>
    public bool IsMusic => ItemTypes.IsDigitalMusic(ItemType);

    public override string ToString() =>
        $"{SaleDate:yyyy-MM-dd HH:mm:ss}Z {ItemType} {TransactionId}/{TransactionItemId} {ItemTotal} {Currency}";
}
