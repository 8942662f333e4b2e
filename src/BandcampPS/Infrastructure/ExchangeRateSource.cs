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
    /// <param name="parameterName">The parameter <paramref name="path"/> came from, named when it is not a path.</param>
    public static ExchangeRateTable Load(PSCmdlet cmdlet, string? path, IEnumerable<ExchangeRate>? rates, string parameterName = "ExchangeRatePath")
    {
        if (rates is not null) return ExchangeRateTable.FromRates(rates);
        var file = path is null ? ExchangeRateDownloader.DefaultCachePath() : UserPaths.Resolve(cmdlet, parameterName, path);
        if (!File.Exists(file))
            throw new BandcampException(BandcampErrorIds.ExchangeRatesMissing, BandcampErrorKind.ObjectNotFound,
                path is null
                    ? $"No exchange rates are cached at '{file}'. Run Update-BandcampExchangeRate to download the ECB reference rates, or pass -ExchangeRatePath."
                    : $"The exchange rate file '{file}' does not exist.", file);
        try
        {
            return ExchangeRateTable.Load(file);
        }
        catch (ExchangeRateFileException ex)
        {
            throw new BandcampException(BandcampErrorIds.ExchangeRateFileInvalid, BandcampErrorKind.InvalidData, ex.Message, file, ex);
        }
    }
}
