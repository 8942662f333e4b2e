using System.Management.Automation;
using BandcampPS.Engine;
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
[Cmdlet(VerbsData.Import, "BandcampRevenue", SupportsShouldProcess = true, DefaultParameterSetName = RevenueStoreTarget.SqliteSet)]
[OutputType(typeof(RevenueImportSummary), typeof(RevenueEvent))]
public sealed class ImportBandcampRevenueCommand : BandcampCmdlet, IDisposable
{
    private const int ProgressActivityId = 0x42C2;

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [BandcampSaleTransformation]
    public BandcampSale? InputObject { get; set; }

    /// <summary>The SQLite file; default BANDCAMP_DATABASE or the user's local application data folder.</summary>
    [Parameter(ParameterSetName = RevenueStoreTarget.SqliteSet)]
    [ValidateNotNullOrEmpty]
    public string? Database { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = RevenueStoreTarget.SqlServerSet)]
    [ValidateNotNullOrEmpty]
    public string? ConnectionString { get; set; }

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

    /// <summary>Replace the stored rows of the same source, bands and dates, in the same transaction as the import.</summary>
    [Parameter]
    public SwitchParameter ClearExisting { get; set; }

    /// <summary>Skips the confirmation -ClearExisting asks for.</summary>
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
    private long _written;

    protected override void BeginProcessing()
    {
        ExchangeRateTable? rates = null;
        try
        {
            _store = RevenueStoreTarget.Create(this, Database, ConnectionString);
            rates = Currency is null ? null : ExchangeRateSource.Load(this, ExchangeRatePath, ExchangeRate, Currency);
            RunEngine(async ct => { await _store.OpenAsync(ct).ConfigureAwait(false); return true; });
        }
        catch (Exception ex) when (ex is not PipelineStoppedException)
        {
            ThrowTerminatingError(ErrorRecords.From(ex, _store?.Target));
        }
        WriteVerbose($"Importing into {_store!.Target}{(Currency is null ? "" : $", converting to {Currency.ToUpperInvariant()}")}.");

        // All reads and checks still run under -WhatIf, so the dry run reports what a real run would do.
        var action = ClearExisting
            ? "Import Bandcamp revenue, deleting stored rows of the same source, bands and dates that the import does not bring again"
            : "Import Bandcamp revenue";
        var dryRun = !ShouldProcess(_store.Target, action);
        if (ClearExisting && !dryRun && !Force && !ConfirmedExplicitly()
            && !ShouldContinue($"-ClearExisting will delete the stored rows in {_store.Target} of the bands and dates this import covers that it does not bring again. Continue?", "Replace stored Bandcamp revenue"))
        {
            ThrowTerminatingError(ErrorRecords.Create(BandcampErrorIds.ImportCancelled, ErrorCategory.OperationStopped, "The import was cancelled; nothing was written.", _store.Target));
        }

        _importer = new RevenueImporter(_store, new RevenueImporterOptions
        {
            DryRun = dryRun,
            ClearExisting = ClearExisting,
            IncludeBuyerDetails = IncludeBuyerDetails,
            BatchSize = BatchSize,
            ReportingCurrency = Currency?.ToUpperInvariant(),
            ExchangeRates = rates,
        });
        try
        {
            RunEngine(async ct => { await _importer.StartAsync(ct).ConfigureAwait(false); return true; });
        }
        catch (Exception ex) when (ex is not PipelineStoppedException)
        {
            ThrowTerminatingError(ErrorRecords.From(ex, _store.Target));
        }
        _progress = new ProgressRecord(ProgressActivityId, dryRun ? "Checking Bandcamp revenue (what if)" : "Importing Bandcamp revenue", "Starting");
    }

    protected override void ProcessRecord()
    {
        if (InputObject is null || _importer is null) return;
        if (_importer.Add(InputObject) is { } refused) WriteError(ErrorRecords.From(refused));
        if (_importer.IsBatchFull) Flush();
    }

    private void Flush()
    {
        var rejected = new List<BandcampException>();
        try
        {
            var rows = RunEngine(ct => _importer!.FlushAsync(rejected.Add, ct));
            foreach (var error in rejected) WriteError(ErrorRecords.From(error));
            Write(rows);
        }
        catch (Exception ex) when (ex is not PipelineStoppedException)
        {
            ThrowTerminatingError(ErrorRecords.From(ex, _store?.Target));
        }
    }

    protected override void EndProcessing()
    {
        if (_importer is null) return;
        var rejected = new List<BandcampException>();
        try
        {
            var (summary, last) = RunEngine(ct => _importer.CompleteAsync(rejected.Add, ct));
            foreach (var error in rejected) WriteError(ErrorRecords.From(error));
            Write(last);
            if (summary.WhatIf)
                foreach (var line in summary.Breakdown)
                    WriteInformation($"What if: band {line.BandId}, {line.Currency}: {line.Inserted} new, {line.AlreadyPresent} already present, {line.Updated} changed", ["WhatIf"]);
            WriteObject(summary);
        }
        catch (Exception ex) when (ex is not PipelineStoppedException)
        {
            ThrowTerminatingError(ErrorRecords.From(ex, _store?.Target));
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

    private void Write(IReadOnlyList<ImportedRow> rows)
    {
        _written += rows.Count;
        if (PassThru) foreach (var row in rows) WriteObject(row.Event);
        if (_progress is not null && rows.Count > 0)
        {
            _progress.StatusDescription = $"{_written:N0} row(s) written to {_store!.Target}";
            WriteProgress(_progress);
        }
    }

    /// <summary>-Confirm:$false is an explicit "yes" to the -ClearExisting question too.</summary>
    private bool ConfirmedExplicitly() =>
        MyInvocation.BoundParameters.TryGetValue("Confirm", out var confirm) && confirm is SwitchParameter { IsPresent: false };

    public void Dispose()
    {
        // Without a commit this rolls back: a stopped or failed -ClearExisting run leaves the old rows.
        _importer?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _importer = null;
    }
}
