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

    /// <summary>Rewrites only the conversion (and ImportedAt) of a row whose Bandcamp values did not change.</summary>
    public static readonly string UpdateConversion =
        $"UPDATE {Table} SET {string.Join(", ", RevenueColumns.Conversion.Append(RevenueColumn.ImportedAt).Select(c => $"{Quote(c)} = {Parameter(c)}"))} WHERE \"Id\" = @Id";

    public static readonly string Lookup =
        $"SELECT \"Id\", \"ContentHash\", \"ReportingCurrency\", \"ExchangeRate\", \"ExchangeRateDate\" FROM {Table} WHERE \"Source\" = @Source AND \"SaleKey\" = @SaleKey";

    /// <summary>The keys one import brought: a table of its own connection, gone when the connection closes.</summary>
    public const string CreateRunKeys = """
        CREATE TEMP TABLE IF NOT EXISTS "RunKeys" ("Source" TEXT NOT NULL, "SaleKey" TEXT NOT NULL, PRIMARY KEY ("Source", "SaleKey")) WITHOUT ROWID
        """;

    public const string RememberKey = """INSERT OR IGNORE INTO temp."RunKeys" ("Source", "SaleKey") VALUES (@Source, @SaleKey)""";

    // Stored rows of one scope that this import did not bring again and that are older than the import (a row written
    // since belongs to another importer). @ItemTypes is a JSON array of lower-case types, or NULL for every type.
    private const string StaleFilter = """
        WHERE "Source" = @Source AND "BandId" = @BandId
          AND (@MemberBandId IS NULL OR "MemberBandId" = @MemberBandId)
          AND "SaleDate" >= @Start AND "SaleDate" < @End
          AND (@ItemTypes IS NULL OR lower("ItemType") IN (SELECT value FROM json_each(@ItemTypes)))
          AND "ImportedAt" < @StartedAt
          AND NOT EXISTS (SELECT 1 FROM temp."RunKeys" AS k WHERE k."Source" = "BandcampRevenue"."Source" AND k."SaleKey" = "BandcampRevenue"."SaleKey")
        """;

    public static readonly string CountStale = $"SELECT COUNT(*) FROM {Table} {StaleFilter}";

    public static readonly string DeleteStale = $"DELETE FROM {Table} {StaleFilter}";

    public const string ReadSetting = """SELECT "Value" FROM "BandcampSettings" WHERE "Name" = @Name""";

    /// <summary>Records a setting unless it is already there: two importers claiming at once keep the first.</summary>
    public const string ClaimSetting = """INSERT OR IGNORE INTO "BandcampSettings" ("Name", "Value") VALUES (@Name, @Value)""";

    public const string ReadWatermark = """SELECT "SinceUtc", "CompleteThroughUtc" FROM "BandcampSyncState" WHERE "Source" = @Source AND "BandId" = @BandId""";

    public const string SaveWatermark = """
        INSERT INTO "BandcampSyncState" ("Source", "BandId", "SinceUtc", "CompleteThroughUtc", "UpdatedAt")
        VALUES (@Source, @BandId, @SinceUtc, @CompleteThroughUtc, @UpdatedAt)
        ON CONFLICT ("Source", "BandId") DO UPDATE SET
            "SinceUtc" = excluded."SinceUtc", "CompleteThroughUtc" = excluded."CompleteThroughUtc", "UpdatedAt" = excluded."UpdatedAt"
        """;

    public static readonly string HashRewritePage = $"""SELECT {Columns}, "Id" FROM {Table} WHERE "Id" > @After ORDER BY "Id" LIMIT {ContentHashRewrite.PageSize}""";

    public static readonly string HashRewrite = $"""UPDATE {Table} SET "ContentHash" = @ContentHash WHERE "Id" = @Id""";

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
