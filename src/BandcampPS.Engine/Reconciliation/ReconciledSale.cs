using System.Linq.Expressions;
using System.Reflection;
using BandcampPS.Engine.Sales;
using BandcampPS.Engine.Storage;

namespace BandcampPS.Engine.Reconciliation;

/// <summary>
/// One sale line reduced to what a reconciliation compares: the fields a <see cref="BandcampSale"/> (API or CSV)
/// and a stored <see cref="RevenueRow"/> both carry, with text trimmed, line breaks as LF and blank text as null
/// (the API sends null where the CSV has an empty cell). The reference side of a comparison keeps one of these per line instead of the
/// full object, so 100,000 reference sales hold neither buyer details nor the PowerShell wrappers.
/// </summary>
public sealed class ReconciledSale
{
    /// <summary>Not compared; tells how precise <see cref="SaleDate"/> is (the CSV export writes minutes only).</summary>
    public BandcampSaleSource Source { get; init; }

    public string TransactionId { get; init; } = "";
    public long? TransactionItemId { get; init; }
    public string? RelatedTransactionId { get; init; }

    /// <summary>UTC.</summary>
    public DateTime SaleDate { get; init; }

    public string ItemType { get; init; } = "";
    public string? ItemName { get; init; }
    public string? Artist { get; init; }
    public string? CatalogNumber { get; init; }
    public string? Upc { get; init; }
    public string? Isrc { get; init; }
    public string? Package { get; init; }
    public string? Option { get; init; }
    public string? Sku { get; init; }
    public int? Quantity { get; init; }
    public string Currency { get; init; } = "";
    public decimal? ItemPrice { get; init; }
    public decimal? SubTotal { get; init; }
    public decimal? AdditionalFanContribution { get; init; }
    public decimal? SellerTax { get; init; }
    public decimal? MarketplaceTax { get; init; }
    public decimal? TaxRate { get; init; }
    public decimal? CollectionSocietyShare { get; init; }
    public decimal? Shipping { get; init; }
    public decimal? TransactionFee { get; init; }
    public decimal? ItemTotal { get; init; }
    public decimal? AmountYouReceived { get; init; }
    public decimal? NetAmount { get; init; }
    public string? Country { get; init; }
    public string? CountryCode { get; init; }

    // A sale maps to the row it would be stored as (a plain field copy; the key is not needed here), so the two
    // kinds of input are reduced by one piece of code.
    public static ReconciledSale From(BandcampSale sale)
    {
        ArgumentNullException.ThrowIfNull(sale);
        return From(RevenueRow.FromSale(sale, saleKey: "", includeBuyerDetails: false));
    }

    public static ReconciledSale From(RevenueRow stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return FromStored(stored);
    }

    // Every field shared with the stored row, by name (SameNameCopy), each reduced by its type: text cleaned, times
    // made UTC (a hand-built row may say Unspecified), the currency code upper-cased, required text never null.
    private static readonly Func<RevenueRow, ReconciledSale> FromStored = CompileFromStored();

    private static Func<RevenueRow, ReconciledSale> CompileFromStored()
    {
        var stored = Expression.Parameter(typeof(RevenueRow), "stored");
        var nullability = new NullabilityInfoContext();
        var bindings = SameNameCopy.Bindings(stored, typeof(ReconciledSale), new HashSet<string>(), (target, value) =>
        {
            if (value.Type == typeof(DateTime)) return Expression.Call(typeof(UtcDates).GetMethod(nameof(UtcDates.ToUtc), [typeof(DateTime)])!, value);
            if (value.Type != typeof(string)) return value;
            var cleaned = Expression.Call(typeof(ReconciledSale).GetMethod(target.Name == nameof(Currency) ? nameof(CleanCode) : nameof(Clean),
                BindingFlags.NonPublic | BindingFlags.Static)!, value);
            return nullability.Create(target).WriteState == NullabilityState.NotNull
                ? Expression.Coalesce(cleaned, Expression.Constant(""))
                : cleaned;
        });
        return Expression.Lambda<Func<RevenueRow, ReconciledSale>>(
            Expression.MemberInit(Expression.New(typeof(ReconciledSale)), bindings), stored).Compile();
    }

    public override string ToString() =>
        $"{SaleDate:yyyy-MM-dd HH:mm:ss}Z {Source} {ItemType} {TransactionId}/{TransactionItemId} {ItemTotal} {Currency}";

    // Surrounding blanks never mean anything to a reconciliation, and CSV cannot tell "" from a missing value. A line
    // break inside a quoted name is CRLF or LF depending on what last saved the file: the same name either way.
    private static string? Clean(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Trim().ReplaceLineEndings("\n");

    // ISO codes are compared in any case, but shown and grouped upper-case.
    private static string? CleanCode(string? code) => Clean(code)?.ToUpperInvariant();
}
