using System.Linq.Expressions;
using System.Reflection;
using BandcampPS.Engine.Sales;

namespace BandcampPS.Engine.Storage;

/// <summary>Names, kinds, limits and values of the <see cref="RevenueColumn"/>s.</summary>
internal static class RevenueColumns
{
    public static readonly RevenueColumn[] All = Enum.GetValues<RevenueColumn>();

    /// <summary>
    /// The conversion to the reporting currency: ours, not Bandcamp's. A run without -Currency keeps a stored
    /// conversion, and a new rate never makes a row count as changed.
    /// </summary>
    public static readonly RevenueColumn[] Conversion =
        All.Where(c => c is >= RevenueColumn.ReportingCurrency and <= RevenueColumn.ConvertedTaxes).ToArray();

    /// <summary>
    /// What ContentHash covers: Bandcamp's values, i.e. everything but the key (Source, SaleKey), the conversion
    /// and ImportedAt. A row whose hash differs changed at Bandcamp, and only such a row counts as Updated.
    /// </summary>
    public static readonly RevenueColumn[] Content =
        All.Where(c => c is not (RevenueColumn.Source or RevenueColumn.SaleKey or RevenueColumn.ImportedAt) && !Conversion.Contains(c)).ToArray();

    public static readonly RevenueColumn[] BuyerDetails =
    [
        RevenueColumn.BuyerName, RevenueColumn.BuyerEmail, RevenueColumn.BuyerPhone, RevenueColumn.BuyerNote,
        RevenueColumn.ShipToName, RevenueColumn.ShipToStreet, RevenueColumn.ShipToStreet2, RevenueColumn.ShipToCity,
        RevenueColumn.ShipToState, RevenueColumn.ShipToZip, RevenueColumn.ShipToCountry, RevenueColumn.ShipToCountryCode,
        RevenueColumn.City, RevenueColumn.ShipNotes,
    ];

    private static readonly string[] Names = All.Select(c => c.ToString()).ToArray();

    public static string Name(RevenueColumn column) => Names[(int)column];

    public static bool IsNullable(RevenueColumn column) => column is not (
        RevenueColumn.Source or RevenueColumn.SaleKey or RevenueColumn.BandId or RevenueColumn.TransactionId
        or RevenueColumn.SaleDate or RevenueColumn.ItemType or RevenueColumn.Currency or RevenueColumn.ImportedAt);

    public static ColumnKind Kind(RevenueColumn column) => column switch
    {
        RevenueColumn.Source => ColumnKind.Source,
        RevenueColumn.BandId or RevenueColumn.MemberBandId or RevenueColumn.TransactionItemId => ColumnKind.Int64,
        RevenueColumn.Quantity => ColumnKind.Int32,
        RevenueColumn.SaleDate or RevenueColumn.ImportedAt => ColumnKind.Timestamp,
        RevenueColumn.ExchangeRateDate => ColumnKind.Date,
        RevenueColumn.TaxRate or RevenueColumn.ExchangeRate => ColumnKind.Rate,
        >= RevenueColumn.ItemPrice and <= RevenueColumn.NetAmount => ColumnKind.Money,
        >= RevenueColumn.ConvertedItemTotal and <= RevenueColumn.ConvertedTaxes => ColumnKind.Money,
        _ => ColumnKind.Text,
    };

    /// <summary>
    /// Longest text the store keeps (SQL Server nvarchar(n)); null for free text (nvarchar(max)). Both
    /// stores refuse longer values, so a file that imports into SQLite imports into SQL Server too.
    /// </summary>
    public static int? MaxLength(RevenueColumn column) => column switch
    {
        RevenueColumn.Source or RevenueColumn.Currency or RevenueColumn.ReportingCurrency
            or RevenueColumn.CountryCode or RevenueColumn.ShipToCountryCode => 8,
        RevenueColumn.SaleKey or RevenueColumn.CatalogNumber or RevenueColumn.Sku => 200,
        RevenueColumn.TransactionId or RevenueColumn.RelatedTransactionId or RevenueColumn.ItemType
            or RevenueColumn.BuyerPhone => 100,
        RevenueColumn.Upc or RevenueColumn.Isrc or RevenueColumn.ShipToZip => 64,
        _ => null,
    };

