using BandcampPS.Engine.Currency;

namespace BandcampPS.Engine.Tests.Currency;

public class ExchangeRateTableTests
{
    private static readonly DateOnly Thursday = EcbFixture.MaundyThursday;
    private readonly ExchangeRateTable _table = EcbFixture.Table();

    [Fact]
    public void Euro_to_dollar_multiplies_by_the_dollar_rate()
    {
        var conversion = _table.GetConversion("EUR", "USD", Thursday);

        Assert.Equal(1.0811m, conversion.Rate);
        Assert.Equal(Thursday, conversion.RateDate);
        Assert.Equal(13.34m, conversion.Convert(12.34m)); // 13.340774
    }

    [Fact]
    public void Dollar_to_euro_divides_by_the_dollar_rate()
    {
        var conversion = _table.GetConversion("USD", "EUR", Thursday);

        Assert.Equal(9.25m, conversion.Convert(10.00m)); // 9.24983…
        Assert.Equal((1.0811m, 1m), (conversion.FromUnitsPerEuro, conversion.ToUnitsPerEuro));
    }

    [Fact]
    public void Dollar_to_pound_is_a_cross_rate_through_the_euro()
    {
        var conversion = _table.GetConversion("USD", "GBP", Thursday);

        Assert.Equal(7.91m, conversion.Convert(10.00m)); // 10 × 0.85480 ÷ 1.0811 = 7.90676…
        Assert.Equal((1.0811m, 0.85480m), (conversion.FromUnitsPerEuro, conversion.ToUnitsPerEuro));
        Assert.Equal(0.85480m / 1.0811m, conversion.Rate);
    }

    [Fact]
    public void Yen_has_no_minor_units_in_either_direction()
    {
        Assert.Equal(2017m, _table.GetConversion("EUR", "JPY", Thursday).Convert(12.34m)); // 2016.973
        Assert.Equal(6.12m, _table.GetConversion("JPY", "EUR", Thursday).Convert(1000m)); // 6.11807…
        Assert.Equal(1512m, _table.GetConversion("USD", "JPY", Thursday).Convert(10.00m)); // 1511.886…
        Assert.Equal(9.92m, _table.GetConversion("JPY", "USD", Thursday).Convert(1500m)); // 9.92138…
    }

    [Theory]
    [InlineData("2024-03-23")] // Saturday
    [InlineData("2024-03-24")] // Sunday
    public void Weekend_sale_uses_fridays_rate_and_says_so(string saleDay)
    {
        var conversion = _table.GetConversion("EUR", "USD", DateOnly.Parse(saleDay));

        Assert.Equal(new DateOnly(2024, 3, 22), conversion.RateDate);
        Assert.Equal(108.23m, conversion.Convert(100m));
    }

    [Theory]
    [InlineData("2024-03-29")] // Good Friday, a TARGET holiday
    [InlineData("2024-03-30")]
    [InlineData("2024-03-31")]
    [InlineData("2024-04-01")] // Easter Monday, a TARGET holiday
    public void Easter_holidays_use_maundy_thursdays_rate(string saleDay)
    {
        var conversion = _table.GetConversion("usd", "eur", DateOnly.Parse(saleDay));

        Assert.Equal(Thursday, conversion.RateDate);
        Assert.Equal(1.0811m, conversion.FromUnitsPerEuro);
    }

    [Fact]
    public void Cross_rate_uses_the_latest_day_on_which_both_currencies_have_a_rate()
    {
        // GBP is N/A on 3 April; USD is not. Mixing 3 April's dollar with 2 April's pound would be wrong.
        var usdToGbp = _table.GetConversion("USD", "GBP", EcbFixture.Latest);

        Assert.Equal(new DateOnly(2024, 4, 2), usdToGbp.RateDate);
        Assert.Equal((1.0749m, 0.85570m), (usdToGbp.FromUnitsPerEuro, usdToGbp.ToUnitsPerEuro));
        Assert.Equal(79.61m, usdToGbp.Convert(100m));
        Assert.Equal(EcbFixture.Latest, _table.GetConversion("USD", "EUR", EcbFixture.Latest).RateDate);
    }

    [Fact]
    public void Empty_value_counts_as_no_rate()
    {
        var conversion = _table.GetConversion("EUR", "ISK", new DateOnly(2024, 3, 27));

        Assert.Equal(new DateOnly(2024, 3, 26), conversion.RateDate);
        Assert.Equal(149.90m, conversion.Rate);
    }

