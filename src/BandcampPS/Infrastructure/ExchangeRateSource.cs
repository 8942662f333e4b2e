using System.Management.Automation;
using BandcampPS.Engine;
using BandcampPS.Engine.Currency;

namespace BandcampPS.Infrastructure;

/// <summary>
/// Where conversion rates come from: ExchangeRate objects passed in, a file named by -ExchangeRatePath, or the
/// copy Update-BandcampExchangeRate keeps in its cache.
/// </summary>
internal static class ExchangeRateSource
{
    /// <param name="requiredCurrency">
    /// The currency every sale will be converted into (-Currency), checked here, before any sale is read: a code the
    /// rates do not have would otherwise fail once per sale, each time advising a download that cannot help.
    /// </param>
    /// <param name="parameterName">The parameter <paramref name="path"/> came from, named when it is not a path.</param>
    /// <exception cref="BandcampException">No rates, a bad rate file or path, or CurrencyNotInRates.</exception>
    public static ExchangeRateTable Load(PSCmdlet cmdlet, string? path, IEnumerable<ExchangeRate>? rates, string? requiredCurrency = null,
        string parameterName = "ExchangeRatePath")
    {
        if (rates is not null)
        {
            var given = ExchangeRateTable.FromRates(rates);
            if (requiredCurrency is not null) RequireCurrency(given, requiredCurrency, "the -ExchangeRate objects");
            return given;
        }
        var file = path is null ? ExchangeRateDownloader.DefaultCachePath() : UserPaths.Resolve(cmdlet, parameterName, path);
        var table = LoadFile(cmdlet, file, path is null);
        if (requiredCurrency is not null) RequireCurrency(table, requiredCurrency, $"'{file}'");
        return table;
    }

    private static ExchangeRateTable LoadFile(PSCmdlet cmdlet, string file, bool isDefault)
    {
        if (!File.Exists(file))
            throw new BandcampException(BandcampErrorIds.ExchangeRatesMissing, BandcampErrorKind.ObjectNotFound,
                isDefault
                    ? $"No exchange rates are cached at '{file}'. Run Update-BandcampExchangeRate to download the ECB reference rates, or pass -ExchangeRatePath."
                    : $"The exchange rate file '{file}' does not exist.", file);
        var table = ExchangeRateTable.Load(file); // a bad file is an ExchangeRateFileException: BandcampExchangeRateFileInvalid
        cmdlet.WriteVerbose($"Read the ECB rates of {table.Currencies.Count} currencies up to {table.LatestDate:yyyy-MM-dd} from '{file}'.");
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
