using System.Text;
using BandcampPS.Engine.Csv;

namespace BandcampPS.Engine.Tests.Csv;

public class CsvTextDecoderTests
{
    private const string Header = "date,paid to,item type,item name,artist,currency";

    [Fact]
    public void Utf16_without_a_bom_is_recognised_by_its_zero_bytes()
    {
        Assert.Equal("utf-16", CsvTextDecoder.GuessEncoding(Encoding.Unicode.GetBytes(Header)).WebName);
        Assert.Equal("utf-16BE", CsvTextDecoder.GuessEncoding(Encoding.BigEndianUnicode.GetBytes(Header)).WebName);
        Assert.Equal("utf-8", CsvTextDecoder.GuessEncoding(Encoding.UTF8.GetBytes(Header)).WebName);
        Assert.Equal("utf-8", CsvTextDecoder.GuessEncoding([]).WebName);
    }

    [Fact]
    public void A_few_stray_nul_bytes_do_not_make_utf8_look_like_utf16()
    {
        var bytes = Encoding.UTF8.GetBytes(Header);
        bytes[3] = 0;
        bytes[10] = 0;

        Assert.Equal("utf-8", CsvTextDecoder.GuessEncoding(bytes).WebName);
    }

    [Theory]
    [InlineData("utf-16le")]
    [InlineData("utf-16be")]
    [InlineData("utf-8")]
    public void The_byte_order_mark_is_not_part_of_the_text(string encodingName)
    {
        var encoding = Encoding.GetEncoding(encodingName);
        using var reader = CsvTextDecoder.Open(new MemoryStream(Encode("ab\0c", encoding)));

        Assert.Equal("abc", reader.ReadToEnd());
    }

    [Fact]
    public void Text_shorter_than_the_sample_is_read_whole()
    {
        using var reader = CsvTextDecoder.Open(new MemoryStream(Encoding.UTF8.GetBytes("a")));

        Assert.Equal("a", reader.ReadToEnd());
    }

    [Fact]
    public void A_long_run_of_nuls_is_not_mistaken_for_the_end_of_the_file()
    {
        var text = "a" + new string('\0', 200_000) + "b";
        using var reader = CsvTextDecoder.Open(new MemoryStream(Encode(text, Encoding.Unicode)));

        Assert.Equal("ab", reader.ReadToEnd());
    }

    private static byte[] Encode(string text, Encoding encoding) => [.. encoding.GetPreamble(), .. encoding.GetBytes(text)];
}
