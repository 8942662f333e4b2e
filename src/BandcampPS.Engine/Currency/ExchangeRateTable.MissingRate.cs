using System.Diagnostics.CodeAnalysis;
using BandcampPS.Engine.Sales;

namespace BandcampPS.Engine.Currency;

// The slow path, taken once per failure: explain to a finance user why a sale could not be converted.
public sealed partial class ExchangeRateTable
{
    /// <summary>
    /// Why <paramref name="from"/> cannot be converted to <paramref name="to"/> on <paramref name="date"/>, in words a
    /// finance user can act on (a currency the rates never had is not fixed by downloading newer ones).
    /// </summary>
    public string ExplainMissingRate(string from, string to, DateOnly date) =>
        DescribeMissingRate(from, to, date, _maxRateAgeDays).Message;

    /// <summary>
    /// The conversion of <paramref name="sale"/> to <paramref name="to"/> on its UTC day, or why there is none: the one
    /// rule the importer, the summarizer and ConvertTo-BandcampCurrency share. A sale may have no currency at all (an
    /// empty CSV cell), which is that sale's problem, not a reason to stop the run.
    /// </summary>
    internal bool TryConvertSale(BandcampSale sale, string to,
        [NotNullWhen(true)] out CurrencyConversion? conversion, [NotNullWhen(false)] out string? whyNot)
    {
        whyNot = null;
        var day = DateOnly.FromDateTime(sale.SaleDate);
        if (string.IsNullOrWhiteSpace(sale.Currency))
        {
            conversion = null;
            whyNot = "the sale has no currency.";
            return false;
        }
        if (TryGetConversion(sale.Currency, to, day, out conversion)) return true;
        whyNot = ExplainMissingRate(sale.Currency, to, day);
        return false;
    }

    private ExchangeRateNotFoundException DescribeMissingRate(string from, string to, DateOnly date, int maxAge)
    {
        foreach (string code in new[] { from, to })
        {
            if (IsEuro(code))
                continue;
            string currency = code.ToUpperInvariant();
            if (!_currencyIndex.TryGetValue(code, out int c))
                return NotFound(currency, date, maxAge, $"the exchange rates include no {currency} rate at all.");

            int latest = LatestRateOnOrBefore(c, date.DayNumber);
            if (latest < 0)
                return NotFound(currency, date, maxAge, $"the first {currency} rate is from {Iso(DateOnly.FromDayNumber(_days[FirstRate(c)]))}.");
            if (date.DayNumber - _days[latest] > maxAge)
                return NotFound(currency, date, maxAge,
                    $"the latest {currency} rate on or before that day is from {Iso(DateOnly.FromDayNumber(_days[latest]))}, "
                    + $"more than {maxAge} days earlier.");
        }
        // Both have recent rates, just never on the same day: possible only with hand-made or gappy data.
        return NotFound(from.ToUpperInvariant(), date, maxAge,
            $"no day in the {maxAge} days up to it has both a {from.ToUpperInvariant()} and a {to.ToUpperInvariant()} rate.");
    }

    private ExchangeRateNotFoundException NotFound(string currency, DateOnly date, int maxAge, string reason)
    {
        string available = LatestDate is { } latest
            ? $" The exchange rates run from {Iso(EarliestDate!.Value)} to {Iso(latest)}"
              + (date.DayNumber - latest.DayNumber > maxAge ? "; download newer rates to convert later sales." : ".")
            : " The exchange rate table is empty.";
        return new ExchangeRateNotFoundException(
            $"No {currency} exchange rate for {Iso(date)}: {reason}{available}", currency, date, LatestDate);
    }

    private int LatestRateOnOrBefore(int currency, int dayNumber)
    {
        int d = LastDayOnOrBefore(dayNumber);
        while (d >= 0 && _rates[currency][d] == 0m)
            d--;
        return d;
    }

    // The builder only keeps currencies that have a rate, so there is always one.
    private int FirstRate(int currency) => Array.FindIndex(_rates[currency], rate => rate != 0m);
}
