using System.Globalization;

namespace BandcampPS.Engine.Currency;

/// <summary>
/// The rate for converting amounts from one currency to another, taken from the ECB euro reference rates.
/// </summary>
/// <remarks>
/// <para>Rounding rule: <see cref="Convert(decimal)"/> computes the exact amount in decimal arithmetic as
/// <c>amount × ToUnitsPerEuro ÷ FromUnitsPerEuro</c> (multiply first, divide last, so the only inexact step
/// is one division carried to 28 significant digits) and rounds that result once, at the end, to the minor
/// units of <see cref="ToCurrency"/> (ISO 4217: 2 decimals for most currencies, 0 for JPY, KRW, ISK, CLP,
/// VND; see <see cref="CurrencyMinorUnits"/>), with midpoints rounded away from zero (2.345 → 2.35,
/// -2.345 → -2.35). A cross conversion such as USD→GBP goes through the euro but never rounds the
/// intermediate euro amount.</para>
/// <para>EUR→X multiplies by X's rate; X→EUR divides by it; X→Y uses X's and Y's rates of the same ECB day.</para>
/// </remarks>
public sealed record CurrencyConversion
{
    private readonly int _decimals;

    /// <param name="fromCurrency">The currency of the amounts to convert.</param>
    /// <param name="toCurrency">The currency converted into.</param>
    /// <param name="rateDate">The ECB day whose rates are used.</param>
    /// <param name="fromUnitsPerEuro">The ECB rate of <paramref name="fromCurrency"/>; 1 for EUR.</param>
    /// <param name="toUnitsPerEuro">The ECB rate of <paramref name="toCurrency"/>; 1 for EUR.</param>
    public CurrencyConversion(
        string fromCurrency, string toCurrency, DateOnly rateDate, decimal fromUnitsPerEuro, decimal toUnitsPerEuro)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fromCurrency);
        ArgumentException.ThrowIfNullOrWhiteSpace(toCurrency);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fromUnitsPerEuro);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(toUnitsPerEuro);
        FromCurrency = fromCurrency.ToUpperInvariant();
        ToCurrency = toCurrency.ToUpperInvariant();
        RateDate = rateDate;
        FromUnitsPerEuro = fromUnitsPerEuro;
        ToUnitsPerEuro = toUnitsPerEuro;
        Rate = toUnitsPerEuro / fromUnitsPerEuro;
        _decimals = CurrencyMinorUnits.Get(ToCurrency);
    }

    public string FromCurrency { get; }
    public string ToCurrency { get; }

    /// <summary>
    /// Units of <see cref="ToCurrency"/> per unit of <see cref="FromCurrency"/>, unrounded (28 significant
    /// digits). For display and audit; <see cref="Convert(decimal)"/> uses the two ECB rates instead, so a
    /// cross rate that does not terminate cannot push an amount across a rounding midpoint.
    /// </summary>
    public decimal Rate { get; }

    /// <summary>How many decimals <see cref="AuditRate"/> keeps: what the revenue store holds.</summary>
    public const int AuditRateDecimals = 10;

    /// <summary>
    /// <see cref="Rate"/> rounded to <see cref="AuditRateDecimals"/> decimals (midpoints away from zero): the rate
    /// stored and shown next to converted amounts. For audit only; amounts never convert through it.
    /// </summary>
    public decimal AuditRate => Math.Round(Rate, AuditRateDecimals, MidpointRounding.AwayFromZero);

    /// <summary>The ECB day the rates are from; for a same-currency conversion, the requested day.</summary>
    public DateOnly RateDate { get; }

    /// <summary>The ECB rate of <see cref="FromCurrency"/> used; 1 for EUR and for a same-currency conversion.</summary>
    public decimal FromUnitsPerEuro { get; }

    /// <summary>The ECB rate of <see cref="ToCurrency"/> used; 1 for EUR and for a same-currency conversion.</summary>
    public decimal ToUnitsPerEuro { get; }

    /// <summary>
    /// <paramref name="amount"/> in <see cref="ToCurrency"/>: the exact product rounded once to the target's
    /// minor units, midpoints away from zero (see the type's remarks).
    /// </summary>
    public decimal Convert(decimal amount) =>
        Math.Round(amount * ToUnitsPerEuro / FromUnitsPerEuro, _decimals, MidpointRounding.AwayFromZero);

    /// <summary>As <see cref="Convert(decimal)"/>; null stays null (Bandcamp leaves some money columns empty).</summary>
    public decimal? Convert(decimal? amount) => amount is { } value ? Convert(value) : null;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"1 {FromCurrency} = {Rate} {ToCurrency} ({RateDate:yyyy-MM-dd})");
}
