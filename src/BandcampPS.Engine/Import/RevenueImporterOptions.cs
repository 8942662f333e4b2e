using BandcampPS.Engine.Currency;

namespace BandcampPS.Engine.Import;

public sealed class RevenueImporterOptions
{
    /// <summary>Classify against the database and report, write nothing (-WhatIf).</summary>
    public bool DryRun { get; init; }

    /// <summary>
    /// Replace what the run read completely: at its end (<see cref="RevenueImporter.PlanClearAsync"/>), stored rows of
    /// the exact bands, item filter and windows the run read and stored without any error, that it did not bring
    /// again, are deleted in one transaction. Nothing else is ever deleted; a run that fails or is stopped before then
    /// deletes nothing.
    /// </summary>
    public bool ClearExisting { get; init; }

    public bool IncludeBuyerDetails { get; init; }

    /// <summary>Rows per write: large enough that transactions are few, small enough that memory stays flat.</summary>
    public int BatchSize { get; init; } = 5000;

    /// <summary>The label's reporting currency; null keeps amounts as sold.</summary>
    public string? ReportingCurrency { get; init; }

    /// <summary>Required with <see cref="ReportingCurrency"/>.</summary>
    public ExchangeRateTable? ExchangeRates { get; init; }
}
