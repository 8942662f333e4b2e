namespace BandcampPS.Engine.Currency;

/// <summary>
/// No usable ECB rate for a currency on a day: the currency is not quoted, the day is before its first
/// rate, or the nearest earlier rate is older than <see cref="ExchangeRateTable.MaxRateAgeDays"/>.
/// </summary>
public sealed class ExchangeRateNotFoundException : BandcampException
{
    public ExchangeRateNotFoundException(string message, string currency, DateOnly date, DateOnly? latestDate)
        : base(BandcampErrorIds.ExchangeRateNotFound, BandcampErrorKind.ObjectNotFound, message, currency)
    {
        Currency = currency;
        Date = date;
        LatestDate = latestDate;
    }

    /// <summary>The currency without a usable rate.</summary>
    public string Currency { get; }

    /// <summary>The day a rate was asked for.</summary>
    public DateOnly Date { get; }

    /// <summary>The newest day the rate table has rates for, if any.</summary>
    public DateOnly? LatestDate { get; }
}
