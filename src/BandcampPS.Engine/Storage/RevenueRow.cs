using System.Linq.Expressions;
using BandcampPS.Engine.Sales;

namespace BandcampPS.Engine.Storage;

/// <summary>
/// One sale line as the revenue database stores it: the sale's identity, descriptive fields and exact
/// amounts, plus its conversion to the label's reporting currency. Flat and scalar so Export-Csv works.
/// A record (a sealed class) so the importer sets the conversion with a cheap <c>with</c> copy or
/// <see cref="WithConversion"/>; the copy is a field-by-field memberwise copy, no reflection.
/// </summary>
public sealed record RevenueRow
{
    public BandcampSaleSource Source { get; init; }

    /// <summary>
    /// The row's identity within its <see cref="Source"/> (unique in the database with Source):
    /// <c>item:&lt;TransactionItemId&gt;</c> when Bandcamp numbered the line (API v4), otherwise
    /// <c>line:&lt;TransactionId&gt;:&lt;16 hex digits&gt;:&lt;occurrence&gt;</c> (CSV export), see
    /// <see cref="SaleKeyer"/>, the one place keys are made; never derived from amounts, so a changed amount
    /// updates the row instead of adding one.
    /// </summary>
    public string SaleKey { get; init; } = "";

    public long BandId { get; init; }
    public long? MemberBandId { get; init; }
    public string TransactionId { get; init; } = "";
    public long? TransactionItemId { get; init; }
    public string? RelatedTransactionId { get; init; }

    /// <summary>UTC, stored to the second (Bandcamp reports whole seconds).</summary>
    public DateTime SaleDate { get; init; }

    public string ItemType { get; init; } = "";
    public string? ItemName { get; init; }
    public string? Artist { get; init; }
    public string? CatalogNumber { get; init; }
    public string? Upc { get; init; }
    public string? Isrc { get; init; }
    public string? Package { get; init; }
    public string? Option { get; init; }
    public string? Sku { get; init; }
    public int? Quantity { get; init; }

    /// <summary>ISO 4217 code of the sale; every amount below without "Converted" is in it.</summary>
    public string Currency { get; init; } = "";

    // Amounts as Bandcamp reported them. The store keeps at most 4 decimal places and 15 integer
    // digits (SQL Server decimal(19,4)) and refuses anything else rather than round silently.
    public decimal? ItemPrice { get; init; }
    public decimal? SubTotal { get; init; }
    public decimal? AdditionalFanContribution { get; init; }
    public decimal? SellerTax { get; init; }
    public decimal? MarketplaceTax { get; init; }

    /// <summary>A rate, not money: up to 10 decimal places.</summary>
    public decimal? TaxRate { get; init; }

    public decimal? CollectionSocietyShare { get; init; }
    public decimal? Shipping { get; init; }
    public decimal? TransactionFee { get; init; }
    public decimal? ItemTotal { get; init; }
    public decimal? AmountYouReceived { get; init; }
    public decimal? NetAmount { get; init; }

    /// <summary>The label's currency the Converted* amounts are in; null when the row was not converted.</summary>
    public string? ReportingCurrency { get; init; }

    /// <summary>Units of <see cref="ReportingCurrency"/> per unit of <see cref="Currency"/>; up to 10 decimal places.</summary>
    public decimal? ExchangeRate { get; init; }

    /// <summary>The day the rate was published for (a rate is a daily fixing, not a moment).</summary>
    public DateOnly? ExchangeRateDate { get; init; }

    public decimal? ConvertedItemTotal { get; init; }
    public decimal? ConvertedAmountYouReceived { get; init; }
    public decimal? ConvertedNetAmount { get; init; }
    public decimal? ConvertedTransactionFee { get; init; }
    public decimal? ConvertedShipping { get; init; }

    /// <summary>SellerTax + MarketplaceTax, converted as one sum (so it rounds once).</summary>
    public decimal? ConvertedTaxes { get; init; }

    public string? CountryCode { get; init; }
    public string? Country { get; init; }

    // Personal data: filled only when the importer was asked to include buyer details.
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

    /// <summary>The buyer's city (Bandcamp's, from the payment): personal, so a buyer detail like the address.</summary>
    public string? City { get; init; }

    /// <summary>Free text about the shipment, which may name people: a buyer detail.</summary>
    public string? ShipNotes { get; init; }

    // The rest of what Bandcamp reports for a line (schema 3): who was paid and how, the fee's kind, where merch
    // shipped from and when, the page sold from and what sent the buyer there, the buyer's region (sales tax).
    public string? PaidTo { get; init; }
    public string? DiscountCode { get; init; }
    public string? FeeType { get; init; }
    public string? PaypalTransactionId { get; init; }
    public string? ShipFromCountryName { get; init; }

    /// <summary>As Bandcamp sent it: its format has never been documented or observed.</summary>
    public string? ShipDate { get; init; }

    public string? ItemUrl { get; init; }
    public string? Referer { get; init; }
    public string? RefererUrl { get; init; }
    public string? RegionOrState { get; init; }

    /// <summary>
    /// UTC time the stored values were last written (first import, or the update that changed them).
    /// Set by the store when it writes; whatever the caller puts here is ignored.
    /// </summary>
    public DateTime ImportedAt { get; init; }

