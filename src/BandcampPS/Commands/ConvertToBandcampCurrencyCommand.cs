using System.Management.Automation;
using BandcampPS.Engine.Currency;
using BandcampPS.Engine.Sales;
using BandcampPS.Infrastructure;

namespace BandcampPS.Commands;

/// <summary>
/// Converts piped sales to a reporting currency without a database: each sale comes out as a ConvertedSale, every
/// field of the sale plus the rate, its date and the converted amounts, converted exactly as
/// Import-BandcampRevenue -Currency converts (engine SaleConverter). A sale without a rate is one error; the others
/// still flow.
/// </summary>
[Cmdlet(VerbsData.ConvertTo, "BandcampCurrency")]
[OutputType(typeof(ConvertedSale))]
public sealed class ConvertToBandcampCurrencyCommand : BandcampCmdlet
{
    /// <summary>The reporting currency (ISO code) to convert every amount to.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidatePattern("^[A-Za-z]{3}$")]
    [ArgumentCompleter(typeof(CurrencyCompleter))]
    public string Currency { get; set; } = "";

    /// <summary>The sales to convert (from Get-BandcampSale).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public BandcampSale? InputObject { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ExchangeRatePath { get; set; }

    [Parameter]
    [ValidateNotNull]
    public ExchangeRate[]? ExchangeRate { get; set; }

    protected override bool OnlyReads => true;

    private SaleConverter? _converter;

    protected override void BeginProcessing()
    {
        _converter = Terminating(() => new SaleConverter(ExchangeRateInput.Load(this, ExchangeRatePath, ExchangeRate, Currency), Currency), ExchangeRatePath);
        WriteVerbose($"Converting sales to {_converter.ReportingCurrency}.");
    }

    protected override void ProcessRecord()
    {
        if (InputObject is null || _converter is null) return;
        if (_converter.TryConvert(InputObject, out var converted, out var problem)) WriteObject(converted);
        else WriteError(ErrorRecords.From(problem, InputObject));
    }
}
