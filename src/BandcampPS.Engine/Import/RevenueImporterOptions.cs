using BandcampPS.Engine.Currency;

namespace BandcampPS.Engine.Import;

public sealed class RevenueImporterOptions
{
    /// <summary>Classify against the database and report, write nothing (-WhatIf).</summary>
    public bool DryRun { get; init; }

    /// <summary>
    /// One transaction for the whole run; at its end, the stored rows of the same source, bands and date range
    /// that the run did not bring again are deleted. A failed run rolls everything back, old rows included.
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
