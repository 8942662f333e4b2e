using System.Management.Automation;
using BandcampPS.Engine;
using BandcampPS.Engine.Currency;
using BandcampPS.Infrastructure;

namespace BandcampPS.Commands;

/// <summary>
/// The ECB euro reference rates from the cached file (or -Path): the rates in effect on a day (a weekend or holiday
/// gives the latest earlier rate, dated the day it was published), or every rate published in a range. The objects
/// can be passed to -ExchangeRate of every cmdlet that converts (Import and Sync-BandcampRevenue, ConvertTo-BandcampCurrency,
/// Get-BandcampRevenueSummary).
/// </summary>
[Cmdlet(VerbsCommon.Get, "BandcampExchangeRate", DefaultParameterSetName = DaySet)]
[OutputType(typeof(ExchangeRate))]
public sealed class GetBandcampExchangeRateCommand : BandcampCmdlet
{
    private const string DaySet = "Day";
    private const string RangeSet = "Range";

    /// <summary>ISO codes; default every currency with a rate.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    [ValidatePattern("^[A-Za-z]{3}$")]
    [ArgumentCompleter(typeof(CurrencyCompleter))]
    public string[]? Currency { get; set; }

    /// <summary>The day the rates are wanted for; default the newest day in the file.</summary>
    [Parameter(Position = 1, ParameterSetName = DaySet)]
    public DateTime? Date { get; set; }

    /// <summary>First day of a range of published rates, inclusive.</summary>
    [Parameter(Mandatory = true, ParameterSetName = RangeSet)]
    [Alias("Start", "Since")]
    public DateTime? StartDate { get; set; }

    /// <summary>End of the range, exclusive; default no end.</summary>
    [Parameter(ParameterSetName = RangeSet)]
    [Alias("End")]
    public DateTime? EndDate { get; set; }

    /// <summary>An ECB file (eurofxref-hist.zip or .csv) instead of the cached copy.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [Alias("ExchangeRatePath")]
    public string? Path { get; set; }

    protected override bool OnlyReads => true;

    protected override void EndProcessing()
    {
        var table = Terminating(() => ExchangeRateInput.Load(this, Path, rates: null, parameterName: nameof(Path)), Path);
        if (ParameterSetName == RangeSet) WriteRange(table);
        else WriteDay(table);
    }

    private void WriteDay(ExchangeRateTable table)
    {
        var day = Date is { } date ? DateOnly.FromDateTime(UtcDates.ToUtc(date)) : table.LatestDate!.Value;
        if (Currency is null)
        {
            // Every currency in effect that day; those the ECB had stopped quoting by then (CYP, RUB...) are left out.
            var written = 0;
            foreach (var code in table.Currencies)
            {
                if (!table.TryGetRate(code, day, out var rate)) continue;
                WriteObject(rate);
                written++;
            }
            // Silence would read as "no rates exist"; say why (usually a cache older than the day asked for).
            if (written == 0)
                WriteError(ErrorRecords.Create(BandcampErrorIds.ExchangeRateNotFound, ErrorCategory.ObjectNotFound,
                    $"No exchange rates for {day:yyyy-MM-dd}: the rates run from {table.EarliestDate:yyyy-MM-dd} to {table.LatestDate:yyyy-MM-dd}"
                    + (day > table.LatestDate ? "; run Update-BandcampExchangeRate for newer ones." : "."), Date));
            return;
        }
        foreach (var code in Currency)
        {
            try
            {
                WriteObject(table.GetRate(code.Trim(), day));
            }
            catch (ExchangeRateNotFoundException ex)
            {
                WriteError(ErrorRecords.From(ex, code));
            }
        }
    }

    private void WriteRange(ExchangeRateTable table)
    {
        var startUtc = UtcDates.ToUtc(StartDate!.Value);
        var endUtc = UtcDates.ToUtc(EndDate);
        if (endUtc is { } to && to <= startUtc)
            ThrowTerminatingError(ErrorRecords.DateRangeInvalid(nameof(StartDate), startUtc, nameof(EndDate), to, EndDate));
        // A rate belongs to its whole day: the range holds every day that starts before EndDate.
        var first = DateOnly.FromDateTime(startUtc);
        var last = endUtc is { } e ? DateOnly.FromDateTime(e.AddTicks(-1)) : (DateOnly?)null;
        if (Currency is not null)
        {
            foreach (var code in Currency)
            {
                var known = code.Equals(ExchangeRateTable.Euro, StringComparison.OrdinalIgnoreCase)
                    || table.Currencies.Contains(code.Trim(), StringComparer.OrdinalIgnoreCase);
                if (!known)
                    WriteError(ErrorRecords.Create(BandcampErrorIds.ExchangeRateNotFound, ErrorCategory.ObjectNotFound,
                        $"The exchange rates include no {code.ToUpperInvariant()} rate at all. They run from {table.EarliestDate:yyyy-MM-dd} to {table.LatestDate:yyyy-MM-dd} for {string.Join(", ", table.Currencies)}.",
                        code));
            }
        }
        WriteObject(table.GetRates(Currency, first, last), enumerateCollection: true);
    }
}
