using System.Diagnostics;
using BandcampPS.Engine.Currency;
using Xunit.Abstractions;

namespace BandcampPS.Engine.Tests.Currency;

/// <summary>
/// How fast an importer run of a million sales converts, on a table the size of the real ECB history.
/// Prints the numbers and never asserts on them: timing on shared build machines is noise.
/// </summary>
public class ExchangeRateThroughputTests(ITestOutputHelper output)
{
    private const int Sales = 1_000_000;
    private static readonly string[] SaleCurrencies = ["USD", "GBP", "EUR", "JPY", "AUD", "CAD", "SEK", "CHF"];

    [Fact]
    public void Converts_a_million_sales()
    {
        var table = HistorySizedTable(out var first, out int days);
        var random = new Random(20240328);
        var shuffled = new (string Currency, DateOnly Day, decimal Amount)[Sales];
        for (int i = 0; i < Sales; i++)
            shuffled[i] = (SaleCurrencies[random.Next(SaleCurrencies.Length)], first.AddDays(random.Next(days)), random.Next(1, 100_000) / 100m);
        var grouped = shuffled.OrderBy(s => s.Day).ThenBy(s => s.Currency).ToArray(); // as a sales report arrives

        Assert.Equal(Sales, Measure("shuffled days and currencies", table, shuffled));
        Assert.Equal(Sales, Measure("grouped by day and currency", table, grouped));
    }

    private int Measure(string label, ExchangeRateTable table, (string Currency, DateOnly Day, decimal Amount)[] sales)
    {
        int converted = 0;
        decimal total = 0m;
        var clock = Stopwatch.StartNew();
        foreach (var (currency, day, amount) in sales)
        {
            if (table.TryGetConversion(currency, "GBP", day, out var conversion))
            {
                total += conversion.Convert(amount);
                converted++;
            }
        }
        clock.Stop();
        output.WriteLine($"{label}: {converted:N0} conversions in {clock.Elapsed.TotalMilliseconds:N0} ms, "
            + $"{converted / clock.Elapsed.TotalSeconds:N0} per second (total {total:N2} GBP)");
        return converted;
    }

    /// <summary>About 25 years of business days for 30 currencies, like eurofxref-hist.csv.</summary>
    private static ExchangeRateTable HistorySizedTable(out DateOnly first, out int days)
    {
        first = new DateOnly(1999, 1, 4);
        days = 25 * 365;
        string[] currencies = [.. SaleCurrencies.Where(c => c != "EUR"),
            .. Enumerable.Range(0, 23).Select(i => $"X{(char)('A' + i)}X")];
        var rates = new List<ExchangeRate>();
        for (int d = 0; d < days; d++)
        {
            var day = first.AddDays(d);
            if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
                continue;
            for (int c = 0; c < currencies.Length; c++)
                rates.Add(new ExchangeRate(day, currencies[c], 0.5m + c + (d % 1000) / 10_000m));
        }
        return ExchangeRateTable.FromRates(rates);
    }
}
