namespace BandcampPS.Engine.Storage;

/// <summary>
/// The stored columns of <see cref="RevenueRow"/>, in table order; each is named after its property.
/// Both stores write, hash and read through this list, so a column is added here once. (Id and
/// ContentHash are storage-only and handled by the stores.)
/// </summary>
internal enum RevenueColumn
{
    Source, SaleKey, BandId, MemberBandId, TransactionId, TransactionItemId, RelatedTransactionId, SaleDate,
    ItemType, ItemName, Artist, CatalogNumber, Upc, Isrc, Package, Option, Sku, Quantity, Currency,
    ItemPrice, SubTotal, AdditionalFanContribution, SellerTax, MarketplaceTax, TaxRate, CollectionSocietyShare,
    Shipping, TransactionFee, ItemTotal, AmountYouReceived, NetAmount,
    ReportingCurrency, ExchangeRate, ExchangeRateDate,
    ConvertedItemTotal, ConvertedAmountYouReceived, ConvertedNetAmount, ConvertedTransactionFee,
    ConvertedShipping, ConvertedTaxes,
    CountryCode, Country,
    BuyerName, BuyerEmail, BuyerPhone, BuyerNote, ShipToName, ShipToStreet, ShipToStreet2, ShipToCity,
    ShipToState, ShipToZip, ShipToCountry, ShipToCountryCode,
    PaidTo, DiscountCode, FeeType, PaypalTransactionId, ShipFromCountryName, ShipDate, ItemUrl, Referer, RefererUrl,
    RegionOrState, City, ShipNotes,
    ImportedAt,
}

internal enum ColumnKind
{
    Source,
    Text,
    Int64,
    Int32,

    /// <summary>decimal, at most 4 decimal places and 15 integer digits (SQL Server decimal(19,4)).</summary>
    Money,

    /// <summary>decimal, at most 10 decimal places and 9 integer digits (decimal(19,10)).</summary>
    Rate,

    /// <summary>UTC DateTime, whole seconds.</summary>
    Timestamp,

    Date,
}
