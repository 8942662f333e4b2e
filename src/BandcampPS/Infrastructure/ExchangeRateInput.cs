using System.Management.Automation;
using BandcampPS.Engine.Currency;

namespace BandcampPS.Infrastructure;

/// <summary>A cmdlet's -ExchangeRatePath / -ExchangeRate / -Currency, resolved as the user typed them, loaded by the engine's <see cref="ExchangeRateSource"/>.</summary>
internal static class ExchangeRateInput
{
    /// <param name="parameterName">The parameter <paramref name="path"/> came from, named when it is not a path.</param>
    public static ExchangeRateTable Load(PSCmdlet cmdlet, string? path, IEnumerable<ExchangeRate>? rates, string? requiredCurrency = null,
        string parameterName = "ExchangeRatePath") =>
        ExchangeRateSource.Load(
            rates is not null || path is null ? null : UserPaths.Resolve(cmdlet, parameterName, path),
            rates, requiredCurrency, new CmdletLog(cmdlet));
}
