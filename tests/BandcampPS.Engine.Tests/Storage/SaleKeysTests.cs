using BandcampPS.Engine.Sales;
using BandcampPS.Engine.Storage;

namespace BandcampPS.Engine.Tests.Storage;

public class SaleKeysTests
{
    [Fact]
    public void A_line_with_an_item_id_is_keyed_by_it() =>
        Assert.Equal("item:900000201", RevenueRow.FromSale(SampleSales.Api(900000201), false).SaleKey);

    [Fact]
    public void A_line_key_never_changes_between_versions() =>
        // Stored keys are matched on every re-import: a new format would store every CSV line again.
        // Cross-checked outside .NET: sha256 over the int32-LE-length-prefixed UTF-8 of the six fields.
        Assert.Equal("line:t1001:4a5e4deec3e4cb62:1", RevenueRow.FromSale(SampleSales.Csv("t1001", "Logo Shirt", "M"), false).SaleKey);

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
    public void Identical_lines_of_one_order_are_numbered_and_another_transaction_between_them_starts_over()
    {
        BandcampSale[] report =
        [
            SampleSales.Csv("t1001", "Logo Shirt", "M"),
            SampleSales.Csv("t1001", "Logo Shirt", "M"),
            SampleSales.Api(5),
            SampleSales.Csv("t1001", "Logo Shirt", "M"),
            SampleSales.Csv("t1001", "Logo Shirt", "M", source: BandcampSaleSource.Api), // no item id, another source: its own run
        ];

        var keys = SampleSales.Keyed(report).Select(r => r.SaleKey).ToList();

        var line = Key(report[0])[..^2];
        Assert.Equal([line + ":1", line + ":2", "item:5", line + ":1", line + ":1"], keys);
    }

    [Fact]
    public void A_transaction_read_in_one_stream_or_split_across_two_chunks_or_two_runs_gets_the_same_keys()
    {
        // The one key algorithm decides exactly-once: a cart of two identical lines and a payout without an item id,
        // read whole; then each read again in a later chunk (or a later night's overlap window) among other sales.
        BandcampSale[] cart = [SampleSales.Csv("t2001", "Logo Shirt", "M"), SampleSales.Csv("t2001", "Logo Shirt", "M")];
        var payout = SampleSales.Csv("t878373461", "Payout", source: BandcampSaleSource.Api);
        var whole = SampleSales.Keyed([SampleSales.Api(1), .. cart, SampleSales.Api(2), payout]).Select(r => r.SaleKey).ToList();

        var firstRun = SampleSales.Keyed([SampleSales.Api(1), .. cart]).Select(r => r.SaleKey).ToList();
        var secondRun = SampleSales.Keyed([.. cart, SampleSales.Api(2), payout, SampleSales.Api(3)]).Select(r => r.SaleKey).ToList();

        Assert.Equal(whole[1..3], firstRun[1..3]);
        Assert.Equal(whole[1..3], secondRun[0..2]);
        Assert.Equal(whole[4], secondRun[3]);
        Assert.Equal(5, whole.Distinct().Count());
    }

    [Fact]
    public void A_key_the_reader_gave_a_sale_is_the_key_it_is_stored_under() =>
        Assert.Equal("line:t1:abc:2", RevenueRow.FromSale(new BandcampSale { TransactionId = "t1", SaleKey = "line:t1:abc:2" }, false).SaleKey);

    private static string Key(BandcampSale sale) => RevenueRow.FromSale(sale, false).SaleKey;
}
