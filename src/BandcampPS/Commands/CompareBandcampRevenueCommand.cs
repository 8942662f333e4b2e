using System.Management.Automation;
using BandcampPS.Engine.Reconciliation;
using BandcampPS.Engine.Sales;
using BandcampPS.Engine.Storage;
using BandcampPS.Infrastructure;

namespace BandcampPS.Commands;

/// <summary>
/// Reconciles two sets of sales — API sales, a CSV export read by Get-BandcampSale -Path, or stored rows from
/// Get-BandcampRevenue, in any pairing — line by line and per currency. The reference set is indexed in
/// BeginProcessing; piped difference sales are matched as they arrive, so their rows stream.
/// </summary>
[Cmdlet(VerbsData.Compare, "BandcampRevenue", DefaultParameterSetName = DifferencesSet)]
[OutputType(typeof(BandcampRevenueDifference))]
public sealed class CompareBandcampRevenueCommand : BandcampCmdlet
{
    private const string DifferencesSet = "Differences";
    private const string SummarySet = "Summary";

    /// <summary>The sales to compare against, held in memory: BandcampSale or RevenueRow objects.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [AllowEmptyCollection]
    public PSObject[] ReferenceObject { get; set; } = [];

    /// <summary>The sales compared with the reference, usually piped; matched one by one as they arrive.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
    [AllowEmptyCollection]
    public PSObject[] DifferenceObject { get; set; } = [];

    /// <summary>Also writes an Equal row for every matched sale whose compared fields are all equal.</summary>
    [Parameter(ParameterSetName = DifferencesSet)]
    public SwitchParameter IncludeEqual { get; set; }

    /// <summary>Writes only the per-currency totals rows.</summary>
    [Parameter(Mandatory = true, ParameterSetName = SummarySet)]
    public SwitchParameter SummaryOnly { get; set; }

    private RevenueReconciler? _reconciler;
    private int _rejected;

    protected override void BeginProcessing()
    {
        _reconciler = new RevenueReconciler(IncludeEqual, SummaryOnly);
        foreach (var item in ReferenceObject)
        {
            if (Normalize(item, nameof(ReferenceObject)) is { } sale) _reconciler.AddReference(sale);
        }
        WriteVerbose($"{_reconciler.ReferenceCount:N0} reference sale(s) indexed.");
    }

    protected override void ProcessRecord()
    {
        if (_reconciler is null) return;
        foreach (var item in DifferenceObject)
        {
            if (Normalize(item, nameof(DifferenceObject)) is not { } sale) continue;
            foreach (var row in _reconciler.AddDifference(sale)) WriteObject(row);
        }
    }

    protected override void EndProcessing()
    {
        if (_reconciler is null) return;
        var rows = _reconciler.Finish();
        WriteVerbose($"{_reconciler.ReferenceCount:N0} reference and {_reconciler.DifferenceCount:N0} difference sale(s): " +
            $"{_reconciler.MatchedCount:N0} matched, {_reconciler.DifferingCount:N0} of them with differing fields, " +
            $"{_reconciler.ReferenceCount - _reconciler.MatchedCount:N0} only in the reference, " +
            $"{_reconciler.DifferenceCount - _reconciler.MatchedCount:N0} only in the difference" +
            (_rejected > 0 ? $"; {_rejected:N0} object(s) were not sales and were left out." : "."));
        WriteObject(rows, enumerateCollection: true);
        _reconciler = null;
    }

    /// <summary>A sale (API or CSV) or a stored revenue row, reduced to what is compared; anything else is an error and skipped.</summary>
    private ReconciledSale? Normalize(PSObject? item, string parameter)
    {
        switch (item?.BaseObject)
        {
            case BandcampSale sale:
                return ReconciledSale.From(sale);
            case RevenueRow stored:
                return ReconciledSale.From(stored);
            // The module's own Export-Csv output, read back with Import-Csv.
            case PSCustomObject when ExportedSaleInput.TryRead(item, out var exported, out var unreadable):
                if (exported is not null) return ReconciledSale.From(exported);
                _rejected++;
                WriteError(ErrorRecords.From(unreadable!, item));
                return null;
            default:
                _rejected++;
                WriteError(ErrorRecords.InputTypeInvalid(item, parameter));
                return null;
        }
    }
}
