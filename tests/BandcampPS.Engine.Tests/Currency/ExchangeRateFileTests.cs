using BandcampPS.Engine.Currency;

namespace BandcampPS.Engine.Tests.Currency;

public sealed class ExchangeRateFileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Loads_the_csv()
    {
        var table = ExchangeRateTable.Load(EcbFixture.WriteCsv(_folder.Path));

        Assert.Equal(EcbFixture.Latest, table.LatestDate);
        Assert.Equal(8, table.Currencies.Count);
        Assert.Equal(62, table.Rates.Count());
    }

    [Fact]
    public void Loads_the_csv_inside_the_zip()
    {
        var fromZip = ExchangeRateTable.Load(EcbFixture.WriteZip(_folder.Path));
        var fromCsv = ExchangeRateTable.Load(EcbFixture.WriteCsv(_folder.Path));

        Assert.Equal(fromCsv.Rates, fromZip.Rates);
    }

    [Fact]
    public void Tells_zip_from_csv_by_content_not_extension()
    {
        var zipNamedCsv = ExchangeRateTable.Load(EcbFixture.WriteZip(_folder.Path, fileName: "rates.csv"));
        var csvNamedZip = ExchangeRateTable.Load(EcbFixture.WriteCsv(_folder.Path, fileName: "rates.zip"));

        Assert.Equal(62, zipNamedCsv.Rates.Count());
        Assert.Equal(62, csvNamedZip.Rates.Count());
    }

    [Fact]
    public void Accepts_a_single_csv_entry_of_another_name()
    {
        string path = Path.Combine(_folder.Path, "rates.zip");
        File.WriteAllBytes(path, EcbFixture.ZipBytes(entryName: "history.csv"));

        Assert.Equal(EcbFixture.Latest, ExchangeRateTable.Load(path).LatestDate);
    }

    [Fact]
    public void Accepts_crlf_a_byte_order_mark_and_lines_without_the_trailing_comma()
    {
        string csv = EcbFixture.Csv.Replace(",\n", "\r\n");
        File.WriteAllText(Path.Combine(_folder.Path, "windows.csv"), csv, new System.Text.UTF8Encoding(true));

        var table = ExchangeRateTable.Load(Path.Combine(_folder.Path, "windows.csv"));

        Assert.Equal(62, table.Rates.Count());
    }

    [Fact]
    public void Bad_rate_names_the_file_line_currency_and_value()
    {
        // Line 4 is 2024-03-28 (the header is line 1).
        string path = EcbFixture.WriteCsv(_folder.Path, EcbFixture.Csv.Replace("2024-03-28,1.0811,", "2024-03-28,abc,"));

        var ex = Assert.Throws<ExchangeRateFileException>(() => ExchangeRateTable.Load(path));

        Assert.Equal("Rate 'abc' for USD on line 4 of eurofxref-hist.csv is not a number.", ex.Message);
        Assert.Equal((path, 4, "abc"), (ex.Path, ex.LineNumber, ex.Value));
    }

    [Fact]
    public void Bad_rate_inside_a_zip_names_the_entry_and_the_zip()
    {
        string path = EcbFixture.WriteZip(_folder.Path, EcbFixture.Csv.Replace("N/A,149.30,", "N/A,1x9.30,"));

        var ex = Assert.Throws<ExchangeRateFileException>(() => ExchangeRateTable.Load(path));

        Assert.Equal("Rate '1x9.30' for ISK on line 4 of eurofxref-hist.csv in eurofxref-hist.zip is not a number.", ex.Message);
    }

    [Theory]
    [InlineData("2024-03-28,1.0811,", "2024-03-28,-1.0811,", "Rate '-1.0811' for USD on line 4")]
    [InlineData("2024-03-28,1.0811,", "2024-03-28,0,", "Rate '0' for USD on line 4 of eurofxref-hist.csv is not a positive number.")]
    [InlineData("2024-03-28,1.0811,", "2024-03-28,1.08E1,", "Rate '1.08E1' for USD on line 4")]
    [InlineData("2024-03-28,", "28/03/2024,", "Date '28/03/2024' on line 4 of eurofxref-hist.csv is not a yyyy-MM-dd date.")]
    [InlineData("2024-03-28,", "2024-03-27,", "2024-03-27 appears on line 4 and again on line 5 of eurofxref-hist.csv.")]
    [InlineData(",149.30,1456.41,", ",149.30,", "Line 4 of eurofxref-hist.csv has 11 comma-separated cells, but the header has 12.")]
    [InlineData(",149.30,1456.41,", ",149.30,1456.41,99,", "Line 4 of eurofxref-hist.csv has 13 comma-separated cells, but the header has 12.")]
    [InlineData(",149.30,1456.41,", ",149.30,1456.41,99", "Line 4 of eurofxref-hist.csv has a value, '99', under no currency.")]
    [InlineData("Date,USD,", "Date,US Dollar,", "Column 2 of line 1 of eurofxref-hist.csv is 'US Dollar', not a currency code")]
    public void Malformed_lines_are_rejected_with_their_line_number(string find, string replace, string expectedMessage)
    {
        string path = EcbFixture.WriteCsv(_folder.Path, EcbFixture.Csv.Replace(find, replace));

        var ex = Assert.Throws<ExchangeRateFileException>(() => ExchangeRateTable.Load(path));

        Assert.StartsWith(expectedMessage, ex.Message);
        Assert.NotNull(ex.LineNumber);
    }

    [Theory]
    [InlineData("", "eurofxref-hist.csv is empty.")]
    [InlineData("Date,USD,JPY,\n", "eurofxref-hist.csv has no exchange rates.")]
    [InlineData("Date,USD,\n2024-03-28,N/A,\n", "eurofxref-hist.csv has no exchange rates.")]
    [InlineData("<!DOCTYPE html><html><head><title>Service unavailable</title>",
        "eurofxref-hist.csv is not an ECB euro reference rate file: line 1 should start with 'Date,' but is '<!DOCTYPE html><html><head><title>Servic…'.")]
    public void Files_that_are_not_rate_histories_are_rejected(string content, string expectedMessage)
    {
        string path = EcbFixture.WriteCsv(_folder.Path, content);

        Assert.Equal(expectedMessage, Assert.Throws<ExchangeRateFileException>(() => ExchangeRateTable.Load(path)).Message);
    }

    [Fact]
    public void Cut_off_zip_is_rejected()
    {
        byte[] zip = EcbFixture.ZipBytes();
        string path = Path.Combine(_folder.Path, "eurofxref-hist.zip");
        File.WriteAllBytes(path, zip[..(zip.Length / 2)]);

        var ex = Assert.Throws<ExchangeRateFileException>(() => ExchangeRateTable.Load(path));

        Assert.StartsWith("eurofxref-hist.zip is not a readable zip archive", ex.Message);
        Assert.Equal(path, ex.Path);
    }

    [Fact]
    public void Zip_without_a_csv_is_rejected()
    {
        string path = Path.Combine(_folder.Path, "eurofxref-hist.zip");
        File.WriteAllBytes(path, EcbFixture.ZipBytes(entryName: "readme.txt"));

        Assert.Equal("eurofxref-hist.zip does not contain eurofxref-hist.csv.",
            Assert.Throws<ExchangeRateFileException>(() => ExchangeRateTable.Load(path)).Message);
    }

    [Fact]
    public void Missing_file_is_a_file_not_found_error() =>
        Assert.Throws<FileNotFoundException>(() => ExchangeRateTable.Load(Path.Combine(_folder.Path, "nope.zip")));
}
