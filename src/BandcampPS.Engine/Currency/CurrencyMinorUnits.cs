using System.Collections.Frozen;

namespace BandcampPS.Engine.Currency;

/// <summary>
/// ISO 4217 minor units: how many decimals an amount in a currency is rounded to.
/// Only the exceptions to the common 2 are listed; an unknown code gets 2.
/// </summary>
public static class CurrencyMinorUnits
{
    public const int Default = 2;

    // Per ISO 4217, not per local habit: HUF and IDR are officially 2 even though cash has no minor unit.
    private static readonly FrozenDictionary<string, int> NonDefault = new Dictionary<string, int>
    {
        ["BIF"] = 0, ["CLP"] = 0, ["DJF"] = 0, ["GNF"] = 0, ["ISK"] = 0, ["JPY"] = 0, ["KMF"] = 0,
        ["KRW"] = 0, ["PYG"] = 0, ["RWF"] = 0, ["UGX"] = 0, ["UYI"] = 0, ["VND"] = 0, ["VUV"] = 0,
        ["XAF"] = 0, ["XOF"] = 0, ["XPF"] = 0,
        ["BHD"] = 3, ["IQD"] = 3, ["JOD"] = 3, ["KWD"] = 3, ["LYD"] = 3, ["OMR"] = 3, ["TND"] = 3,
        ["CLF"] = 4, ["UYW"] = 4,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The number of decimals amounts in <paramref name="currency"/> are rounded to (case-insensitive).</summary>
    public static int Get(string currency)
    {
        ArgumentNullException.ThrowIfNull(currency);
        return NonDefault.TryGetValue(currency, out int units) ? units : Default;
    }

    /// <summary>
    /// The same amount written with exactly the currency's decimals (JPY 290586, EUR 10.50), so a sum of API rows and
    /// one of CSV-export rows ("290586.00") look alike. Never rounds: an amount with finer decimals than the currency
    /// has (a stored 4-decimal value) is returned as it is, and so is any amount without a currency.
    /// </summary>
    public static decimal? Written(decimal? amount, string? currency)
    {
        if (amount is not { } value || currency is null) return amount;
        var decimals = Get(currency);
        var rounded = decimal.Round(value, decimals);
        return rounded == value ? WithDecimals(rounded, decimals) : value;
    }

    /// <summary>Rounds to the currency's minor unit (midpoints away from zero) and writes exactly that many decimals.</summary>
    public static decimal RoundToMinorUnit(decimal amount, string currency)
    {
        var decimals = Get(currency);
        return WithDecimals(decimal.Round(amount, decimals, MidpointRounding.AwayFromZero), decimals);
    }

    // Adding a zero of scale n gives a scale of at least n; the value has at most n decimals here, so exactly n.
    private static decimal WithDecimals(decimal value, int decimals) => value + new decimal(0, 0, 0, false, (byte)decimals);
}
