using BandcampPS.Engine.Sales;
using BandcampPS.Engine.Storage;

namespace BandcampPS.Engine.Tests.Storage;

/// <summary>Sales shaped like the API example in shared/bandcamp-api.md 5.3.</summary>
internal static class SampleSales
{
    public static readonly DateTime Start = new(2024, 3, 27, 8, 27, 49, DateTimeKind.Utc);

    public static BandcampSale Api(long itemId, long bandId = 3000000001, DateTime? saleDate = null, string currency = "EUR") => new()
    {
        Source = BandcampSaleSource.Api,
        BandId = bandId,
        MemberBandId = 3000000002,
        TransactionId = (4100000000 + itemId).ToString(System.Globalization.CultureInfo.InvariantCulture),
        TransactionItemId = itemId,
        SaleDate = saleDate ?? Start.AddMinutes(itemId),
        PaidTo = "Bandcamp",
        ItemType = "album",
        ItemName = "Night Studies",
        Artist = "First Artist",
        Currency = currency,
        ItemPrice = 8.0m,
        Quantity = 1,
        SubTotal = 8.0m,
        AdditionalFanContribution = 2.0m,
        TransactionFee = 0.55m,
        ItemTotal = 10.0m,
        AmountYouReceived = 9.45m,
        NetAmount = 8.25m,
        Package = "digital download",
        CatalogNumber = "EXL012",
        Upc = "",
        Isrc = "",
        BuyerName = "A. Buyer",
        BuyerEmail = "buyer@example.invalid",
        ShipToStreet = "1 Example Street",
        Country = "Germany",
        CountryCode = "DE",
    };

    /// <summary>A CSV export line: no item id.</summary>
    public static BandcampSale Csv(string transactionId, string itemName, string? option = null,
        BandcampSaleSource source = BandcampSaleSource.Csv) => new()
    {
        Source = source,
        BandId = 3000000001,
        TransactionId = transactionId,
        SaleDate = Start,
        ItemType = "package",
        ItemName = itemName,
        Artist = "First Artist",
        Option = option,
        Currency = "USD",
        ItemPrice = 25m,
        Quantity = 1,
        ItemTotal = 25m,
        NetAmount = 21.5m,
    };

    public static RevenueRow Row(long itemId, long bandId = 3000000001, DateTime? saleDate = null, string currency = "EUR") =>
        RevenueRow.FromSale(Api(itemId, bandId, saleDate, currency), includeBuyerDetails: false);

    /// <summary>Rows of one stream (a file, a report) keyed as the importer keys them.</summary>
    public static List<RevenueRow> Keyed(IEnumerable<BandcampSale> sales)
    {
        var keyer = new SaleKeyer();
        return sales.Select(s => RevenueRow.FromSale(s, keyer.KeyOf(s), includeBuyerDetails: false)).ToList();
    }

    public static List<RevenueRow> Rows(int count, int firstItemId = 1) =>
        Enumerable.Range(firstItemId, count).Select(i => Row(i)).ToList();
}
