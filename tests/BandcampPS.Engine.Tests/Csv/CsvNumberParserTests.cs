using BandcampPS.Engine.Csv;

namespace BandcampPS.Engine.Tests.Csv;

public class CsvNumberParserTests
{
    [Theory]
    [InlineData("10.50", "10.50")]
    [InlineData("10.5", "10.5")]
    [InlineData("1500", "1500")]
    [InlineData("-5.00", "-5.00")]
    [InlineData("+5", "5")]
    [InlineData(" 7.25 ", "7.25")]
    [InlineData("1,234.50", "1234.50")]
    [InlineData("-1,234,567.89", "-1234567.89")]
    [InlineData("0", "0")]
    [InlineData(".5", "0.5")]
    public void Amounts_are_invariant_decimals(string text, string expected)
    {
        Assert.True(CsvNumberParser.TryParseAmount(text, out var amount));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), amount);
    }

    [Theory]
    [InlineData("$5.00")]
    [InlineData("€5.00")]
    [InlineData("5.00 EUR")]
    [InlineData("1,5")] // a decimal comma would otherwise read as 15
    [InlineData("12,34")]
    [InlineData("1234,567.00")]
    [InlineData(",123")]
    [InlineData("1,,234")]
    [InlineData("1.234,56")]
    [InlineData("abc")]
    [InlineData("1e3")]
    [InlineData("(5.00)")]
    [InlineData("5.0.0")]
    public void Anything_else_is_not_an_amount(string text) =>
        Assert.False(CsvNumberParser.TryParseAmount(text, out _));

    [Theory]
    [InlineData("1", 1)]
    [InlineData("-1", -1)]
    [InlineData("1,000", 1000)]
    [InlineData(" 3 ", 3)]
    public void Quantities_are_whole_numbers(string text, int expected)
    {
        Assert.True(CsvNumberParser.TryParseQuantity(text, out var quantity));
        Assert.Equal(expected, quantity);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("1.0")]
    [InlineData("one")]
    [InlineData("2x")]
    [InlineData("1,5")]
    [InlineData("99999999999")]
    public void Fractions_words_and_overflows_are_not_quantities(string text) =>
        Assert.False(CsvNumberParser.TryParseQuantity(text, out _));
}
