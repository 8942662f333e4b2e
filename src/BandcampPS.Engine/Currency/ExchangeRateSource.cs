using BandcampPS.Engine.Diagnostics;

namespace BandcampPS.Engine.Currency;

/// <summary>
/// Where conversion rates come from, in order: ExchangeRate objects passed in, a rate file named by the caller, or the
/// copy Update-BandcampExchangeRate keeps in its cache (<see cref="ExchangeRateDownloader.DefaultCachePath()"/>).
/// Every cmdlet that converts loads its rates here, so they all fail the same way, before any sale is read.
/// </summary>
public static class ExchangeRateSource
{
    /// <param name="file">A rate file (a full path); null for the cache.</param>
    /// <param name="rates">Rates passed in as objects; when given, <paramref name="file"/> is not read.</param>
    /// <param name="requiredCurrency">
    /// The currency every sale will be converted into (-Currency), checked here, before any sale is read: a code the
    /// rates do not have would otherwise fail once per sale, each time advising a download that cannot help.
    /// </param>
    /// <exception cref="BandcampException">
    /// ExchangeRatesMissing (no file), ExchangeRateFileInvalid, ExchangeRatePathUnavailable (no cache folder) or
    /// CurrencyNotInRates.
    /// </exception>
    public static ExchangeRateTable Load(string? file, IEnumerable<ExchangeRate>? rates, string? requiredCurrency, IBandcampLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (rates is not null)
        {
            var given = ExchangeRateTable.FromRates(rates);
            if (requiredCurrency is not null) RequireCurrency(given, requiredCurrency, "the -ExchangeRate objects");
            return given;
        }
        var path = file ?? ExchangeRateDownloader.DefaultCachePath();
        var table = LoadFile(path, isCache: file is null, log);
        if (requiredCurrency is not null) RequireCurrency(table, requiredCurrency, $"'{path}'");
        return table;
    }

    private static ExchangeRateTable LoadFile(string file, bool isCache, IBandcampLog log)
    {
        if (!File.Exists(file))
            throw new BandcampException(BandcampErrorIds.ExchangeRatesMissing, BandcampErrorKind.ObjectNotFound,
                isCache
                    ? $"No exchange rates are cached at '{file}'. Run Update-BandcampExchangeRate to download the ECB reference rates, or pass -ExchangeRatePath."
                    : $"The exchange rate file '{file}' does not exist.", file);
        var table = ExchangeRateTable.Load(file); // a bad file is an ExchangeRateFileException: BandcampExchangeRateFileInvalid
        log.Verbose($"Read the ECB rates of {table.Currencies.Count} currencies up to {table.LatestDate:yyyy-MM-dd} from '{file}'.");
        return table;
    }

    /// <summary>EUR (the ECB's base) always converts; any other code must have rates.</summary>
    private static void RequireCurrency(ExchangeRateTable table, string currency, string source)
    {
        var code = currency.Trim().ToUpperInvariant();
        if (code == ExchangeRateTable.Euro || table.Currencies.Contains(code, StringComparer.OrdinalIgnoreCase)) return;
        var known = new[] { ExchangeRateTable.Euro }.Concat(table.Currencies).Order(StringComparer.Ordinal);
        throw new BandcampException(BandcampErrorIds.CurrencyNotInRates, BandcampErrorKind.InvalidArgument,
            $"-Currency {code}: the exchange rates in {source} have no {code} rate, so no sale could be converted into it; nothing was read. " +
            $"Pick one of the currencies they have: {string.Join(", ", known)}.",
            code);
    }
}
