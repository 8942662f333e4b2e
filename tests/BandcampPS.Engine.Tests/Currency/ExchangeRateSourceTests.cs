using BandcampPS.Engine.Currency;

namespace BandcampPS.Engine.Tests.Currency;

/// <summary>Where every converting cmdlet's rates come from, and how it refuses before any sale is read.</summary>
public sealed class ExchangeRateSourceTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly CollectingLog _log = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Rates_passed_in_win_over_any_file_and_no_file_is_read()
    {
        ExchangeRate[] rates = [new(new DateOnly(2024, 3, 27), "USD", 1.08m)];

        var table = ExchangeRateSource.Load(Path.Combine(_folder.Path, "absent.zip"), rates, "USD", _log);

        Assert.Equal(["USD"], table.Currencies);
        Assert.Empty(_log.Verbose);
    }

    [Fact]
    public void A_rate_file_is_read_and_named_in_verbose()
    {
        var file = EcbFixture.WriteZip(_folder.Path);

        var table = ExchangeRateSource.Load(file, rates: null, "GBP", _log);

        Assert.Equal(EcbFixture.Latest, table.LatestDate);
        Assert.Contains($"up to 2024-04-03 from '{file}'", Assert.Single(_log.Verbose));
    }

    [Fact]
    public void A_missing_named_file_and_an_empty_cache_say_different_things()
    {
        var named = Assert.Throws<BandcampException>(() => ExchangeRateSource.Load(Path.Combine(_folder.Path, "q1.zip"), null, null, _log));
        Assert.Equal(BandcampErrorIds.ExchangeRatesMissing, named.ErrorId);
        Assert.Equal($"The exchange rate file '{Path.Combine(_folder.Path, "q1.zip")}' does not exist.", named.Message);

        var previous = Environment.GetEnvironmentVariable(BandcampEnvironment.ExchangeRatePathVariable);
        try
        {
            Environment.SetEnvironmentVariable(BandcampEnvironment.ExchangeRatePathVariable, Path.Combine(_folder.Path, "cache", "rates.zip"));
            var cache = Assert.Throws<BandcampException>(() => ExchangeRateSource.Load(null, null, null, _log));
            Assert.Equal(BandcampErrorIds.ExchangeRatesMissing, cache.ErrorId);
            Assert.Contains("Run Update-BandcampExchangeRate", cache.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable(BandcampEnvironment.ExchangeRatePathVariable, previous);
        }
    }

    [Theory]
    [InlineData("chf")]
    [InlineData(" CHF ")]
    public void A_currency_the_rates_lack_is_refused_with_the_ones_they_have(string currency)
    {
        var file = EcbFixture.WriteZip(_folder.Path);

        var error = Assert.Throws<BandcampException>(() => ExchangeRateSource.Load(file, null, currency, _log));

        Assert.Equal((BandcampErrorIds.CurrencyNotInRates, "CHF"), (error.ErrorId, error.Target));
        Assert.Contains("Pick one of the currencies they have: BGN, CZK, EUR, GBP", error.Message);
    }

    [Fact]
    public void The_euro_always_converts_even_from_rates_without_it()
    {
        ExchangeRate[] rates = [new(new DateOnly(2024, 3, 27), "USD", 1.08m)];

        Assert.NotNull(ExchangeRateSource.Load(null, rates, "eur", _log));
    }
}
