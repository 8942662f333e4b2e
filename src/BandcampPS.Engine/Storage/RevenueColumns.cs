using BandcampPS.Engine.Sales;

namespace BandcampPS.Engine.Storage;

/// <summary>Names, kinds, limits and values of the <see cref="RevenueColumn"/>s.</summary>
internal static class RevenueColumns
{
    public static readonly RevenueColumn[] All = Enum.GetValues<RevenueColumn>();

    /// <summary>
    /// The conversion to the reporting currency: ours, not Bandcamp's. A run without -Currency keeps a stored
    /// conversion, and a new rate never makes a row count as changed.
    /// </summary>
    public static readonly RevenueColumn[] Conversion =
        All.Where(c => c is >= RevenueColumn.ReportingCurrency and <= RevenueColumn.ConvertedTaxes).ToArray();

    /// <summary>
    /// What ContentHash covers: Bandcamp's values, i.e. everything but the key (Source, SaleKey), the conversion
    /// and ImportedAt. A row whose hash differs changed at Bandcamp, and only such a row counts as Updated.
    /// </summary>
    public static readonly RevenueColumn[] Content =
        All.Where(c => c is not (RevenueColumn.Source or RevenueColumn.SaleKey or RevenueColumn.ImportedAt) && !Conversion.Contains(c)).ToArray();

    /// <summary>True when every <see cref="BuyerDetails"/> column is empty; checked for every row written, so without a delegate.</summary>
    private static bool HasNoBuyerDetails(RevenueEvent e)
    {
        foreach (var column in BuyerDetails)
            if (Value(e, column) is not null) return false;
        return true;
    }

    public static readonly RevenueColumn[] BuyerDetails =
    [
        RevenueColumn.BuyerName, RevenueColumn.BuyerEmail, RevenueColumn.BuyerPhone, RevenueColumn.BuyerNote,
        RevenueColumn.ShipToName, RevenueColumn.ShipToStreet, RevenueColumn.ShipToStreet2, RevenueColumn.ShipToCity,
        RevenueColumn.ShipToState, RevenueColumn.ShipToZip, RevenueColumn.ShipToCountry, RevenueColumn.ShipToCountryCode,
    ];

    private static readonly string[] Names = All.Select(c => c.ToString()).ToArray();

    public static string Name(RevenueColumn column) => Names[(int)column];

    public static bool IsNullable(RevenueColumn column) => column is not (
        RevenueColumn.Source or RevenueColumn.SaleKey or RevenueColumn.BandId or RevenueColumn.TransactionId
        or RevenueColumn.SaleDate or RevenueColumn.ItemType or RevenueColumn.Currency or RevenueColumn.ImportedAt);

    public static ColumnKind Kind(RevenueColumn column) => column switch
    {
        RevenueColumn.Source => ColumnKind.Source,
        RevenueColumn.BandId or RevenueColumn.MemberBandId or RevenueColumn.TransactionItemId => ColumnKind.Int64,
        RevenueColumn.Quantity => ColumnKind.Int32,
        RevenueColumn.SaleDate or RevenueColumn.ImportedAt => ColumnKind.Timestamp,
        RevenueColumn.ExchangeRateDate => ColumnKind.Date,
        RevenueColumn.TaxRate or RevenueColumn.ExchangeRate => ColumnKind.Rate,
        >= RevenueColumn.ItemPrice and <= RevenueColumn.NetAmount => ColumnKind.Money,
        >= RevenueColumn.ConvertedItemTotal and <= RevenueColumn.ConvertedTaxes => ColumnKind.Money,
        _ => ColumnKind.Text,
    };

    /// <summary>
    /// Longest text the store keeps (SQL Server nvarchar(n)); null for free text (nvarchar(max)). Both
    /// stores refuse longer values, so a file that imports into SQLite imports into SQL Server too.
    /// </summary>
    public static int? MaxLength(RevenueColumn column) => column switch
    {
        RevenueColumn.Source or RevenueColumn.Currency or RevenueColumn.ReportingCurrency
            or RevenueColumn.CountryCode or RevenueColumn.ShipToCountryCode => 8,
        RevenueColumn.SaleKey or RevenueColumn.CatalogNumber or RevenueColumn.Sku => 200,
        RevenueColumn.TransactionId or RevenueColumn.RelatedTransactionId or RevenueColumn.ItemType
            or RevenueColumn.BuyerPhone => 100,
        RevenueColumn.Upc or RevenueColumn.Isrc or RevenueColumn.ShipToZip => 64,
        _ => null,
    };

