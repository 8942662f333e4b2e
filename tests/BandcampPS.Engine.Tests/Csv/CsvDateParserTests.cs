using BandcampPS.Engine.Csv;

namespace BandcampPS.Engine.Tests.Csv;

public class CsvDateParserTests
{
    private static readonly CsvDateParser Utc = new(null);

    [Theory]
    [InlineData("1/15/24 5:21pm", "2024-01-15T17:21:00")]
    [InlineData("1/15/24 5:21PM", "2024-01-15T17:21:00")]
    [InlineData("1/15/24 5:21am", "2024-01-15T05:21:00")]
    [InlineData("12/31/24 12:00am", "2024-12-31T00:00:00")]
    [InlineData("12/31/24 12:00pm", "2024-12-31T12:00:00")]
    [InlineData("01/05/24 05:21pm", "2024-01-05T17:21:00")]
    [InlineData("1/15/24 5:21 pm", "2024-01-15T17:21:00")]
    [InlineData("1/15/2024 5:21pm", "2024-01-15T17:21:00")]
    [InlineData("1/15/24 17:21", "2024-01-15T17:21:00")]
    [InlineData("2024-01-15 17:21:09", "2024-01-15T17:21:09")]
    [InlineData("27 Mar 2024 08:27:49 GMT", "2024-03-27T08:27:49")]
    [InlineData(" 1/15/24 5:21pm ", "2024-01-15T17:21:00")]
    [InlineData("3/1/50 1:00am", "2050-03-01T01:00:00")] // two-digit years are this century, not 1950
    [InlineData("3/1/99 1:00am", "2099-03-01T01:00:00")]
    [InlineData("3/1/08 1:00am", "2008-03-01T01:00:00")]
    public void Bandcamp_dates_are_read_as_utc(string text, string expected)
    {
        Assert.Equal(CsvDateOutcome.Parsed, Utc.TryParse(text, out var utc));
        Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), utc);
        Assert.Equal(DateTimeKind.Utc, utc.Kind);
    }

    [Theory]
    [InlineData("31/31/24 9:99pm")]
    [InlineData("15/1/24 5:21pm")]
    [InlineData("2/30/24 5:21pm")]
    [InlineData("1/15/24")]
    [InlineData("yesterday")]
    [InlineData("")]
    [InlineData("1/15/24 25:00")]
    public void Other_text_is_not_a_date(string text) =>
        Assert.Equal(CsvDateOutcome.NotADate, Utc.TryParse(text, out _));

    [Fact]
    public void An_export_zone_converts_wall_clock_times_to_utc_but_leaves_gmt_times_alone()
    {
        var newYork = new CsvDateParser(TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));

        Assert.Equal(CsvDateOutcome.Parsed, newYork.TryParse("1/15/24 5:21pm", out var winter));
        Assert.Equal(new DateTime(2024, 1, 15, 22, 21, 0, DateTimeKind.Utc), winter);
        Assert.Equal(CsvDateOutcome.Parsed, newYork.TryParse("7/15/24 5:21pm", out var summer));
        Assert.Equal(new DateTime(2024, 7, 15, 21, 21, 0, DateTimeKind.Utc), summer);
        Assert.Equal(CsvDateOutcome.Parsed, newYork.TryParse("27 Mar 2024 08:27:49 GMT", out var gmt));
        Assert.Equal(new DateTime(2024, 3, 27, 8, 27, 49, DateTimeKind.Utc), gmt);
        Assert.Equal(DateTimeKind.Utc, summer.Kind);
    }

    [Fact]
    public void A_time_the_clocks_skipped_is_reported_not_guessed()
    {
        var newYork = new CsvDateParser(TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));

        Assert.Equal(CsvDateOutcome.SkippedByClock, newYork.TryParse("3/10/24 2:30am", out _));
    }
}
