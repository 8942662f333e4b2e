using System.Globalization;
using System.Text;

namespace BandcampPS.FakeApi.Tests;

public sealed class CsvExportTests
{
    [Fact]
    public void The_export_is_utf16le_with_bom_and_web_export_headers()
    {
        var data = new FakeSalesData(new FakeBandcampOptions { SaleCount = 500 });
        using var stream = new MemoryStream();

        FakeCsvExport.Write(stream, data.InRange(FakeBands.LabelId, null, DateTime.MinValue, DateTime.MaxValue));

        var bytes = stream.ToArray();
        Assert.Equal(new byte[] { 0xFF, 0xFE }, bytes[..2]);
        var records = Rfc4180.Parse(Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2));
        var header = records[0];
        Assert.Equal(52, header.Length);
        Assert.Equal("date", header[0]);
        Assert.Contains("bandcamp transaction id", header);
        Assert.Contains("item type", header);
        Assert.Contains("amount you received", header);
        Assert.Contains("referrer", header);
        Assert.Contains("referrer url", header);
        Assert.Contains("region/state", header);
        Assert.DoesNotContain(header, h => h.Contains("item id") || h.Contains('_'));
        Assert.Equal(data.CountInRange(FakeBands.LabelId, null, DateTime.MinValue, DateTime.MaxValue), records.Count - 1);
        Assert.All(records.Skip(1), r => Assert.Equal(header.Length, r.Length));
    }

    [Fact]
    public void Rows_round_trip_through_quoting_with_export_dates_and_two_decimal_money()
    {
        var data = new FakeSalesData(new FakeBandcampOptions { SaleCount = 500 });
        var sales = data.InRange(FakeBands.LabelId, null, DateTime.MinValue, DateTime.MaxValue).ToArray();
        using var stream = new MemoryStream();

        FakeCsvExport.Write(stream, sales, new UTF8Encoding(false));

        var records = Rfc4180.Parse(Encoding.UTF8.GetString(stream.ToArray()));
        var header = records[0].Select((h, i) => (h, i)).ToDictionary(x => x.h, x => x.i);
        for (int k = 0; k < sales.Length; k++)
        {
            var (sale, row) = (sales[k], records[k + 1]);
            Assert.Equal(sale.ItemName ?? "", row[header["item name"]]);
            Assert.Equal(sale.BuyerName ?? "", row[header["buyer name"]]);
            Assert.Equal(sale.BandcampTransactionId, row[header["bandcamp transaction id"]]);
            Assert.Equal(sale.DateUtc.ToString("M/d/yy h:mmtt", CultureInfo.InvariantCulture), row[header["date"]]);
            Assert.Equal(sale.NetAmount?.ToString("0.00", CultureInfo.InvariantCulture) ?? "", row[header["net amount"]]);
        }
        Assert.Contains(records.Skip(1), r => r[header["item name"]].Contains('\n'));
        Assert.Matches(@"^\d{1,2}/\d{1,2}/\d{2} \d{1,2}:\d{2}(AM|PM)$", records[1][0]);
    }
}
