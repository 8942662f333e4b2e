using System.Collections.ObjectModel;

namespace BandcampPS.Engine.Currency;

/// <summary>
/// The ECB euro reference rates, loaded once and looked up many times: the importer asks for a
/// conversion per sale, up to a million times a run. Safe to share between threads.
/// </summary>
/// <remarks>
/// Layout: one ascending array of publication days shared by all currencies and, per currency, an array of
/// rates aligned with it (0 where the ECB published none, e.g. N/A). A lookup is one binary search plus a
/// short walk back over at most <see cref="MaxRateAgeDays"/> days, and a cross rate finds the nearest day on
/// which both currencies have a rate by walking the same index.
/// </remarks>
public sealed partial class ExchangeRateTable
{
    /// <summary>The ECB's base currency: every rate is units per 1 EUR, so EUR itself is always 1.</summary>
    public const string Euro = "EUR";

    public const int DefaultMaxRateAgeDays = 7;

    private readonly int[] _days;
    private readonly string[] _currencies;
    private readonly decimal[][] _rates;
    private readonly Dictionary<string, int> _currencyIndex;
    private int _maxRateAgeDays = DefaultMaxRateAgeDays;

    internal ExchangeRateTable(int[] days, string[] currencies, decimal[][] rates)
    {
        _days = days;
        _currencies = currencies;
        _rates = rates;
        _currencyIndex = new Dictionary<string, int>(currencies.Length, StringComparer.OrdinalIgnoreCase);
        for (int c = 0; c < currencies.Length; c++)
            _currencyIndex.Add(currencies[c], c);
        Currencies = new ReadOnlyCollection<string>(currencies);
    }

    /// <summary>
    /// Reads the ECB history file: <c>eurofxref-hist.zip</c> or the <c>eurofxref-hist.csv</c> inside it
    /// (told apart by content, not by extension).
    /// </summary>
    /// <exception cref="ExchangeRateFileException">The file is not a valid ECB rate history or has no rates.</exception>
    public static ExchangeRateTable Load(string path) => EcbRateFile.Load(path, displayName: null);

    /// <summary>A table of the given rates, e.g. re-imported from Get-BandcampExchangeRate output.</summary>
    /// <exception cref="ArgumentException">A rate is not positive, EUR is not 1, or a currency has two rates on one day.</exception>
    public static ExchangeRateTable FromRates(IEnumerable<ExchangeRate> rates)
    {
        ArgumentNullException.ThrowIfNull(rates);
        var builder = new RateGridBuilder();
        foreach (var rate in rates)
        {
            ArgumentNullException.ThrowIfNull(rate, nameof(rates));
            ArgumentException.ThrowIfNullOrWhiteSpace(rate.Currency, nameof(rates));
            if (rate.UnitsPerEuro <= 0)
                throw new ArgumentException(
                    $"The {rate.Currency} rate on {Iso(rate.Date)} is {rate.UnitsPerEuro}; rates must be positive.", nameof(rates));
            string currency = rate.Currency.Trim().ToUpperInvariant();
            if (currency == Euro)
            {
                // EUR is the base; a 1 is harmless (e.g. a hand-made list), anything else is a mistake.
                if (rate.UnitsPerEuro != 1m)
                    throw new ArgumentException(
                        $"The EUR rate on {Iso(rate.Date)} is {rate.UnitsPerEuro}; EUR is the base currency and always 1.", nameof(rates));
                continue;
            }
            if (!builder.TryAdd(currency, rate.Date, rate.UnitsPerEuro))
                throw new ArgumentException($"{currency} has more than one rate on {Iso(rate.Date)}.", nameof(rates));
        }
        return builder.Build();
    }

    /// <summary>The first day with any rate, or null for an empty table.</summary>
    public DateOnly? EarliestDate => _days.Length == 0 ? null : DateOnly.FromDayNumber(_days[0]);

    /// <summary>The last day with any rate, or null for an empty table.</summary>
    public DateOnly? LatestDate => _days.Length == 0 ? null : DateOnly.FromDayNumber(_days[^1]);

    /// <summary>
    /// The currencies with at least one rate, upper-case and sorted. EUR is not listed: it is the base,
    /// always 1, and always convertible.
    /// </summary>
    public IReadOnlyCollection<string> Currencies { get; }

    /// <summary>
    /// How many days older than the requested day a rate may be. Weekends and holidays have no ECB rate, so
    /// the latest earlier one is used (Easter needs 4 days); anything older is "not found" rather than a
    /// silently stale rate. Default 7.
    /// </summary>
    public int MaxRateAgeDays
    {
        get => _maxRateAgeDays;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _maxRateAgeDays = value;
        }
    }

    /// <summary>Every rate, oldest day first, then by currency.</summary>
    public IEnumerable<ExchangeRate> Rates => GetRates();

    /// <summary>
    /// The rates of the given currencies (all when null; unknown codes and EUR yield nothing) between
    /// <paramref name="from"/> and <paramref name="to"/> inclusive, oldest day first, then by currency.
    /// </summary>
    public IEnumerable<ExchangeRate> GetRates(IEnumerable<string>? currencies = null, DateOnly? from = null, DateOnly? to = null)
    {
        if (from > to)
            throw new ArgumentException($"The range starts on {Iso(from.Value)}, after it ends on {Iso(to!.Value)}.", nameof(from));
        var selected = new SortedSet<int>();
        foreach (string code in currencies ?? _currencies)
        {
            if (code is not null && _currencyIndex.TryGetValue(code.Trim(), out int c))
                selected.Add(c);
        }
        int first = from is { } f ? FirstDayOnOrAfter(f.DayNumber) : 0;
        int last = to is { } t ? LastDayOnOrBefore(t.DayNumber) : _days.Length - 1;
        return EnumerateRates(selected.ToArray(), first, last);
    }

    private IEnumerable<ExchangeRate> EnumerateRates(int[] currencyIndexes, int firstDay, int lastDay)
    {
        for (int d = firstDay; d <= lastDay; d++)
        {
            var date = DateOnly.FromDayNumber(_days[d]);
            foreach (int c in currencyIndexes)
            {
                if (_rates[c][d] != 0m)
                    yield return new ExchangeRate(date, _currencies[c], _rates[c][d]);
            }
        }
    }

    /// <summary>Index of the last publication day on or before <paramref name="dayNumber"/>; -1 if none.</summary>
    private int LastDayOnOrBefore(int dayNumber)
    {
        int i = Array.BinarySearch(_days, dayNumber);
        return i >= 0 ? i : ~i - 1;
    }

    private int FirstDayOnOrAfter(int dayNumber)
    {
        int i = Array.BinarySearch(_days, dayNumber);
        return i >= 0 ? i : ~i;
    }

    internal static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
