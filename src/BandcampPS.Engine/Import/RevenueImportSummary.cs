using BandcampPS.Engine.Storage;

namespace BandcampPS.Engine.Import;

/// <summary>What one import did (or, in a dry run, would do), in total.</summary>
public sealed class RevenueImportSummary
{
    public string Target { get; init; } = "";
    public bool WhatIf { get; init; }
    public int Received { get; init; }
    public int Inserted { get; init; }
    public int AlreadyPresent { get; init; }
    public int Updated { get; init; }
    public int Failed { get; init; }

    /// <summary>
    /// Rows -ClearExisting deleted (or, with -WhatIf, would delete): stored rows of what the run read and stored
    /// completely (exact bands, item filter, windows) that it did not bring again.
    /// </summary>
    public int Cleared { get; init; }

    /// <summary>Read windows -ClearExisting left untouched because they were not read or stored completely.</summary>
    public int ClearSkipped { get; init; }

    /// <summary>Which windows <see cref="ClearSkipped"/> counts, and why (the first few).</summary>
    public string? ClearSkippedReason { get; init; }

    public string? ReportingCurrency { get; init; }
    public TimeSpan Duration { get; init; }

    /// <summary>
    /// The same counts per band and sale currency (what -WhatIf shows, one "What if" line each). A method, not a
    /// property, so the summary stays one flat row in Export-Csv and ConvertTo-Json.
    /// </summary>
    public IReadOnlyList<RevenueImportBreakdown> GetBreakdown() => Breakdown;

    internal IReadOnlyList<RevenueImportBreakdown> Breakdown { get; init; } = [];

    public override string ToString() =>
        $"{(WhatIf ? "What if: " : "")}{Inserted} inserted, {AlreadyPresent} already present, {Updated} updated, {Failed} failed into {Target}";
}

/// <summary>Counts of one band and one sale currency.</summary>
public sealed class RevenueImportBreakdown
{
    public long BandId { get; init; }
    public string Currency { get; init; } = "";
    public int Inserted { get; internal set; }
    public int AlreadyPresent { get; internal set; }
    public int Updated { get; internal set; }

    internal void Count(RowOutcome outcome)
    {
        switch (outcome)
        {
            case RowOutcome.Inserted: Inserted++; break;
            case RowOutcome.Updated: Updated++; break;
            default: AlreadyPresent++; break;
        }
    }

    public override string ToString() => $"{BandId} {Currency}: {Inserted} new, {AlreadyPresent} present, {Updated} updated";
}