    // Each column is the RevenueRow property of its name, so the values and the row reader are compiled from the
    // enum once instead of written out: a new column is a property and an enum member (plus its schema step).
    private static readonly Func<RevenueRow, object?[]> AllValues = CompileValues();
    private static readonly Func<StoredRowReader, RevenueRow> ReadRow = CompileRead();

    /// <summary>
    /// Every column's value (boxed: string, long, int, decimal, DateTime, DateOnly, source, or null), indexed by
    /// column: computed once per row, then validated, hashed and bound.
    /// </summary>
    public static object?[] Values(RevenueRow e) => AllValues(e);

    /// <summary>Builds a stored row from a database row whose columns are selected in <see cref="All"/> order.</summary>
    public static RevenueRow Read(StoredRowReader r) => ReadRow(r);

    private static PropertyInfo Property(RevenueColumn column) =>
        typeof(RevenueRow).GetProperty(Name(column)) ?? throw new InvalidOperationException($"RevenueRow has no property for the column {column}.");

    private static Func<RevenueRow, object?[]> CompileValues()
    {
        var row = Expression.Parameter(typeof(RevenueRow), "row");
        var values = All.Select(c => (Expression)Expression.Convert(Expression.Property(row, Property(c)), typeof(object)));
        return Expression.Lambda<Func<RevenueRow, object?[]>>(Expression.NewArrayInit(typeof(object), values), row).Compile();
    }

    private static Func<StoredRowReader, RevenueRow> CompileRead()
    {
        var reader = Expression.Parameter(typeof(StoredRowReader), "reader");
        var bindings = All.Select(column =>
        {
            var property = Property(column);
            var method = Kind(column) switch
            {
                ColumnKind.Source or ColumnKind.Text => nameof(StoredRowReader.Text),
                ColumnKind.Int64 => nameof(StoredRowReader.Int64),
                ColumnKind.Int32 => nameof(StoredRowReader.Int32),
                ColumnKind.Money or ColumnKind.Rate => nameof(StoredRowReader.Decimal),
                ColumnKind.Timestamp => nameof(StoredRowReader.Timestamp),
                ColumnKind.Date => nameof(StoredRowReader.Date),
                var kind => throw new InvalidOperationException($"No reader for {kind}."),
            };
            Expression value = Expression.Call(reader, typeof(StoredRowReader).GetMethod(method)!, Expression.Constant(column));
            if (Kind(column) == ColumnKind.Source)
                value = Expression.Call(typeof(StoredValues).GetMethod(nameof(StoredValues.ParseSource))!, value);
            else if (Nullable.GetUnderlyingType(value.Type) is not null && Nullable.GetUnderlyingType(property.PropertyType) is null)
                value = Expression.Property(value, "Value"); // a NOT NULL column: BandId, SaleDate, ImportedAt
            return (MemberBinding)Expression.Bind(property, value);
        });
        return Expression.Lambda<Func<StoredRowReader, RevenueRow>>(
            Expression.MemberInit(Expression.New(typeof(RevenueRow)), bindings), reader).Compile();
    }

    /// <summary>True when any <see cref="BuyerDetails"/> column of a row's <see cref="Values"/> is set.</summary>
    public static bool HasBuyerDetails(object?[] values)
    {
        foreach (var column in BuyerDetails)
            if (values[(int)column] is not null) return true;
        return false;
    }

    /// <summary>The row without buyer details.</summary>
    public static RevenueRow WithoutBuyerDetails(RevenueRow e) => e with
    {
        BuyerName = null, BuyerEmail = null, BuyerPhone = null, BuyerNote = null,
        ShipToName = null, ShipToStreet = null, ShipToStreet2 = null, ShipToCity = null,
        ShipToState = null, ShipToZip = null, ShipToCountry = null, ShipToCountryCode = null,
        City = null, ShipNotes = null,
    };
}
