using BandcampPS.Engine.Sales;

namespace BandcampPS.Engine.Storage;

/// <summary>How values are normalized before they are stored or hashed, the same for every store.</summary>
internal static class StoredValues
{
    private const decimal MoneyLimit = 1_000_000_000_000_000m; // 15 integer digits: decimal(19,4)
    private const decimal RateLimit = 1_000_000_000m;           // 9 integer digits: decimal(19,10)

    /// <summary>The name of the settings row, in both stores, that holds the database's one reporting currency.</summary>
    public const string ReportingCurrencySetting = "ReportingCurrency";

    public static string SourceName(BandcampSaleSource source) => source switch
    {
        BandcampSaleSource.Api => "Api",
        BandcampSaleSource.Csv => "Csv",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, null),
    };

    public static BandcampSaleSource ParseSource(string name) => Enum.Parse<BandcampSaleSource>(name);

    /// <summary>
    /// Item types as the stores' @ItemTypes parameter: a JSON array of lower-case strings, or null for every type.
    /// Lower-cased here because a clear scope may be built by hand; a filter's list already is.
    /// </summary>
    public static string? ItemTypesJson(IEnumerable<string>? itemTypes) =>
        itemTypes is null ? null : System.Text.Json.JsonSerializer.Serialize(itemTypes.Select(t => t.ToLowerInvariant()));

    /// <summary>UTC, whole seconds: what both stores keep (SQLite text to the second, datetime2(0)).</summary>
    public static DateTime ToStoredTime(DateTime time)
    {
        var utc = UtcDates.ToUtc(time);
        return utc.AddTicks(-(utc.Ticks % TimeSpan.TicksPerSecond));
    }

    /// <summary>
    /// Refuses what one of the stores could not keep exactly, so both stores hold the same values and
    /// nothing is rounded or cut silently.
    /// </summary>
    /// <param name="values">The row's <see cref="RevenueColumns.Values"/>.</param>
    public static void Validate(RevenueRow row, object?[] values, int rowIndex)
    {
        if (string.IsNullOrEmpty(row.SaleKey))
            throw NotStorable(rowIndex, row, "has no SaleKey; build rows with RevenueRow.FromSale");
        foreach (var (column, kind, maxLength) in Checked)
        {
            var value = values[(int)column];
            switch (kind)
            {
                case ColumnKind.Money when value is decimal money && (decimal.Round(money, 4) != money || Math.Abs(money) >= MoneyLimit):
                    throw NotStorable(rowIndex, row, $"{RevenueColumns.Name(column)} = {money}: amounts keep at most 4 decimal places and 15 integer digits");
                case ColumnKind.Rate when value is decimal rate && (decimal.Round(rate, 10) != rate || Math.Abs(rate) >= RateLimit):
                    throw NotStorable(rowIndex, row, $"{RevenueColumns.Name(column)} = {rate}: rates keep at most 10 decimal places and 9 integer digits");
                case ColumnKind.Text when value is string text && text.Length > maxLength:
                    throw NotStorable(rowIndex, row, $"{RevenueColumns.Name(column)} is {text.Length} characters long; the store keeps at most {maxLength}");
            }
        }
    }

    /// <summary>The columns <see cref="Validate"/> has anything to check in (money, rates, bounded text), worked out once.</summary>
    private static readonly (RevenueColumn Column, ColumnKind Kind, int MaxLength)[] Checked = RevenueColumns.All
        .Select(c => (Column: c, Kind: RevenueColumns.Kind(c), MaxLength: RevenueColumns.MaxLength(c) ?? int.MaxValue))
        .Where(c => c.Kind is ColumnKind.Money or ColumnKind.Rate || (c.Kind == ColumnKind.Text && c.MaxLength != int.MaxValue))
        .ToArray();

    private static RevenueStoreException NotStorable(int rowIndex, RevenueRow row, string problem) =>
        new(RevenueStoreException.ValueNotStorable, $"Row {rowIndex} ({row}) {problem}.") { RowIndex = rowIndex };
}
