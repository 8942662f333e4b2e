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
}