    [Theory]
    [InlineData("USD", "usd", "USD")]
    [InlineData("eur", "EUR", "EUR")]
    [InlineData("xyz", "XYZ", "XYZ")] // no rate needed, so no rate data needed
    public void Same_currency_is_rate_one_dated_the_sale_day(string from, string to, string expectedCode)
    {
        var farOutsideTheData = new DateOnly(2031, 7, 5);

        var conversion = _table.GetConversion(from, to, farOutsideTheData);

        Assert.Equal((expectedCode, expectedCode), (conversion.FromCurrency, conversion.ToCurrency));
        Assert.Equal(1m, conversion.Rate);
        Assert.Equal(farOutsideTheData, conversion.RateDate);
        Assert.Equal(12.35m, conversion.Convert(12.345m));
    }

    [Fact]
    public void Codes_are_case_insensitive_and_reported_upper_case()
    {
        var conversion = _table.GetConversion("usd", "Gbp", Thursday);

        Assert.Equal(("USD", "GBP"), (conversion.FromCurrency, conversion.ToCurrency));
        Assert.Equal(_table.GetConversion("USD", "GBP", Thursday), conversion);
    }

    [Fact]
    public void Unknown_currency_is_not_found_and_the_message_names_it()
    {
        Assert.False(_table.TryGetConversion("XYZ", "EUR", Thursday, out var conversion));
        Assert.Null(conversion);

        var ex = Assert.Throws<ExchangeRateNotFoundException>(() => _table.GetConversion("EUR", "xyz", Thursday));
        Assert.Equal("XYZ", ex.Currency);
        Assert.Equal(Thursday, ex.Date);
        Assert.Equal(EcbFixture.Latest, ex.LatestDate);
        Assert.Equal(
            "No XYZ exchange rate for 2024-03-28: the exchange rates include no XYZ rate at all. "
            + "The exchange rates run from 2024-03-21 to 2024-04-03.",
            ex.Message);
    }

    [Fact]
    public void Currency_the_ecb_no_longer_quotes_is_not_found()
    {
        // RUB is a column of the file but every value is N/A.
        Assert.DoesNotContain("RUB", _table.Currencies);
        var ex = Assert.Throws<ExchangeRateNotFoundException>(() => _table.GetConversion("RUB", "USD", Thursday));
        Assert.Equal("RUB", ex.Currency);
    }

    [Fact]
    public void Day_before_the_first_rate_is_not_found()
    {
        Assert.True(_table.TryGetConversion("EUR", "USD", EcbFixture.First, out _));

        var ex = Assert.Throws<ExchangeRateNotFoundException>(() => _table.GetConversion("GBP", "USD", new DateOnly(2024, 3, 20)));
        Assert.Equal("GBP", ex.Currency);
        Assert.Contains("the first GBP rate is from 2024-03-21", ex.Message);
        Assert.Contains("2024-04-03", ex.Message);
    }

    [Fact]
    public void Day_beyond_the_latest_rate_plus_the_tolerance_is_not_found()
    {
        var lastAcceptable = EcbFixture.Latest.AddDays(7);
        Assert.Equal(EcbFixture.Latest, _table.GetConversion("EUR", "USD", lastAcceptable).RateDate);

        var ex = Assert.Throws<ExchangeRateNotFoundException>(() => _table.GetConversion("EUR", "USD", lastAcceptable.AddDays(1)));
        Assert.Equal(
            "No USD exchange rate for 2024-04-11: the latest USD rate on or before that day is from 2024-04-03, "
            + "more than 7 days earlier. The exchange rates run from 2024-03-21 to 2024-04-03; "
            + "download newer rates to convert later sales.",
            ex.Message);
    }