    /// <summary>
    /// Maps one sale under the key its reader gave it, or else the key it has alone (<see cref="SaleKeyer"/>: its item
    /// id, or occurrence 1 of its line). Buyer details are copied only when <paramref name="includeBuyerDetails"/> is
    /// true (privacy by default). Identical lines of one order without item ids are numbered by a
    /// <see cref="SaleKeyer"/> over their stream, as the importer does.
    /// </summary>
    public static RevenueRow FromSale(BandcampSale sale, bool includeBuyerDetails)
    {
        ArgumentNullException.ThrowIfNull(sale);
        return Map(sale, new SaleKeyer().KeyOfCarried(sale), includeBuyerDetails);
    }

    /// <summary>Maps one sale under the key a <see cref="SaleKeyer"/> gave it.</summary>
    internal static RevenueRow FromSale(BandcampSale sale, string saleKey, bool includeBuyerDetails) =>
        Map(sale, saleKey, includeBuyerDetails);

    /// <summary>
    /// A copy converted by <paramref name="conversion"/>, as every converting path stores it: the amounts from the
    /// exact rate, each rounded once; the rate kept for audit to the store's 10 decimals.
    /// </summary>
    public RevenueRow WithConversion(Currency.CurrencyConversion conversion)
    {
        ArgumentNullException.ThrowIfNull(conversion);
        return WithConversion(conversion.ToCurrency, conversion.AuditRate, conversion.RateDate, conversion.Convert);
    }

    /// <summary>
    /// A copy with the conversion filled: every Converted* amount is <paramref name="convert"/> of the
    /// original (null stays null). <paramref name="convert"/> owns the rounding (the currency component
    /// knows the reporting currency's minor unit); the store accepts at most 4 decimal places.
    /// </summary>
    public RevenueRow WithConversion(
        string reportingCurrency, decimal exchangeRate, DateOnly exchangeRateDate, Func<decimal, decimal> convert)
    {
        ArgumentException.ThrowIfNullOrEmpty(reportingCurrency);
        ArgumentNullException.ThrowIfNull(convert);
        decimal? Convert(decimal? amount) => amount is { } value ? convert(value) : null;
        var taxes = SellerTax is null && MarketplaceTax is null ? (decimal?)null : (SellerTax ?? 0m) + (MarketplaceTax ?? 0m);
        return this with
        {
            ReportingCurrency = reportingCurrency,
            ExchangeRate = exchangeRate,
            ExchangeRateDate = exchangeRateDate,
            ConvertedItemTotal = Convert(ItemTotal),
            ConvertedAmountYouReceived = Convert(AmountYouReceived),
            ConvertedNetAmount = Convert(NetAmount),
            ConvertedTransactionFee = Convert(TransactionFee),
            ConvertedShipping = Convert(Shipping),
            ConvertedTaxes = Convert(taxes),
        };
    }

    /// <summary>No buyer data here: ToString ends up in logs and error messages.</summary>
    public override string ToString() =>
        $"{SaleDate:yyyy-MM-dd HH:mm:ss}Z {Source} {SaleKey} {ItemType} {ItemTotal} {Currency}";

    /// <summary>The row's own values: its key, the conversion (<see cref="WithConversion(Currency.CurrencyConversion)"/>) and when it was written.</summary>
    internal static readonly string[] NotFromTheSale =
        [nameof(SaleKey), .. RevenueColumns.Conversion.Select(RevenueColumns.Name), nameof(ImportedAt)];

    // Every field the row shares with the sale, by name (SameNameCopy): a field added to both is stored with no list to
    // extend here. Buyer details are left out of the second projection, so they are never copied unless asked for.
    // (Declared after NotFromTheSale: static fields are initialised in the order they are written.)
    private static readonly Func<BandcampSale, string, RevenueRow> MapWithBuyerDetails = CompileMap(includeBuyerDetails: true);
    private static readonly Func<BandcampSale, string, RevenueRow> MapWithoutBuyerDetails = CompileMap(includeBuyerDetails: false);

    private static RevenueRow Map(BandcampSale sale, string saleKey, bool includeBuyerDetails) =>
        (includeBuyerDetails ? MapWithBuyerDetails : MapWithoutBuyerDetails)(sale, saleKey);

    private static Func<BandcampSale, string, RevenueRow> CompileMap(bool includeBuyerDetails)
    {
        var sale = Expression.Parameter(typeof(BandcampSale), "sale");
        var saleKey = Expression.Parameter(typeof(string), "saleKey");
        var skip = new HashSet<string>(NotFromTheSale);
        if (!includeBuyerDetails) skip.UnionWith(RevenueColumns.BuyerDetails.Select(RevenueColumns.Name));
        var bindings = SameNameCopy.Bindings(sale, typeof(RevenueRow), skip)
            .Append(Expression.Bind(typeof(RevenueRow).GetProperty(nameof(SaleKey))!, saleKey));
        return Expression.Lambda<Func<BandcampSale, string, RevenueRow>>(
            Expression.MemberInit(Expression.New(typeof(RevenueRow)), bindings), sale, saleKey).Compile();
    }

}
