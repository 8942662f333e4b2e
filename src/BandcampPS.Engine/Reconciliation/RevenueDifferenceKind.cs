namespace BandcampPS.Engine.Reconciliation;

/// <summary>
/// What one <see cref="BandcampRevenueDifference"/> row says. The names are a contract: finance scripts filter
/// exported files on them, so they are never renamed or renumbered.
/// </summary>
public enum RevenueDifferenceKind
{
    /// <summary>A sale of the reference set that the difference set lacks.</summary>
    OnlyInReference,

    /// <summary>A sale of the difference set that the reference set lacks.</summary>
    OnlyInDifference,

    /// <summary>
    /// A sale in both sets with one compared field different (one row per field); or, with Field TransactionFee, a
    /// transaction in both sets whose fees add up differently (fees are compared per transaction, not per line).
    /// </summary>
    FieldDiffers,

    /// <summary>A sale in both sets with every compared field equal (only with -IncludeEqual).</summary>
    Equal,

    /// <summary>Per currency, at the end: both sets' totals agree to the currency's minor unit (the cent).</summary>
    TotalsAgree,

    /// <summary>Per currency, at the end: at least one total differs by a cent or more.</summary>
    TotalsDiffer,
}
