using System.Diagnostics.CodeAnalysis;

namespace BandcampPS.Engine.Currency;

// The hot path: the importer converts every sale, so no LINQ and no allocation on a repeated lookup.
public sealed partial class ExchangeRateTable
{
    // Sales arrive grouped by day and currency, so the previous answer is very often the next one.
    // Immutable and swapped whole, so threads sharing the table never see a half-written entry.
    private sealed record LastLookup(string From, string To, DateOnly Date, int MaxRateAgeDays, CurrencyConversion? Conversion);

    private LastLookup? _lastLookup;

    /// <summary>
    /// The conversion from <paramref name="fromCurrency"/> to <paramref name="toCurrency"/> for a sale on
    /// <paramref name="date"/>, using the latest ECB rates published on or before that day and no more than
    /// <see cref="MaxRateAgeDays"/> days before it (a cross rate uses both currencies' rates of one ECB day).
    /// Same currency: rate 1 dated <paramref name="date"/>. Codes are case-insensitive.
    /// </summary>
    /// <returns>False when there is no usable rate; <see cref="GetConversion"/> says why.</returns>
    public bool TryGetConversion(
        string fromCurrency, string toCurrency, DateOnly date, [NotNullWhen(true)] out CurrencyConversion? conversion)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fromCurrency);
        ArgumentException.ThrowIfNullOrWhiteSpace(toCurrency);
        int maxAge = _maxRateAgeDays;

        var last = Volatile.Read(ref _lastLookup);
        if (last is not null && last.Date == date && last.MaxRateAgeDays == maxAge
            && string.Equals(last.From, fromCurrency, StringComparison.OrdinalIgnoreCase)
            && string.Equals(last.To, toCurrency, StringComparison.OrdinalIgnoreCase))
        {
            conversion = last.Conversion;
            return conversion is not null;
        }

        conversion = Find(fromCurrency, toCurrency, date, maxAge);
        Volatile.Write(ref _lastLookup, new LastLookup(fromCurrency, toCurrency, date, maxAge, conversion));
        return conversion is not null;
    }

    /// <summary>As <see cref="TryGetConversion"/>, but throws when there is no usable rate.</summary>
    /// <exception cref="ExchangeRateNotFoundException">Names the currency, the day and the latest day available.</exception>
    public CurrencyConversion GetConversion(string fromCurrency, string toCurrency, DateOnly date) =>
        TryGetConversion(fromCurrency, toCurrency, date, out var conversion)
            ? conversion
            : throw DescribeMissingRate(fromCurrency, toCurrency, date, _maxRateAgeDays);

    /// <summary>
    /// The rate of <paramref name="currency"/> in effect on <paramref name="date"/>: the latest one the ECB published
    /// on or before that day, no more than <see cref="MaxRateAgeDays"/> days earlier, with the day it was published
    /// (a Saturday gives Friday's rate and Friday's date). EUR is 1 on the day asked for.
    /// </summary>
    public bool TryGetRate(string currency, DateOnly date, [NotNullWhen(true)] out ExchangeRate? rate)
    {
        rate = TryGetConversion(Euro, currency, date, out var conversion)
            ? new ExchangeRate(conversion.RateDate, conversion.ToCurrency, conversion.ToUnitsPerEuro)
            : null;
        return rate is not null;
    }

    /// <summary>As <see cref="TryGetRate"/>, but throws when there is no usable rate.</summary>
    /// <exception cref="ExchangeRateNotFoundException">Names the currency, the day and the latest day available.</exception>
    public ExchangeRate GetRate(string currency, DateOnly date)
    {
        var conversion = GetConversion(Euro, currency, date);
        return new ExchangeRate(conversion.RateDate, conversion.ToCurrency, conversion.ToUnitsPerEuro);
    }

    private CurrencyConversion? Find(string from, string to, DateOnly date, int maxAge)
    {
        if (string.Equals(from, to, StringComparison.OrdinalIgnoreCase))
            return new CurrencyConversion(CanonicalCode(from), CanonicalCode(to), date, 1m, 1m);

        decimal[]? fromRates = null, toRates = null;
        string fromCode = Euro, toCode = Euro;
        if (!IsEuro(from))
        {
            if (!_currencyIndex.TryGetValue(from, out int c)) return null;
            (fromRates, fromCode) = (_rates[c], _currencies[c]);
        }
        if (!IsEuro(to))
        {
            if (!_currencyIndex.TryGetValue(to, out int c)) return null;
            (toRates, toCode) = (_rates[c], _currencies[c]);
        }

        long oldestAllowed = (long)date.DayNumber - maxAge;
        for (int d = LastDayOnOrBefore(date.DayNumber); d >= 0 && _days[d] >= oldestAllowed; d--)
        {
            decimal fromRate = fromRates is null ? 1m : fromRates[d];
            decimal toRate = toRates is null ? 1m : toRates[d];
            if (fromRate != 0m && toRate != 0m)
                return new CurrencyConversion(fromCode, toCode, DateOnly.FromDayNumber(_days[d]), fromRate, toRate);
        }
        return null;
    }

    private static bool IsEuro(string code) => string.Equals(code, Euro, StringComparison.OrdinalIgnoreCase);

    private string CanonicalCode(string code) =>
        IsEuro(code) ? Euro
        : _currencyIndex.TryGetValue(code, out int c) ? _currencies[c]
        : code.ToUpperInvariant();
}
