using BandcampPS.Engine.Sales;

namespace BandcampPS.Engine.Tests.Sales;

public class BandcampDateParserTests
{
    [Theory]
    [InlineData("04 Jan 2021 23:22:11 GMT", "2021-01-04T23:22:11")]
    [InlineData("4 Jan 2021 23:22:11 GMT", "2021-01-04T23:22:11")]
    [InlineData("29 Feb 2024 00:00:00 GMT", "2024-02-29T00:00:00")]
    [InlineData("2021-01-04 23:22:11", "2021-01-04T23:22:11")]
    [InlineData("2021-01-04", "2021-01-04T00:00:00")]
    [InlineData("2021-01-04T23:22:11Z", "2021-01-04T23:22:11")]
    [InlineData("2021-01-05T01:22:11+02:00", "2021-01-04T23:22:11")]
    [InlineData("1/15/24 5:21pm", "2024-01-15T17:21:00")]
    [InlineData("1/15/24 5:21PM", "2024-01-15T17:21:00")]
    [InlineData("12/31/2023 11:59pm", "2023-12-31T23:59:00")]
    [InlineData("  27 Mar 2024 08:27:49 GMT  ", "2024-03-27T08:27:49")]
    public void Every_known_form_parses_to_utc(string text, string expected)
    {
        Assert.True(BandcampDateParser.TryParse(text, out var utc));
        Assert.Equal(DateTimeKind.Utc, utc.Kind);
        Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), utc);
    }

    [Theory]
    [InlineData("31 Foo 2024 99:99:99 GMT")]
    [InlineData("30 Feb 2024 10:00:00 GMT")]
    [InlineData("yesterday")]
    [InlineData("")]
    [InlineData("13/45/24 5:21pm")]
    public void Garbage_is_refused(string text) => Assert.False(BandcampDateParser.TryParse(text, out _));
}
