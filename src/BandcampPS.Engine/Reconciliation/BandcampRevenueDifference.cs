namespace BandcampPS.Engine.Reconciliation;

/// <summary>
/// One row of a reconciliation (Compare-BandcampRevenue): a sale only on one side, one field of a matched sale
/// that differs, a matched sale that is equal, or the totals of one currency. Every row is this one flat type with
/// scalar properties, so Export-Csv (which takes its columns from the first object) writes one consistent file;
/// properties that do not apply to a row's <see cref="Kind"/> are empty. The property names are a contract.
/// </summary>
public sealed class BandcampRevenueDifference
{
    public RevenueDifferenceKind Kind { get; init; }

    /// <summary>
    /// How the sale was matched: <c>item:&lt;TransactionItemId&gt;</c>, or for a line without an item id (the CSV
    /// export) <c>line:&lt;TransactionId&gt;/&lt;ItemType&gt;/&lt;ItemName&gt;/&lt;occurrence&gt;</c>; for a transaction whose fees
    /// differ <c>transaction:&lt;TransactionId&gt;</c>. Line breaks in names are LF, whichever the file had. Empty on totals rows.
    /// </summary>
    public string? Key { get; init; }

    /// <summary>ISO 4217 code: the sale's currency, or the currency a totals row sums.</summary>
    public string? Currency { get; init; }

    public string? TransactionId { get; init; }

    /// <summary>From whichever side has one (the CSV export has none).</summary>
    public long? TransactionItemId { get; init; }

    /// <summary>UTC; the reference side's when the sale is in both.</summary>
    public DateTime? SaleDate { get; init; }

    public string? ItemType { get; init; }
    public string? ItemName { get; init; }
    public string? Artist { get; init; }

    /// <summary>
    /// FieldDiffers: the property that differs (SaleDate, ItemTotal, ...). TotalsDiffer: the totals that differ,
    /// comma-separated (e.g. "ItemTotal,NetAmount"). Empty otherwise.
    /// </summary>
    public string? Field { get; init; }

    /// <summary>FieldDiffers: the reference side's value as invariant text (dates as yyyy-MM-dd HH:mm:ssZ); empty when null.</summary>
    public string? ReferenceValue { get; init; }

    /// <summary>FieldDiffers: the difference side's value, formatted like <see cref="ReferenceValue"/>.</summary>
    public string? DifferenceValue { get; init; }

    /// <summary>Totals rows: the number of reference sales in the currency.</summary>
    public int? ReferenceCount { get; init; }

    /// <summary>Totals rows: the number of difference sales in the currency.</summary>
    public int? DifferenceCount { get; init; }

    /// <summary>
    /// Sale rows: the reference sale's ItemTotal (empty when it is not on that side). Totals rows: the sum, rounded to
    /// the currency's minor unit and written with that many decimals (JPY 2415914, EUR 10.50), as every totals amount.
    /// </summary>
    public decimal? ReferenceItemTotal { get; init; }

    public decimal? DifferenceItemTotal { get; init; }
    public decimal? ReferenceAmountYouReceived { get; init; }
    public decimal? DifferenceAmountYouReceived { get; init; }
    public decimal? ReferenceNetAmount { get; init; }
    public decimal? DifferenceNetAmount { get; init; }

    public override string ToString() => Kind switch
    {
        RevenueDifferenceKind.FieldDiffers => $"{Kind} {Key} {Field}: {ReferenceValue} <> {DifferenceValue}",
        RevenueDifferenceKind.TotalsAgree or RevenueDifferenceKind.TotalsDiffer =>
            $"{Kind} {Currency} {ReferenceCount}/{DifferenceCount} {ReferenceItemTotal}/{DifferenceItemTotal}",
        _ => $"{Kind} {Key} {ItemType} {ItemName} {Currency}",
    };
}
