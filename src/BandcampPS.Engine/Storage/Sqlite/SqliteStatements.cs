using System.Text;

namespace BandcampPS.Engine.Storage.Sqlite;

/// <summary>
/// Every SQL text the SQLite store runs. Values always travel as parameters; the only text spliced in is
/// column names and expressions from fixed lists.
/// </summary>
internal static class SqliteStatements
{
    public const string Table = "\"BandcampRevenue\"";

    /// <summary>The aggregate that sums TEXT decimals exactly (see <see cref="DecimalSum"/>).</summary>
    public const string DecimalSumFunction = "decimal_sum";

    public static readonly string Columns = string.Join(", ", RevenueColumns.All.Select(Quote));

    public static readonly string Insert =
        $"INSERT INTO {Table} ({Columns}, \"ContentHash\") VALUES ({string.Join(", ", RevenueColumns.All.Select(Parameter))}, @ContentHash)";

    /// <summary>Rewrites a changed row in place; the key (Source, SaleKey) stays.</summary>
    public static readonly string Update =
        $"UPDATE {Table} SET {string.Join(", ", RevenueColumns.All.Where(c => c is not (RevenueColumn.Source or RevenueColumn.SaleKey)).Select(c => $"{Quote(c)} = {Parameter(c)}"))}, \"ContentHash\" = @ContentHash WHERE \"Id\" = @Id";

    public static readonly string Lookup =
        $"SELECT \"Id\", \"ContentHash\", \"BandId\", \"SaleDate\" FROM {Table} WHERE \"Source\" = @Source AND \"SaleKey\" = @SaleKey";

    // Optional filters as "(@p IS NULL OR ...)": one fixed text however the query is filled.
    public static readonly string Query = $"""
        SELECT {Columns} FROM {Table}
        WHERE (@Start IS NULL OR "SaleDate" >= @Start)
          AND (@End IS NULL OR "SaleDate" < @End)
          AND (@Source IS NULL OR "Source" = @Source)
          AND (@BandId IS NULL OR "BandId" = @BandId)
          AND (@Artist IS NULL OR "Artist" LIKE @Artist ESCAPE '\')
          AND (@ItemType IS NULL OR "ItemType" = @ItemType COLLATE NOCASE)
          AND (@CatalogNumber IS NULL OR "CatalogNumber" = @CatalogNumber COLLATE NOCASE)
        ORDER BY "SaleDate", "SaleKey"
        """;

    // Two texts rather than "(@BandId IS NULL OR ...)" so SQLite answers MAX from the index.
    public static readonly string LatestSaleDate = $"""SELECT MAX("SaleDate") FROM {Table} WHERE "Source" = @Source""";

    public static readonly string LatestSaleDateOfBand = $"""SELECT MAX("SaleDate") FROM {Table} WHERE "Source" = @Source AND "BandId" = @BandId""";

    // @BandIds is a JSON array of ids, or NULL for every band.
    private const string ClearFilter = """
        WHERE "Source" = @Source
          AND (@Start IS NULL OR "SaleDate" >= @Start)
          AND (@End IS NULL OR "SaleDate" < @End)
          AND (@BandIds IS NULL OR "BandId" IN (SELECT value FROM json_each(@BandIds)))
        """;

    public static readonly string Clear = $"DELETE FROM {Table} {ClearFilter}";

    public static readonly string CountClear = $"SELECT COUNT(*) FROM {Table} {ClearFilter}";

    public static readonly string ClearCandidates = $"""SELECT "Id", "SaleKey" FROM {Table} {ClearFilter}""";

    public static readonly string DeleteById = $"""DELETE FROM {Table} WHERE "Id" = @Id""";

    /// <summary>A GROUP BY over the canonical <paramref name="keys"/> (see <see cref="SummaryShape"/>).</summary>
    public static string Summary(IReadOnlyList<RevenueGroupBy> keys)
    {
        var select = new StringBuilder("SELECT ");
        foreach (var key in keys)
        {
            if (SummaryShape.Alias(key) is { } alias)
                select.Append($"{GroupExpression(key)} AS \"{alias}\", ");
        }
        if (keys.Contains(RevenueGroupBy.Country))
            select.Append("MIN(\"Country\") AS \"Country\", ");

        const string oneCurrency = "MIN(\"Currency\") = MAX(\"Currency\")";
        const string oneReportingCurrency = "COUNT(\"ReportingCurrency\") = COUNT(*) AND MIN(\"ReportingCurrency\") = MAX(\"ReportingCurrency\")";
        select.Append($"""
            CASE WHEN {oneCurrency} THEN MIN("Currency") END AS "Currency",
            COUNT(*) AS "SaleCount",
            COALESCE(SUM("Quantity"), 0) AS "Quantity",
            {Sum(oneCurrency, "ItemTotal")} AS "Gross",
            {Sum(oneCurrency, "TransactionFee")} AS "Fees",
            {Sum(oneCurrency, "SellerTax")} AS "SellerTax",
            {Sum(oneCurrency, "MarketplaceTax")} AS "MarketplaceTax",
            {Sum(oneCurrency, "Shipping")} AS "Shipping",
            {Sum(oneCurrency, "NetAmount")} AS "Net",
            CASE WHEN {oneReportingCurrency} THEN MIN("ReportingCurrency") END AS "ReportingCurrency",
            {Sum(oneReportingCurrency, "ConvertedItemTotal")} AS "ConvertedGross",
            {Sum(oneReportingCurrency, "ConvertedNetAmount")} AS "ConvertedNet",
            {Sum(oneReportingCurrency, "ConvertedTransactionFee")} AS "ConvertedFees",
            {Sum(oneReportingCurrency, "ConvertedTaxes")} AS "ConvertedTaxes",
            {Sum(oneReportingCurrency, "ConvertedShipping")} AS "ConvertedShipping",
            COUNT(*) - COUNT("ReportingCurrency") AS "UnconvertedCount"
            FROM {Table}
            WHERE (@Source IS NULL OR "Source" = @Source)
              AND (@BandId IS NULL OR "BandId" = @BandId)
              AND (@Start IS NULL OR "SaleDate" >= @Start)
              AND (@End IS NULL OR "SaleDate" < @End)
            """);
        if (keys.Count > 0)
        {
            var groupBy = string.Join(", ", keys.Select(GroupExpression));
            select.Append($"\nGROUP BY {groupBy}\nORDER BY {groupBy}");
        }
        return select.ToString();

        static string Sum(string condition, string column) => $"CASE WHEN {condition} THEN {DecimalSumFunction}(\"{column}\") END";
    }

    private static string GroupExpression(RevenueGroupBy key) => key switch
    {
        RevenueGroupBy.Year => "CAST(substr(\"SaleDate\", 1, 4) AS INTEGER)",
        RevenueGroupBy.Month => "CAST(substr(\"SaleDate\", 6, 2) AS INTEGER)",
        RevenueGroupBy.Day => "CAST(substr(\"SaleDate\", 9, 2) AS INTEGER)",
        _ => Quote(SummaryShape.Column(key)!.Value),
    };

    private static string Quote(RevenueColumn column) => $"\"{RevenueColumns.Name(column)}\"";

    private static string Parameter(RevenueColumn column) => "@" + RevenueColumns.Name(column);
}
