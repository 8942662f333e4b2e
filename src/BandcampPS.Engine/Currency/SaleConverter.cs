using System.Diagnostics.CodeAnalysis;
using BandcampPS.Engine.Sales;

namespace BandcampPS.Engine.Currency;

/// <summary>
/// Converts sales to one reporting currency with the ECB rates: the rate of the sale's UTC day or the latest
/// earlier one (<see cref="ExchangeRateTable.TryGetConversion"/>), each amount rounded once
/// (<see cref="CurrencyConversion.Convert(decimal)"/>), exactly as Import-BandcampRevenue -Currency converts.
/// </summary>
public sealed class SaleConverter
{
    private readonly ExchangeRateTable _rates;

    public SaleConverter(ExchangeRateTable rates, string reportingCurrency)
    {
        ArgumentNullException.ThrowIfNull(rates);
        ArgumentException.ThrowIfNullOrWhiteSpace(reportingCurrency);
        _rates = rates;
        ReportingCurrency = reportingCurrency.Trim().ToUpperInvariant();
    }

    public string ReportingCurrency { get; }

    /// <summary>The sale with its conversion added, or null and why not (the error's target is the sale).</summary>
    public bool TryConvert(BandcampSale sale, [NotNullWhen(true)] out ConvertedSale? converted, [NotNullWhen(false)] out BandcampException? problem)
    {
        ArgumentNullException.ThrowIfNull(sale);
        if (_rates.TryConvertSale(sale, ReportingCurrency, out var conversion, out var whyNot))
        {
            converted = new ConvertedSale(sale, conversion);
            problem = null;
            return true;
        }
        converted = null;
        problem = NotFound(sale, whyNot);
        return false;
    }

    private BandcampException NotFound(BandcampSale sale, string reason) =>
        new(BandcampErrorIds.ExchangeRateNotFound, BandcampErrorKind.ObjectNotFound,
            $"Sale {SaleNames.Of(sale)} in {(sale.Currency.Length == 0 ? "no currency" : sale.Currency)} on {sale.SaleDate:yyyy-MM-dd} was not converted to {ReportingCurrency}: {reason}",
            sale);

}