    /// <summary>Every column's value, indexed by column: computed once per row, then validated, hashed and bound.</summary>
    public static object?[] Values(RevenueEvent e)
    {
        var values = new object?[All.Length];
        foreach (var column in All)
            values[(int)column] = Value(e, column);
        return values;
    }

    /// <summary>The CLR value of a column (boxed): string, long, int, decimal, DateTime, DateOnly, source, or null.</summary>
    public static object? Value(RevenueEvent e, RevenueColumn column) => column switch
    {
        RevenueColumn.Source => e.Source,
        RevenueColumn.SaleKey => e.SaleKey,
        RevenueColumn.BandId => e.BandId,
        RevenueColumn.MemberBandId => e.MemberBandId,
        RevenueColumn.TransactionId => e.TransactionId,
        RevenueColumn.TransactionItemId => e.TransactionItemId,
        RevenueColumn.RelatedTransactionId => e.RelatedTransactionId,
        RevenueColumn.SaleDate => e.SaleDate,
        RevenueColumn.ItemType => e.ItemType,
        RevenueColumn.ItemName => e.ItemName,
        RevenueColumn.Artist => e.Artist,
        RevenueColumn.CatalogNumber => e.CatalogNumber,
        RevenueColumn.Upc => e.Upc,
        RevenueColumn.Isrc => e.Isrc,
        RevenueColumn.Package => e.Package,
        RevenueColumn.Option => e.Option,
        RevenueColumn.Sku => e.Sku,
        RevenueColumn.Quantity => e.Quantity,
        RevenueColumn.Currency => e.Currency,
        RevenueColumn.ItemPrice => e.ItemPrice,
        RevenueColumn.SubTotal => e.SubTotal,
        RevenueColumn.AdditionalFanContribution => e.AdditionalFanContribution,
        RevenueColumn.SellerTax => e.SellerTax,
        RevenueColumn.MarketplaceTax => e.MarketplaceTax,
        RevenueColumn.TaxRate => e.TaxRate,
        RevenueColumn.CollectionSocietyShare => e.CollectionSocietyShare,
        RevenueColumn.Shipping => e.Shipping,
        RevenueColumn.TransactionFee => e.TransactionFee,
        RevenueColumn.ItemTotal => e.ItemTotal,
        RevenueColumn.AmountYouReceived => e.AmountYouReceived,
        RevenueColumn.NetAmount => e.NetAmount,
        RevenueColumn.ReportingCurrency => e.ReportingCurrency,
        RevenueColumn.ExchangeRate => e.ExchangeRate,
        RevenueColumn.ExchangeRateDate => e.ExchangeRateDate,
        RevenueColumn.ConvertedItemTotal => e.ConvertedItemTotal,
        RevenueColumn.ConvertedAmountYouReceived => e.ConvertedAmountYouReceived,
        RevenueColumn.ConvertedNetAmount => e.ConvertedNetAmount,
        RevenueColumn.ConvertedTransactionFee => e.ConvertedTransactionFee,
        RevenueColumn.ConvertedShipping => e.ConvertedShipping,
        RevenueColumn.ConvertedTaxes => e.ConvertedTaxes,
        RevenueColumn.CountryCode => e.CountryCode,
        RevenueColumn.Country => e.Country,
        RevenueColumn.BuyerName => e.BuyerName,
        RevenueColumn.BuyerEmail => e.BuyerEmail,
        RevenueColumn.BuyerPhone => e.BuyerPhone,
        RevenueColumn.BuyerNote => e.BuyerNote,
        RevenueColumn.ShipToName => e.ShipToName,
        RevenueColumn.ShipToStreet => e.ShipToStreet,
        RevenueColumn.ShipToStreet2 => e.ShipToStreet2,
        RevenueColumn.ShipToCity => e.ShipToCity,
        RevenueColumn.ShipToState => e.ShipToState,
        RevenueColumn.ShipToZip => e.ShipToZip,
        RevenueColumn.ShipToCountry => e.ShipToCountry,
        RevenueColumn.ShipToCountryCode => e.ShipToCountryCode,
        RevenueColumn.ImportedAt => e.ImportedAt,
        _ => throw new ArgumentOutOfRangeException(nameof(column), column, null),
    };

