using System.Text;
using BandcampPS.Engine.Csv;

namespace BandcampPS.Engine.Tests.Csv;

/// <summary>Excel's "CSV" save is Windows-1252: told from UTF-8 by not being valid UTF-8, with a warning, or named with -Encoding.</summary>
public class CsvEncodingTests
{
    private const string Header = "date,item type,item name,currency,item total,quantity,bandcamp transaction id\r\n";
    private static readonly Encoding Windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;
    private readonly CollectingLog _log = new();

    private static string Rows(int count, string name) =>
        string.Concat(Enumerable.Range(1, count).Select(n => $"1/15/24 5:21pm,album,{name},EUR,5.00,1,{n}\r\n"));

    private List<CsvReadResult> Read(byte[] bytes, Encoding? encoding = null) =>
        new BandcampCsvReader(encoding: encoding, log: _log).Read(new MemoryStream(bytes), "excel.csv").ToList();

    [Fact]
    public void A_windows_1252_file_is_read_as_such_with_one_warning_naming_the_file_and_Encoding()
    {
        var bytes = Windows1252.GetBytes(Header + Rows(1_388, "Über Café — naïve façade"));

        var sales = Read(bytes).Sales();

        Assert.Equal(1_388, sales.Count);
        Assert.All(sales, s => Assert.Equal("Über Café — naïve façade", s.ItemName));
        var warning = Assert.Single(_log.Warnings);
        Assert.Contains("'excel.csv'", warning);
        Assert.Contains("Windows-1252", warning);
        Assert.Contains("-Encoding", warning);
    }

    [Fact]
    public void A_byte_that_is_not_utf8_far_down_the_file_still_decides_before_the_first_row()
    {
        var text = Header + Rows(5_000, "plain ascii") + Rows(1, "Café");
        var bytes = Windows1252.GetBytes(text);
        Assert.True(bytes.Length > 200_000);

        var sales = Read(bytes).Sales();

        Assert.Equal("Café", sales[^1].ItemName);
        Assert.Single(_log.Warnings);
    }

    [Fact]
    public void Utf8_without_a_bom_is_read_as_utf8_without_a_warning()
    {
        var sales = Read(new UTF8Encoding(false).GetBytes(Header + Rows(3, "Über Café 東京"))).Sales();

        Assert.All(sales, s => Assert.Equal("Über Café 東京", s.ItemName));
        Assert.Empty(_log.Warnings);
    }

    [Fact]
    public void An_encoding_given_by_the_caller_is_used_without_a_warning()
    {
        var bytes = Windows1252.GetBytes(Header + Rows(2, "Café"));

        var as1252 = Read(bytes, Windows1252).Sales();
        var asUtf8 = Read(bytes, new UTF8Encoding(false)).Sales();

        Assert.Equal("Café", as1252[0].ItemName);
        Assert.Equal("Caf\uFFFD", asUtf8[0].ItemName);
        Assert.Empty(_log.Warnings);
    }

    [Fact]
    public void Bandcamps_own_utf16_export_is_not_second_guessed()
    {
        var bytes = CsvTestFiles.Encode(Header + Rows(2, "Über"), BandcampCsvExportWriter.Utf16LeWithBom);

        Assert.Equal("Über", Read(bytes).Sales()[0].ItemName);
        Assert.Empty(_log.Warnings);
    }

    [Fact]
    public void A_stream_that_cannot_seek_is_judged_by_its_first_64_KB()
    {
        var bytes = Windows1252.GetBytes(Header + Rows(2, "Café"));

        var sales = new BandcampCsvReader(log: _log).Read(new ForwardOnlyStream(bytes), "piped.csv").Sales();

        Assert.Equal("Café", sales[0].ItemName);
        Assert.Contains("'piped.csv'", Assert.Single(_log.Warnings));
    }

    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
        public override long Position { get => base.Position; set => throw new NotSupportedException(); }
        public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();
    }
}
