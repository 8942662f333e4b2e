namespace BandcampPS.Engine.Currency;

/// <summary>Collects rates by currency and day, then lays them out as the table's day-aligned arrays.</summary>
internal sealed class RateGridBuilder
{
    private readonly Dictionary<string, Dictionary<int, decimal>> _byCurrency = new(StringComparer.Ordinal);

    public bool IsEmpty => _byCurrency.Count == 0;

    /// <summary>False when <paramref name="currency"/> (upper-case) already has a rate on that day.</summary>
    public bool TryAdd(string currency, DateOnly date, decimal unitsPerEuro)
    {
        if (!_byCurrency.TryGetValue(currency, out var byDay))
            _byCurrency[currency] = byDay = [];
        return byDay.TryAdd(date.DayNumber, unitsPerEuro);
    }

    public ExchangeRateTable Build()
    {
        int[] days = _byCurrency.Values.SelectMany(byDay => byDay.Keys).Distinct().Order().ToArray();
        string[] currencies = _byCurrency.Keys.Order(StringComparer.Ordinal).ToArray();
        var rates = new decimal[currencies.Length][];
        for (int c = 0; c < currencies.Length; c++)
        {
            rates[c] = new decimal[days.Length];
            foreach (var (day, rate) in _byCurrency[currencies[c]])
                rates[c][Array.BinarySearch(days, day)] = rate;
        }
        return new ExchangeRateTable(days, currencies, rates);
    }
}