    /// <summary>Builds an event from a row whose columns are selected in <see cref="All"/> order.</summary>
    public static RevenueEvent Read(StoredRowReader r) => new()
    {
        Source = StoredValues.ParseSource(r.Text(RevenueColumn.Source)!),
        SaleKey = r.Text(RevenueColumn.SaleKey)!,
        BandId = r.Int64(RevenueColumn.BandId)!.Value,
        MemberBandId = r.Int64(RevenueColumn.MemberBandId),
        TransactionId = r.Text(RevenueColumn.TransactionId)!,
        TransactionItemId = r.Int64(RevenueColumn.TransactionItemId),
        RelatedTransactionId = r.Text(RevenueColumn.RelatedTransactionId),
        SaleDate = r.Timestamp(RevenueColumn.SaleDate)!.Value,
        ItemType = r.Text(RevenueColumn.ItemType)!,
        ItemName = r.Text(RevenueColumn.ItemName),
        Artist = r.Text(RevenueColumn.Artist),
        CatalogNumber = r.Text(RevenueColumn.CatalogNumber),
        Upc = r.Text(RevenueColumn.Upc),
        Isrc = r.Text(RevenueColumn.Isrc),
        Package = r.Text(RevenueColumn.Package),
        Option = r.Text(RevenueColumn.Option),
        Sku = r.Text(RevenueColumn.Sku),
        Quantity = r.Int32(RevenueColumn.Quantity),
        Currency = r.Text(RevenueColumn.Currency)!,
        ItemPrice = r.Decimal(RevenueColumn.ItemPrice),
        SubTotal = r.Decimal(RevenueColumn.SubTotal),
        AdditionalFanContribution = r.Decimal(RevenueColumn.AdditionalFanContribution),
        SellerTax = r.Decimal(RevenueColumn.SellerTax),
        MarketplaceTax = r.Decimal(RevenueColumn.MarketplaceTax),
        TaxRate = r.Decimal(RevenueColumn.TaxRate),
        CollectionSocietyShare = r.Decimal(RevenueColumn.CollectionSocietyShare),
        Shipping = r.Decimal(RevenueColumn.Shipping),
        TransactionFee = r.Decimal(RevenueColumn.TransactionFee),
        ItemTotal = r.Decimal(RevenueColumn.ItemTotal),
        AmountYouReceived = r.Decimal(RevenueColumn.AmountYouReceived),
        NetAmount = r.Decimal(RevenueColumn.NetAmount),
        ReportingCurrency = r.Text(RevenueColumn.ReportingCurrency),
        ExchangeRate = r.Decimal(RevenueColumn.ExchangeRate),
        ExchangeRateDate = r.Date(RevenueColumn.ExchangeRateDate),
        ConvertedItemTotal = r.Decimal(RevenueColumn.ConvertedItemTotal),
        ConvertedAmountYouReceived = r.Decimal(RevenueColumn.ConvertedAmountYouReceived),
        ConvertedNetAmount = r.Decimal(RevenueColumn.ConvertedNetAmount),
        ConvertedTransactionFee = r.Decimal(RevenueColumn.ConvertedTransactionFee),
        ConvertedShipping = r.Decimal(RevenueColumn.ConvertedShipping),
        ConvertedTaxes = r.Decimal(RevenueColumn.ConvertedTaxes),
        CountryCode = r.Text(RevenueColumn.CountryCode),
        Country = r.Text(RevenueColumn.Country),
        BuyerName = r.Text(RevenueColumn.BuyerName),
        BuyerEmail = r.Text(RevenueColumn.BuyerEmail),
        BuyerPhone = r.Text(RevenueColumn.BuyerPhone),
        BuyerNote = r.Text(RevenueColumn.BuyerNote),
        ShipToName = r.Text(RevenueColumn.ShipToName),
        ShipToStreet = r.Text(RevenueColumn.ShipToStreet),
        ShipToStreet2 = r.Text(RevenueColumn.ShipToStreet2),
        ShipToCity = r.Text(RevenueColumn.ShipToCity),
        ShipToState = r.Text(RevenueColumn.ShipToState),
        ShipToZip = r.Text(RevenueColumn.ShipToZip),
        ShipToCountry = r.Text(RevenueColumn.ShipToCountry),
        ShipToCountryCode = r.Text(RevenueColumn.ShipToCountryCode),
        ImportedAt = r.Timestamp(RevenueColumn.ImportedAt)!.Value,
    };

    /// <summary>The event without buyer details, or the same instance when it carries none.</summary>
    public static RevenueEvent WithoutBuyerDetails(RevenueEvent e) =>
        HasNoBuyerDetails(e)
            ? e
            : e with
            {
                BuyerName = null, BuyerEmail = null, BuyerPhone = null, BuyerNote = null,
                ShipToName = null, ShipToStreet = null, ShipToStreet2 = null, ShipToCity = null,
                ShipToState = null, ShipToZip = null, ShipToCountry = null, ShipToCountryCode = null,
            };
}