    [Fact]
    public void Tolerance_is_adjustable_and_a_cached_answer_follows_it()
    {
        var easterMonday = new DateOnly(2024, 4, 1); // 4 days after the last rate
        Assert.True(_table.TryGetConversion("EUR", "USD", easterMonday, out _));

        _table.MaxRateAgeDays = 3;
        Assert.False(_table.TryGetConversion("EUR", "USD", easterMonday, out _));
        Assert.Contains("more than 3 days earlier", Assert.Throws<ExchangeRateNotFoundException>(
            () => _table.GetConversion("EUR", "USD", easterMonday)).Message);

        _table.MaxRateAgeDays = 4;
        Assert.True(_table.TryGetConversion("EUR", "USD", easterMonday, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => _table.MaxRateAgeDays = -1);
    }

    [Fact]
    public void Describes_what_it_holds()
    {
        Assert.Equal(["BGN", "CZK", "GBP", "HUF", "ISK", "JPY", "KRW", "USD"], _table.Currencies);
        Assert.Equal(EcbFixture.First, _table.EarliestDate);
        Assert.Equal(EcbFixture.Latest, _table.LatestDate);
        Assert.Equal(ExchangeRateTable.DefaultMaxRateAgeDays, _table.MaxRateAgeDays);
        Assert.Equal(62, _table.Rates.Count()); // 8 days × 8 currencies, less GBP's N/A and ISK's blank
    }

    [Fact]
    public void Rates_can_be_filtered_by_currency_and_inclusive_date_range()
    {
        var rates = _table.GetRates(["usd", "GBP", "XYZ"], new DateOnly(2024, 3, 28), new DateOnly(2024, 4, 3)).ToList();

        Assert.Equal(
            [
                new ExchangeRate(new DateOnly(2024, 3, 28), "GBP", 0.85480m),
                new ExchangeRate(new DateOnly(2024, 3, 28), "USD", 1.0811m),
                new ExchangeRate(new DateOnly(2024, 4, 2), "GBP", 0.85570m),
                new ExchangeRate(new DateOnly(2024, 4, 2), "USD", 1.0749m),
                new ExchangeRate(new DateOnly(2024, 4, 3), "USD", 1.0783m),
            ],
            rates);
        Assert.Empty(_table.GetRates(["EUR"]));
        Assert.Throws<ArgumentException>(() => _table.GetRates(null, EcbFixture.Latest, EcbFixture.First));
    }

    [Fact]
    public void Table_from_its_own_rates_converts_the_same()
    {
        var copy = ExchangeRateTable.FromRates(_table.Rates);

        Assert.Equal(_table.Rates, copy.Rates);
        Assert.Equal(_table.GetConversion("USD", "GBP", EcbFixture.Latest), copy.GetConversion("USD", "GBP", EcbFixture.Latest));
    }

    [Fact]
    public void Rates_given_by_hand_are_normalised_and_checked()
    {
        var table = ExchangeRateTable.FromRates(
            [new(Thursday, "usd", 1.0811m), new(Thursday, "EUR", 1m)]);
        Assert.Equal(["USD"], table.Currencies);

        Assert.Throws<ArgumentException>(() => ExchangeRateTable.FromRates(
            [new(Thursday, "USD", 1.0811m), new(Thursday, "usd", 1.0812m)]));
        Assert.Throws<ArgumentException>(() => ExchangeRateTable.FromRates([new(Thursday, "USD", 0m)]));
        Assert.Throws<ArgumentException>(() => ExchangeRateTable.FromRates([new(Thursday, "EUR", 1.1m)]));
    }

    [Fact]
    public void Empty_table_converts_nothing_but_the_same_currency()
    {
        var empty = ExchangeRateTable.FromRates([]);

        Assert.Null(empty.LatestDate);
        Assert.Empty(empty.Currencies);
        Assert.Equal(1m, empty.GetConversion("GBP", "gbp", Thursday).Rate);
        Assert.EndsWith("The exchange rate table is empty.",
            Assert.Throws<ExchangeRateNotFoundException>(() => empty.GetConversion("EUR", "USD", Thursday)).Message);
    }

    [Theory]
    [InlineData(null, "USD")]
    [InlineData("", "USD")]
    [InlineData("EUR", " ")]
    public void Missing_codes_are_argument_errors(string? from, string to) =>
        Assert.ThrowsAny<ArgumentException>(() => _table.TryGetConversion(from!, to, Thursday, out _));

    [Fact]
    public void Threads_sharing_a_table_get_the_right_answers()
    {
        string[] currencies = ["EUR", "USD", "GBP", "JPY", "HUF"];
        var days = Enumerable.Range(0, 14).Select(i => EcbFixture.First.AddDays(i)).ToArray();
        var reference = EcbFixture.Table();
        var expected = (from f in currencies from t in currencies from d in days
                        select (f, t, d, reference.GetConversion(f, t, d))).ToArray();

        Parallel.For(0, 200_000, i =>
        {
            var (from, to, day, conversion) = expected[i * 7919 % expected.Length];
            Assert.Equal(conversion, _table.GetConversion(from, to, day));
        });
    }
}
