using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace BandcampPS.Infrastructure;

/// <summary>
/// Tab completion of the currencies the ECB publishes euro reference rates for (and EUR itself). A fixed list, so
/// completing never reads the rate file; a code the ECB adds later can still be typed.
/// </summary>
public sealed class CurrencyCompleter : IArgumentCompleter
{
    internal static readonly string[] EcbCurrencies =
    [
        "AUD", "BGN", "BRL", "CAD", "CHF", "CNY", "CZK", "DKK", "EUR", "GBP", "HKD", "HUF", "IDR", "ILS", "INR", "ISK",
        "JPY", "KRW", "MXN", "MYR", "NOK", "NZD", "PHP", "PLN", "RON", "SEK", "SGD", "THB", "TRY", "USD", "ZAR",
    ];

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) => CompletionList.Matching(EcbCurrencies, wordToComplete);
}
