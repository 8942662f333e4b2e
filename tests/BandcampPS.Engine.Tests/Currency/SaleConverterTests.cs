using System.Reflection;
using BandcampPS.Engine.Currency;
using BandcampPS.Engine.Sales;

namespace BandcampPS.Engine.Tests.Currency;

/// <summary>ConvertTo-BandcampCurrency's engine: hand-computed conversions against <see cref="EcbFixture"/>.</summary>
public sealed class SaleConverterTests
{
    private static readonly DateTime HolySaturday = new(2024, 3, 30, 18, 5, 0, DateTimeKind.Utc);

    private static BandcampSale Sale(string currency, decimal itemTotal, DateTime? date = null, long? itemId = 101) => new()
    {
        TransactionId = "9001",
        TransactionItemId = itemId,
        SaleDate = date ?? HolySaturday,
        ItemType = "album",
        ItemName = "Tides",
        Currency = currency,
        ItemPrice = itemTotal,
        ItemTotal = itemTotal,
        TransactionFee = -1.30m,
        NetAmount = itemTotal - 1.30m,
        SellerTax = null,
        BuyerEmail = "fan@example.com",
    };

    [Fact]
    public void Usd_to_euro_on_a_saturday_after_good_friday_uses_thursdays_rate()
    {
        // Good Friday 29 March has no ECB line: Thursday's 1.0811 applies.
        // 10 / 1.0811 = 9.24983812... -> 9.25;  8.70 / 1.0811 = 8.04736... -> 8.05;  -1.30 / 1.0811 = -1.20247... -> -1.20
        Assert.True(new SaleConverter(EcbFixture.Table(), "eur").TryConvert(Sale("USD", 10.00m), out var converted, out _));

        Assert.Equal(("EUR", new DateOnly(2024, 3, 28), 0.9249838128m), (converted.ReportingCurrency, converted.ExchangeRateDate, converted.ExchangeRate));
        Assert.Equal((9.25m, 9.25m, 8.05m, -1.20m), (converted.ConvertedItemTotal, converted.ConvertedItemPrice, converted.ConvertedNetAmount, converted.ConvertedTransactionFee));
        Assert.Null(converted.ConvertedSellerTax);
        Assert.Equal((10.00m, "USD", "fan@example.com"), (converted.ItemTotal, converted.Currency, converted.BuyerEmail)); // the sale itself is kept
    }

    [Fact]
    public void Usd_to_pounds_goes_through_the_euro_without_rounding_in_between()
    {
        // 10 x 0.85480 / 1.0811 = 7.90676163... -> 7.91; rate 0.85480 / 1.0811 = 0.79067616316714... -> 0.7906761632
        Assert.True(new SaleConverter(EcbFixture.Table(), "GBP").TryConvert(Sale("USD", 10.00m), out var converted, out _));

        Assert.Equal((7.91m, 0.7906761632m, new DateOnly(2024, 3, 28)), (converted.ConvertedItemTotal, converted.ExchangeRate, converted.ExchangeRateDate));
    }

    [Fact]
    public void Yen_has_no_minor_unit()
    {
        // 10 x 163.45 / 1.0811 = 1511.886... -> 1512
        Assert.True(new SaleConverter(EcbFixture.Table(), "JPY").TryConvert(Sale("USD", 10.00m), out var converted, out _));

        Assert.Equal(1512m, converted.ConvertedItemTotal);
    }

    [Fact]
    public void A_currency_without_rates_is_a_problem_naming_the_item_and_currency()
    {
        var sale = Sale("AUD", 10m, itemId: 4242);

        Assert.False(new SaleConverter(EcbFixture.Table(), "EUR").TryConvert(sale, out var converted, out var problem));

        Assert.Null(converted);
        Assert.Equal(("BandcampExchangeRateNotFound", BandcampErrorKind.ObjectNotFound), (problem.ErrorId, problem.Kind));
        Assert.Same(sale, problem.Target);
        Assert.StartsWith("Sale item 4242 (transaction 9001) in AUD on 2024-03-30 was not converted to EUR: No AUD exchange rate for 2024-03-30", problem.Message);
    }

    [Fact]
    public void Same_currency_is_rate_one_on_the_sales_own_day()
    {
        Assert.True(new SaleConverter(EcbFixture.Table(), "USD").TryConvert(Sale("USD", 10.005m), out var converted, out _));

        Assert.Equal((1m, new DateOnly(2024, 3, 30), 10.01m), (converted.ExchangeRate, converted.ExchangeRateDate, converted.ConvertedItemTotal));
    }

    [Fact]
    public void The_copy_keeps_every_property_of_the_sale()
    {
        var sale = new BandcampSale();
        foreach (var property in typeof(BandcampSale).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
            property.SetValue(sale, Sample(property.PropertyType, property.Name));

        Assert.True(new SaleConverter(EcbFixture.Table(), "USD").TryConvert(sale, out var converted, out _));

        foreach (var property in typeof(BandcampSale).GetProperties(BindingFlags.Public | BindingFlags.Instance))
            Assert.True(Equals(property.GetValue(sale), property.GetValue(converted)), $"{property.Name} was not copied");
    }

    private static object Sample(Type type, string name) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(string) => name == "Currency" ? "USD" : "x-" + name,
        var t when t == typeof(long) => 7L + name.Length,
        var t when t == typeof(int) => 3 + name.Length,
        var t when t == typeof(decimal) => 1.5m + name.Length,
        var t when t == typeof(DateTime) => new DateTime(2024, 3, 28, 1, 2, 3, DateTimeKind.Utc),
        var t when t == typeof(BandcampSaleSource) => BandcampSaleSource.Csv,
        var t => throw new InvalidOperationException($"No sample for {t}"),
    };
}
