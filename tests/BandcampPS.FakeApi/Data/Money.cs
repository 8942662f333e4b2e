using System.Runtime.CompilerServices;

namespace BandcampPS.FakeApi;

/// <summary>
/// Per-currency rounding and the decimal scale the JSON shows: two decimals ("1.00") or trimmed to
/// at least one ("10.5", "8.0"); zero-decimal currencies (JPY) are whole numbers ("1500").
/// </summary>
internal static class Money
{
    public static bool IsZeroDecimal(string currency) => currency == "JPY";

    /// <summary>Rough price level of one "unit" so prices look plausible in each currency.</summary>
    public static decimal UnitFactor(string currency) => currency switch
    {
        "JPY" => 150m,
        "CAD" => 1.35m,
        "AUD" => 1.5m,
        _ => 1m,
    };

    public static decimal Round(decimal value, string currency) =>
        decimal.Round(value, IsZeroDecimal(currency) ? 0 : 2, MidpointRounding.AwayFromZero);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static decimal? Present(decimal? value, string currency, bool trimmed)
    {
        if (value is not { } v) return null;
        if (IsZeroDecimal(currency)) return decimal.Round(v, 0);  // scale 0: 1500
        var two = decimal.Round(v, 2) + 0.00m;                   // scale exactly 2: 1 -> 1.00
        if (!trimmed) return two;
        var one = decimal.Round(two, 1);                         // scale 1 when no precision is lost: 10.50 -> 10.5
        return one == two ? one : two;
    }
}
