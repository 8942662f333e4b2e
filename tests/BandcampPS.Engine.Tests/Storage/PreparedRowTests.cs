using BandcampPS.Engine.Storage;

namespace BandcampPS.Engine.Tests.Storage;

public class PreparedRowTests
{
    [Theory]
    [InlineData(10)]
    [InlineData(5000)] // prepared on every core
    public void The_lowest_bad_row_is_reported_however_the_batch_is_prepared(int count)
    {
        var rows = SampleSales.Rows(count);
        rows[count - 1] = rows[count - 1] with { NetAmount = 0.00001m };
        rows[count / 2] = rows[count / 2] with { SaleKey = "" };

        var error = Assert.Throws<RevenueStoreException>(() => PreparedRow.PrepareBatch(rows, includeBuyerDetails: false));

        Assert.Equal(count / 2, error.RowIndex);
    }

    [Fact]
    public void A_big_batch_is_prepared_exactly_like_a_small_one()
    {
        var rows = SampleSales.Rows(5000);

        var parallel = PreparedRow.PrepareBatch(rows, false);
        var sequential = rows.Chunk(1000).SelectMany(batch => PreparedRow.PrepareBatch(batch, false)).ToArray();

        Assert.Equal(sequential.Select(r => r.ContentHash), parallel.Select(r => r.ContentHash));
    }

    [Theory]
    [InlineData("ItemType", 101)]
    [InlineData("Upc", 65)]
    [InlineData("SaleKey", 201)]
    public void Text_longer_than_a_store_keeps_is_refused(string property, int length)
    {
        var row = SampleSales.Row(1);
        typeof(RevenueRow).GetProperty(property)!.SetValue(row, new string('x', length));

        var error = Assert.Throws<RevenueStoreException>(() => PreparedRow.PrepareBatch([row], false));

        Assert.Contains(property, error.Message);
    }
}
