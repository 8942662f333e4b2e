using System.Diagnostics;
using BandcampPS.Engine.Currency;

namespace BandcampPS.Benchmarks;

/// <summary>
/// Phase 8, currency conversion (what -Currency costs per amount): a million conversions on a rate table the size of
/// the ECB's whole history (about 25 years of business days, 30 currencies), once in random order and once grouped by
/// day and currency as a report arrives. Was a test's printout (ExchangeRateThroughputTests).
/// </summary>
internal static class ConversionPhase
{
    private const int Conversions = 1_000_000;
    private static readonly string[] SaleCurrencies = ["USD", "GBP", "EUR", "JPY", "AUD", "CAD", "SEK", "CHF"];

    public sealed record Result(int Conversions, TimeSpan Shuffled, TimeSpan Grouped);

    public static Result Run()
    {
        var table = HistorySizedTable(out var first, out var days);
        var random = new Random(20240328);
        var shuffled = new (string Currency, DateOnly Day, decimal Amount)[Conversions];
        for (var i = 0; i < Conversions; i++)
            shuffled[i] = (SaleCurrencies[random.Next(SaleCurrencies.Length)], first.AddDays(random.Next(days)), random.Next(1, 100_000) / 100m);
        var grouped = shuffled.OrderBy(s => s.Day).ThenBy(s => s.Currency).ToArray();
        return new Result(Conversions, Measure(table, shuffled), Measure(table, grouped));
    }

    private static TimeSpan Measure(ExchangeRateTable table, (string Currency, DateOnly Day, decimal Amount)[] sales)
    {
        var converted = 0;
        var clock = Stopwatch.StartNew();
        foreach (var (currency, day, amount) in sales)
        {
            if (table.TryGetConversion(currency, "GBP", day, out var conversion))
            {
                conversion.Convert(amount);
                converted++;
            }
        }
        clock.Stop();
        if (converted != sales.Length) throw new InvalidOperationException($"Only {converted} of {sales.Length} amounts converted.");
        return clock.Elapsed;
    }

    private static ExchangeRateTable HistorySizedTable(out DateOnly first, out int days)
    {
        first = new DateOnly(1999, 1, 4);
        days = 25 * 365;
        string[] currencies = [.. SaleCurrencies.Where(c => c != "EUR"), .. Enumerable.Range(0, 23).Select(i => $"X{(char)('A' + i)}X")];
        var rates = new List<ExchangeRate>();
        for (var d = 0; d < days; d++)
        {
            var day = first.AddDays(d);
            if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) continue;
            for (var c = 0; c < currencies.Length; c++)
                rates.Add(new ExchangeRate(day, currencies[c], 0.5m + c + (d % 1000) / 10_000m));
        }
        return ExchangeRateTable.FromRates(rates);
    }
}
