namespace BandcampPS.Engine.Storage;

/// <summary>
/// What one store-level import (<see cref="IRevenueStore.BeginImportAsync"/>) does: the store's part of a run. The
/// importer's own options (<see cref="Import.RevenueImporterOptions"/>: batching, -ClearExisting, conversion) are
/// turned into these when the importer starts.
/// </summary>
public sealed class StoreImportOptions
{
    /// <summary>Classify only: reads the database, writes nothing, creates nothing (for -WhatIf).</summary>
    public bool DryRun { get; init; }

    /// <summary>
    /// Remember every key the import writes (in a temporary table of its own connection), so that
    /// <see cref="IRevenueImport.CountStaleAsync"/> and <see cref="IRevenueImport.DeleteStaleAsync"/> can tell the
    /// stored rows the run did not bring again. Only -ClearExisting needs it.
    /// </summary>
    public bool RememberKeys { get; init; }

    /// <summary>
    /// Store buyer name, e-mail, phone, note and shipping address. False (the default) writes those
    /// columns NULL whatever the rows carry, and re-importing a row stored with them clears them.
    /// </summary>
    public bool IncludeBuyerDetails { get; init; }

    /// <summary>
    /// The run's reporting currency (-Currency), or null. A database keeps conversions to one currency: a run with
    /// another is refused when it begins, before anything is read or written.
    /// </summary>
    public string? ReportingCurrency { get; init; }
}
