using System.Globalization;
using BandcampPS.Engine.Currency;

namespace BandcampPS.Engine.Tests.Currency;

public class CurrencyConversionTests
{
    private static readonly DateOnly Day = new(2024, 3, 28);

    [Fact]
    public void Exact_midpoint_rounds_away_from_zero_not_to_even()
    {
        var eurToUsd = new CurrencyConversion("EUR", "USD", Day, 1m, 1.0811m);

        // 150.00 × 1.0811 = 162.165 exactly: banker's rounding would give 162.16.
        Assert.Equal(162.17m, eurToUsd.Convert(150.00m));
        Assert.Equal(-162.17m, eurToUsd.Convert(-150.00m)); // refunds mirror sales
        Assert.Equal(162.16m, Math.Round(150.00m * 1.0811m, 2)); // what the default would have done
    }

    [Fact]
    public void Yen_midpoint_rounds_to_a_whole_yen_away_from_zero()
    {
        var eurToJpy = new CurrencyConversion("EUR", "JPY", Day, 1m, 163.45m);

        Assert.Equal(1635m, eurToJpy.Convert(10.00m)); // 1634.5 exactly
        Assert.Equal(-1635m, eurToJpy.Convert(-10.00m));
    }

    [Fact]
    public void Cross_conversion_rounds_once_at_the_end_not_the_intermediate_euros()
    {
        var usdToGbp = new CurrencyConversion("USD", "GBP", Day, 1.0811m, 0.85480m);

        // 1.01 USD = 0.934233… EUR = 0.798603… GBP → 0.80.
        Assert.Equal(0.80m, usdToGbp.Convert(1.01m));
        // Rounding the euros first (0.93 EUR × 0.85480 = 0.794964) would lose a penny.
        Assert.Equal(0.79m, Math.Round(Math.Round(1.01m / 1.0811m, 2) * 0.85480m, 2, MidpointRounding.AwayFromZero));
    }

    [Fact]
    public void Multiplies_before_dividing_so_a_non_terminating_cross_rate_keeps_an_exact_midpoint()
    {
        // 10.005 × 1 ÷ 3 = 3.335 exactly, a midpoint; but the stored Rate is 0.3333…3 (28 digits),
        // and 10.005 × Rate = 3.33499…98, which would round down.
        var conversion = new CurrencyConversion("AAA", "BBB", Day, 3m, 1m);

        Assert.Equal(3.34m, conversion.Convert(10.005m));
        Assert.Equal(3.33m, Math.Round(10.005m * conversion.Rate, 2, MidpointRounding.AwayFromZero));
    }

    [Fact]
    public void Rate_is_the_unrounded_cross_rate()
    {
        var usdToGbp = new CurrencyConversion("usd", "gbp", Day, 1.0811m, 0.85480m);

        Assert.Equal(0.85480m / 1.0811m, usdToGbp.Rate);
        Assert.Equal(0.7906761631671445749699380261m, usdToGbp.Rate);
        Assert.Equal(("USD", "GBP"), (usdToGbp.FromCurrency, usdToGbp.ToCurrency));
    }

    [Fact]
    public void Null_amount_stays_null()
    {
        var conversion = new CurrencyConversion("EUR", "USD", Day, 1m, 1.0811m);

        Assert.Null(conversion.Convert((decimal?)null));
        Assert.Equal(13.34m, conversion.Convert((decimal?)12.34m));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1.5)]
    public void Rates_must_be_positive(double rate)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CurrencyConversion("EUR", "USD", Day, 1m, (decimal)rate));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CurrencyConversion("USD", "EUR", Day, (decimal)rate, 1m));
    }

    [Fact]
    public void ToString_is_culture_invariant()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            Assert.Equal("1 EUR = 1.0811 USD (2024-03-28)", new CurrencyConversion("EUR", "USD", Day, 1m, 1.0811m).ToString());
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Theory]
    [InlineData("JPY", 0)]
    [InlineData("jpy", 0)]
    [InlineData("KRW", 0)]
    [InlineData("ISK", 0)]
    [InlineData("CLP", 0)]
    [InlineData("VND", 0)]
    [InlineData("HUF", 2)]
    [InlineData("USD", 2)]
    [InlineData("EUR", 2)]
    [InlineData("KWD", 3)]
    [InlineData("XYZ", 2)]
    public void Minor_units_follow_ISO_4217(string currency, int decimals) =>
        Assert.Equal(decimals, CurrencyMinorUnits.Get(currency));

    [Fact]
    public void Amounts_are_rounded_to_the_target_currencys_minor_units()
    {
        Assert.Equal(2017m, new CurrencyConversion("EUR", "JPY", Day, 1m, 163.45m).Convert(12.34m)); // 2016.973
        Assert.Equal(1234.568m, new CurrencyConversion("KWD", "KWD", Day, 1m, 1m).Convert(1234.5675m));
        Assert.Equal(4967.54m, new CurrencyConversion("EUR", "HUF", Day, 1m, 396.80m).Convert(12.519m)); // 4967.5392
    }
}
