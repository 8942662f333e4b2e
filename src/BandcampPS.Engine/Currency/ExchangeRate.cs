namespace BandcampPS.Engine.Currency;

/// <summary>
/// One ECB euro reference rate: how many units of <see cref="Currency"/> one euro bought on <see cref="Date"/>.
/// Flat and scalar so Get-BandcampExchangeRate output exports cleanly with Export-Csv.
/// </summary>
/// <param name="Date">The ECB publication day (a TARGET business day).</param>
/// <param name="Currency">ISO 4217 code, upper-case.</param>
/// <param name="UnitsPerEuro">Units of the currency per 1 EUR, exactly as the ECB published it.</param>
public sealed record ExchangeRate(DateOnly Date, string Currency, decimal UnitsPerEuro);
