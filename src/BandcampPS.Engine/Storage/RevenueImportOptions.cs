namespace BandcampPS.Engine.Storage;

public sealed class RevenueImportOptions
{
    /// <summary>Classify only: reads the database, writes nothing (for -WhatIf).</summary>
    public bool DryRun { get; init; }

    /// <summary>
    /// One transaction for the clear and every batch, committed by CommitAsync (for -ClearExisting: a
    /// failed run leaves the old data intact). Otherwise each batch commits on its own. In SQLite the
    /// single transaction holds the database's write lock until commit, so other importers wait.
    /// </summary>
    public bool SingleTransaction { get; init; }

    /// <summary>
    /// Store buyer name, e-mail, phone, note and shipping address. False (the default) writes those
    /// columns NULL whatever the rows carry, and re-importing a row stored with them clears them.
    /// </summary>
    public bool IncludeBuyerDetails { get; init; }
}
