using BandcampPS.Engine.Currency;

namespace BandcampPS.Engine.Tests.Currency;

/// <summary>Get-BandcampExchangeRate -Date: the rate in effect on a day, and the day it was published.</summary>
public sealed class ExchangeRateOnDayTests
{
    [Fact]
    public void A_saturday_after_good_friday_gives_thursdays_rate_and_date()
    {
        Assert.Equal(new ExchangeRate(new DateOnly(2024, 3, 28), "USD", 1.0811m), EcbFixture.Table().GetRate("usd", new DateOnly(2024, 3, 30)));
    }

    [Fact]
    public void A_currency_without_a_rate_that_day_falls_back_to_its_own_latest_rate()
    {
        // GBP is N/A on 3 April: 2 April's rate, dated 2 April, while USD has 3 April's.
        Assert.True(EcbFixture.Table().TryGetRate("GBP", new DateOnly(2024, 4, 3), out var gbp));
        Assert.Equal(new ExchangeRate(new DateOnly(2024, 4, 2), "GBP", 0.85570m), gbp);
    }

    [Fact]
    public void The_euro_is_one_on_the_day_asked_for()
    {
        Assert.Equal(new ExchangeRate(new DateOnly(2024, 3, 30), "EUR", 1m), EcbFixture.Table().GetRate("EUR", new DateOnly(2024, 3, 30)));
    }

    [Fact]
    public void Unknown_currencies_and_days_beyond_the_rates_are_not_found()
    {
        var table = EcbFixture.Table();

        Assert.False(table.TryGetRate("AUD", new DateOnly(2024, 3, 28), out _));
        var ex = Assert.Throws<ExchangeRateNotFoundException>(() => table.GetRate("AUD", new DateOnly(2024, 3, 28)));
        Assert.Equal("AUD", ex.Currency);
        Assert.False(table.TryGetRate("USD", new DateOnly(2024, 3, 20), out _)); // before the first rate
        Assert.False(table.TryGetRate("USD", new DateOnly(2024, 5, 1), out _));  // more than 7 days after the last
    }
}
