using BandcampPS.Engine.Sales;
using BandcampPS.Engine.Storage;

namespace BandcampPS.Engine.Tests.Storage;

public class SaleKeysTests
{
    [Fact]
    public void A_line_with_an_item_id_is_keyed_by_it() =>
        Assert.Equal("item:900000201", RevenueEvent.FromSale(SampleSales.Api(900000201), false).SaleKey);

    [Fact]
    public void A_line_key_never_changes_between_versions() =>
        // Stored keys are matched on every re-import: a new format would store every CSV line again.
        // Cross-checked outside .NET: sha256 over the int32-LE-length-prefixed UTF-8 of the six fields.
        Assert.Equal("line:t1001:4a5e4deec3e4cb62:1", RevenueEvent.FromSale(SampleSales.Csv("t1001", "Logo Shirt", "M"), false).SaleKey);

    [Fact]
    public void A_line_key_ignores_amounts_dates_and_the_difference_between_null_empty_and_blank()
    {
        var sale = SampleSales.Csv("t1001", "Logo Shirt", "M");
        var refunded = SampleSales.Csv(" t1001 ", "Logo Shirt ", " M");

        Assert.Equal(Key(sale), Key(new BandcampSale
        {
            Source = sale.Source, TransactionId = refunded.TransactionId, ItemType = sale.ItemType, Artist = sale.Artist,
            ItemName = refunded.ItemName, Option = refunded.Option, Package = "", Sku = "  ",
            SaleDate = sale.SaleDate.AddHours(2), Currency = "EUR", ItemTotal = -25m,
        }));
    }

    [Fact]
    public void A_line_key_tells_apart_what_tells_lines_of_one_order_apart()
    {
        var sale = SampleSales.Csv("t1001", "Logo Shirt", "M");
        string[] keys =
        [
            Key(sale),
            Key(SampleSales.Csv("t1002", "Logo Shirt", "M")),
            Key(SampleSales.Csv("t1001", "Logo Shirt", "L")),
            Key(SampleSales.Csv("t1001", "Logo Shirt M", null)),
            Key(SampleSales.Csv("t1001", "Logo ShirtM", null)),
        ];

        Assert.Equal(keys.Length, keys.Distinct().Count());
    }

    [Fact]
    public void Identical_lines_of_one_report_are_numbered_per_source()
    {
        BandcampSale[] report =
        [
            SampleSales.Csv("t1001", "Logo Shirt", "M"),
            SampleSales.Csv("t1001", "Logo Shirt", "M"),
            SampleSales.Api(5),
            SampleSales.Csv("t1001", "Logo Shirt", "M"),
            SampleSales.Csv("t1001", "Logo Shirt", "M", source: BandcampSaleSource.Api), // no item id: numbered too, apart from the CSV lines
        ];

        var keys = RevenueEvent.FromSales(report, false).Select(r => r.SaleKey).ToList();

        var line = Key(report[0])[..^2];
        Assert.Equal([line + ":1", line + ":2", "item:5", line + ":3", line + ":1"], keys);
    }

    private static string Key(BandcampSale sale) => RevenueEvent.FromSale(sale, false).SaleKey;
}
