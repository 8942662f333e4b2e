using System.Management.Automation;
using BandcampPS.Engine;
using BandcampPS.Engine.Bands;
using BandcampPS.Engine.Currency;
using BandcampPS.Engine.Import;
using BandcampPS.Engine.Sales;
using BandcampPS.Engine.Storage;
using BandcampPS.Infrastructure;

namespace BandcampPS.Commands;

/// <summary>
/// Stores piped sales in SQLite (default) or SQL Server, exactly once however often it runs, optionally converted
/// to the label's reporting currency.
/// </summary>
[Cmdlet(VerbsData.Import, "BandcampRevenue", SupportsShouldProcess = true, DefaultParameterSetName = SqliteSet)]
[OutputType(typeof(RevenueImportSummary), typeof(RevenueRow))]
public sealed class ImportBandcampRevenueCommand : BandcampStoreCmdlet, IDisposable
{
    private const int ProgressActivityId = 0x42C2;

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [BandcampSaleTransformation]
    public BandcampSale? InputObject { get; set; }

    /// <summary>The reporting currency (ISO code) to convert every amount to; default none.</summary>
    [Parameter]
    [ValidatePattern("^[A-Za-z]{3}$")]
    [ArgumentCompleter(typeof(CurrencyCompleter))]
    public string? Currency { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ExchangeRatePath { get; set; }

    [Parameter]
    [ValidateNotNull]
    public ExchangeRate[]? ExchangeRate { get; set; }

    /// <summary>
    /// Replace what this run read completely: stored rows of exactly the bands, member bands, item types and windows
    /// the run read and stored without any error, that it did not bring again, are deleted at its end (one atomic
    /// delete, after a confirmation that gives the count). Windows with any read error, refused row or conversion
    /// failure are left untouched and named. Input that does not say what was read (Import-Csv, hand-made objects) is refused.
    /// </summary>
    [Parameter]
    public SwitchParameter ClearExisting { get; set; }

    /// <summary>Skips the confirmation -ClearExisting asks for (needed in non-interactive sessions).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    public SwitchParameter IncludeBuyerDetails { get; set; }

    [Parameter]
    [ValidateRange(100, 100_000)]
    public int BatchSize { get; set; } = 5000;

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    private IRevenueStore? _store;
    private RevenueImporter? _importer;
    private ProgressRecord? _progress;
    private bool _dryRun;
    private long _written;

    protected override void BeginProcessing()
    {
        // All reads and checks still run under -WhatIf (against the database opened read-only, which a dry run leaves
        // exactly as it was), so the dry run reports what a real run would do.
        var store = _store = Terminating(CreateStore);
        Terminating(() =>
        {
            var rates = Currency is null ? null : ExchangeRateInput.Load(this, ExchangeRatePath, ExchangeRate, Currency);
            _dryRun = !ShouldProcess(store.Target, "Import Bandcamp revenue");
            var importer = _importer = new RevenueImporter(store, new RevenueImporterOptions
            {
                DryRun = _dryRun,
                ClearExisting = ClearExisting,
                IncludeBuyerDetails = IncludeBuyerDetails,
                BatchSize = BatchSize,
                ReportingCurrency = Currency?.ToUpperInvariant(),
                ExchangeRates = rates,
            });
            RunEngine(async ct =>
            {
                await store.OpenAsync(_dryRun ? StoreAccess.ReadOnly : StoreAccess.ReadWrite, ct).ConfigureAwait(false);
                await importer.StartAsync(ct).ConfigureAwait(false);
                return true;
            });
        }, store.Target);
        WriteVerbose($"Importing into {store.Target}{(Currency is null ? "" : $", converting to {Currency.ToUpperInvariant()}")}.");
        _progress = new ProgressRecord(ProgressActivityId, _dryRun ? "Checking Bandcamp revenue (what if)" : "Importing Bandcamp revenue", "Starting");
    }

    protected override void ProcessRecord()
    {
        if (InputObject is null || _importer is null) return;
        BandcampException? refused;
        try
        {
            refused = _importer.Add(InputObject);
        }
        catch (BandcampException ex) when (ex.ErrorId == BandcampErrorIds.ClearScopeUnknown)
        {
            // Before any delete, and (for input that is all like this one) before anything is written.
            ThrowTerminatingError(ErrorRecords.From(ex));
            return;
        }
        if (refused is not null) WriteError(ErrorRecords.From(refused));
        if (_importer.IsBatchFull) Flush();
    }

    private void Flush() => Terminating(() =>
    {
        var rejected = new List<BandcampException>();
        var rows = RunEngine(ct => _importer!.FlushAsync(rejected.Add, ct));
        foreach (var error in rejected) WriteError(ErrorRecords.From(error));
        Write(rows);
    }, _store?.Target);

    protected override void EndProcessing()
    {
        if (_importer is null) return;
        var importer = _importer;
        try
        {
            var summary = Terminating(() =>
            {
                var rejected = new List<BandcampException>();
                var last = RunEngine(ct => importer.CompleteAsync(rejected.Add, ct));
                foreach (var error in rejected) WriteError(ErrorRecords.From(error));
                Write(last);
                var (cleared, plan) = ClearExisting ? Clear() : (0, null);
                return importer.Summarize(cleared, plan);
            }, _store?.Target);
            if (summary.WhatIf)
            {
                // What a dry run would have written, as PowerShell shows every -WhatIf action: on the host, by default.
                foreach (var line in summary.GetBreakdown())
                    ShouldProcess($"band {line.BandId}, {line.Currency}: {line.Inserted} new, {line.AlreadyPresent} already present, {line.Updated} changed", "Import");
            }
            WriteObject(summary);
        }
        finally
        {
            if (_progress is not null)
            {
                _progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(_progress);
            }
        }
    }

    /// <summary>
    /// -ClearExisting, once everything is written: deletes only what the run read and stored completely and did not
    /// bring again, after asking with the number of rows; every window left alone is named in one warning.
    /// </summary>
    private (int Cleared, ClearPlan Plan) Clear()
    {
        var plan = RunEngine(ct => _importer!.PlanClearAsync(ct));
        if (plan.Skipped.Count > 0)
            WriteWarning($"-ClearExisting left {plan.Skipped.Count} read window(s) untouched, because they were not read or stored completely: {plan.SkippedReason}.");
        if (plan.Scopes.Count == 0) return (0, plan);

        var action = $"Delete {plan.Rows:N0} stored row(s) of {Describe(plan)} that this import did not bring again";
        if (_dryRun)
        {
            ShouldProcess(_store!.Target, action); // prints the What if line
            return (plan.Rows, plan);
        }
        if (plan.Rows == 0) return (0, plan);
        if (!ShouldProcess(_store!.Target, action) || !ConfirmedToDelete(plan))
            return (0, plan with { Skipped = [.. plan.Skipped, $"the delete of {plan.Rows:N0} row(s) was not confirmed"] });
        return (RunEngine(ct => _importer!.ClearAsync(plan, ct)), plan);
    }

    private bool ConfirmedToDelete(ClearPlan plan) => ConfirmedOrForced(Force,
        $"-ClearExisting will delete {plan.Rows:N0} stored row(s) in {_store!.Target} of {Describe(plan)} that this import did not bring again. Continue?",
        "Replace stored Bandcamp revenue",
        ex => new BandcampException(BandcampErrorIds.ClearNotConfirmed, BandcampErrorKind.InvalidOperation,
            $"-ClearExisting would delete {plan.Rows:N0} stored row(s) and needs a confirmation this session cannot ask for (non-interactive). " +
            "Add -Force (or -Confirm:$false) to delete them without asking. The sales were imported; nothing was deleted.", _store!.Target, ex));

    private static string Describe(ClearPlan plan)
    {
        var windows = plan.Scopes.GroupBy(s => (s.BandId, s.MemberBandId)).Select(g =>
            $"{BandcampBand.Describe(g.Key.BandId, g.Key.MemberBandId)} from {g.Min(s => s.StartUtc):yyyy-MM-dd} to {g.Max(s => s.EndUtc):yyyy-MM-dd}");
        return string.Join(", ", windows) + (plan.Scopes.Any(s => s.ItemTypes is not null) ? " (of the item types read)" : "");
    }

    private void Write(IReadOnlyList<ImportedRow> rows)
    {
        _written += rows.Count;
        if (PassThru) foreach (var row in rows) WriteObject(row.Row);
        if (_progress is not null && rows.Count > 0)
        {
            _progress.StatusDescription = $"{_written:N0} row(s) written to {_store!.Target}";
            WriteProgress(_progress);
        }
    }

    public void Dispose()
    {
        // An import disposed without reaching its end deletes nothing; the batches it wrote stay (plain upserts).
        _importer?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _importer = null;
        _store?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _store = null;
    }
}
