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
    public static ExchangeRateTable Load(PSCmdlet cmdlet, string? path, IEnumerable<ExchangeRate>? rates)
    {
        if (rates is not null) return ExchangeRateTable.FromRates(rates);
        var file = path is null ? ExchangeRateDownloader.DefaultCachePath() : cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
        if (!File.Exists(file))
            throw new BandcampException(BandcampErrorIds.ExchangeRatesMissing, BandcampErrorKind.ObjectNotFound,
                path is null
                    ? $"No exchange rates are cached at '{file}'. Run Update-BandcampExchangeRate to download the ECB reference rates, or pass -ExchangeRatePath."
                    : $"The exchange rate file '{file}' does not exist.", file);
        try
        {
            var table = ExchangeRateTable.Load(file);
            cmdlet.WriteVerbose($"Read the ECB rates of {table.Currencies.Count} currencies up to {table.LatestDate:yyyy-MM-dd} from '{file}'.");
            return table;
        }
        catch (ExchangeRateFileException ex)
        {
            throw new BandcampException(BandcampErrorIds.ExchangeRateFileInvalid, BandcampErrorKind.InvalidData, ex.Message, file, ex);
        }
    }
}
