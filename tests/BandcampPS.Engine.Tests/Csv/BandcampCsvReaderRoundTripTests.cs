using System.Text;
using BandcampPS.Engine.Csv;
using BandcampPS.Engine.Sales;

namespace BandcampPS.Engine.Tests.Csv;

public class BandcampCsvReaderRoundTripTests
{
    public static TheoryData<string, string> EncodingsAndLineEndings()
    {
        var data = new TheoryData<string, string>();
        foreach (var encoding in new[] { "utf-16le-bom", "utf-16be-bom", "utf-8-bom", "utf-8", "utf-16le" })
        {
            data.Add(encoding, "\r\n");
            data.Add(encoding, "\n");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EncodingsAndLineEndings))]
    public void Every_field_of_every_tricky_sale_survives_the_export(string encodingName, string newLine)
    {
        var sales = new CsvSaleGenerator(bandId: 3_000_000_001).Sales(300).ToList();
        var bytes = BandcampCsvExportWriter.Export(sales, encoding: EncodingNamed(encodingName), newLine: newLine);

        var read = CsvTestFiles.Read(bytes, new BandcampCsvReader(bandId: 3_000_000_001)).Sales();

        SaleAssert.AllEqual(sales, read);
    }

    [Fact]
    public void The_generated_export_really_contains_the_tricky_values()
    {
        var sales = new CsvSaleGenerator().Sales(300).ToList();

        Assert.Contains(sales, s => s.ItemName?.Contains('\n') == true);
        Assert.Contains(sales, s => s.ItemName?.Contains('"') == true && s.ItemName.Contains(','));
        Assert.Contains(sales, s => s.ItemName == "東京の夜");
        Assert.Contains(sales, s => s.Upc is null);
        Assert.Contains(sales, s => s.ItemType == "payout" && s.TransactionId.StartsWith('t'));
        Assert.Contains(sales, s => s.ItemType == "refund" && s.ItemTotal < 0 && s.RelatedTransactionId is not null);
        Assert.Contains(sales, s => s.Currency == "JPY" && s.ItemTotal == decimal.Truncate(s.ItemTotal!.Value));
    }

    [Fact]
    public void Payout_ids_are_kept_verbatim_and_there_is_no_transaction_item_id()
    {
        var payout = new CsvSaleGenerator().Next("payout");

        var read = CsvTestFiles.Read(BandcampCsvExportWriter.Export([payout])).Sales().Single();

        Assert.Equal(payout.TransactionId, read.TransactionId);
        Assert.StartsWith("t", read.TransactionId);
        Assert.Null(read.TransactionItemId);
        Assert.Equal(BandcampSaleSource.Csv, read.Source);
        Assert.Equal(0, read.BandId);
    }

    [Fact]
    public void Pending_sales_after_the_comma_only_line_are_read_as_rows_of_their_own_type()
    {
        var generator = new CsvSaleGenerator();
        var sales = generator.Sales(20).ToList();
        var pending = Enumerable.Range(0, 3).Select(_ => generator.Next("pending sale")).ToList();

        var read = CsvTestFiles.Read(BandcampCsvExportWriter.Export(sales, pending)).Sales();

        SaleAssert.AllEqual([.. sales, .. pending], read);
        Assert.Equal(3, read.Count(s => s.ItemType == ItemTypes.PendingSale));
    }

    [Fact]
    public void Stray_nul_characters_anywhere_are_dropped()
    {
        var sales = new CsvSaleGenerator().Sales(100).ToList();
        var text = BandcampCsvExportWriter.Utf16LeWithBom.GetString(BandcampCsvExportWriter.Export(sales));
        var withNuls = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            withNuls.Append(text[i]);
            if ((i % 7 == 0 || text[i] is ',' or '\n') && !char.IsHighSurrogate(text[i]))
            {
                withNuls.Append('\0');
            }
        }

        var read = CsvTestFiles.ReadText(withNuls.ToString()).Sales();

        SaleAssert.AllEqual(sales, read);
    }

    [Fact]
    public void A_stream_that_cannot_seek_is_read_and_left_open()
    {
        var sales = new CsvSaleGenerator().Sales(50).ToList();
        using var stream = new ForwardOnlyStream(BandcampCsvExportWriter.Export(sales));

        var read = new BandcampCsvReader().Read(stream, "piped.csv").Sales();

        SaleAssert.AllEqual(sales, read);
        Assert.True(stream.CanRead);
    }

    [Fact]
    public void A_file_is_read_by_path_and_named_in_errors_by_its_file_name()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bandcampps-{Guid.NewGuid():N}.csv");
        var sales = new CsvSaleGenerator().Sales(10).ToList();
        File.WriteAllBytes(path, BandcampCsvExportWriter.Export(sales));
        try
        {
            SaleAssert.AllEqual(sales, new BandcampCsvReader().Read(path).Sales());
            File.Delete(path); // closed once the enumeration is over
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static Encoding EncodingNamed(string name) => name switch
    {
        "utf-16le-bom" => new UnicodeEncoding(bigEndian: false, byteOrderMark: true),
        "utf-16be-bom" => new UnicodeEncoding(bigEndian: true, byteOrderMark: true),
        "utf-8-bom" => new UTF8Encoding(encoderShouldEmitUTF8Identifier: true),
        "utf-8" => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        "utf-16le" => new UnicodeEncoding(bigEndian: false, byteOrderMark: false),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    /// <summary>Like a pipe or an HTTP response body: no seeking, no length.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }
    }
}
