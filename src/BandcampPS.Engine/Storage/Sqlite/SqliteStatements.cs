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

    /// <summary>The insert of a row expected to be new: a key already stored changes nothing (sqlite3_changes says 0).</summary>
    public static readonly string InsertIfNew = Insert + """ ON CONFLICT ("Source", "SaleKey") DO NOTHING""";

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

    private static readonly string ApiHoldsTheMonth = $"""
        EXISTS (SELECT 1 FROM {Table} AS a
                WHERE a."Source" = '{Api}' AND a."BandId" = r."BandId"
                  AND a."SaleDate" >= substr(r."SaleDate", 1, 7) AND a."SaleDate" < substr(r."SaleDate", 1, 7) || '-32')
        """;

    /// <summary>
    /// The filters every read shares, on the row alias r. Optional filters as "(@p IS NULL OR ...)": one fixed text
    /// however the query is filled. @ItemTypes is a JSON array of lower-case types, or NULL for every type. Without
    /// @Source, one source per band and month: a CSV row is left out when the API has a row of the same band in the
    /// same calendar month ('yyyy-MM' &lt;= SaleDate &lt; 'yyyy-MM-32' in the stored text), found through the
    /// (Source, BandId, SaleDate) index.
    /// </summary>
    private static readonly string Filters = """
        WHERE (@Start IS NULL OR r."SaleDate" >= @Start)
          AND (@End IS NULL OR r."SaleDate" < @End)
          AND (@Source IS NULL OR r."Source" = @Source)
          AND (@BandId IS NULL OR r."BandId" = @BandId)
          AND (@ItemTypes IS NULL OR lower(r."ItemType") IN (SELECT value FROM json_each(@ItemTypes)))
        """;

    private static readonly string RowFilter = $"""
        {Filters}
          AND (@Source IS NOT NULL OR r."Source" = '{Api}' OR NOT {ApiHoldsTheMonth})
        """;

    private static string Api => StoredValues.SourceName(Sales.BandcampSaleSource.Api);

    private static string Csv => StoredValues.SourceName(Sales.BandcampSaleSource.Csv);

    public static readonly string Query = $"""
        SELECT {string.Join(", ", RevenueColumns.All.Select(c => "r." + Quote(c)))} FROM {Table} AS r
        {RowFilter}
          AND (@Artist IS NULL OR r."Artist" LIKE @Artist ESCAPE '\')
          AND (@CatalogNumber IS NULL OR r."CatalogNumber" = @CatalogNumber COLLATE NOCASE)
        ORDER BY r."SaleDate", r."SaleKey"
        """;

    /// <summary>The CSV rows the same filters leave out for one source per band and month: count, first and last date.</summary>
    public static readonly string SourceOverlap = $"""
        SELECT COUNT(*), MIN(r."SaleDate"), MAX(r."SaleDate") FROM {Table} AS r
        {Filters}
          AND (@Artist IS NULL OR r."Artist" LIKE @Artist ESCAPE '\')
          AND (@CatalogNumber IS NULL OR r."CatalogNumber" = @CatalogNumber COLLATE NOCASE)
          AND @Source IS NULL AND r."Source" = '{Csv}' AND {ApiHoldsTheMonth}
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
        select.Append($"CASE WHEN {oneCurrency} THEN MIN(\"Currency\") END AS \"Currency\",\n");
        foreach (var (alias, kinds, column, isCount) in SummaryShape.Aggregates)
        {
            var only = $"\"RowKind\" IN ({string.Join(", ", kinds!.Select(k => (int)k))})";
            var expression = isCount ? $"COUNT(CASE WHEN {only} THEN 1 END)"
                : column == RevenueColumn.Quantity ? $"COALESCE(SUM(CASE WHEN {only} THEN \"Quantity\" END), 0)"
                : $"CASE WHEN {oneCurrency} THEN {DecimalSumFunction}(CASE WHEN {only} THEN {Quote(column!.Value)} END) END";
            select.Append($"{expression} AS \"{alias}\",\n");
        }
        select.Append($"CASE WHEN {oneReportingCurrency} THEN MIN(\"ReportingCurrency\") END AS \"ReportingCurrency\",\n");
        foreach (var (alias, kinds, column) in SummaryShape.ConvertedAggregates)
        {
            var only = $"\"RowKind\" IN ({string.Join(", ", kinds.Select(k => (int)k))})";
            select.Append($"CASE WHEN {oneReportingCurrency} THEN {DecimalSumFunction}(CASE WHEN {only} THEN {Quote(column)} END) END AS \"{alias}\",\n");
        }
        select.Append($"""
            COUNT(*) - COUNT("ReportingCurrency") AS "UnconvertedCount"
            FROM (SELECT r.*, {RowKind} AS "RowKind" FROM {Table} AS r
            {RowFilter}) AS r
            """);
        if (keys.Count > 0)
        {
            var groupBy = string.Join(", ", keys.Select(GroupExpression));
            select.Append($"\nGROUP BY {groupBy}\nORDER BY {groupBy}");
        }
        return select.ToString();
    }

    /// <summary>A row's <see cref="Sales.ItemKind"/> as its number, from the lower-cased item type.</summary>
    private static readonly string RowKind =
        $"CASE WHEN lower(r.\"ItemType\") IN ({Literals(SummaryShape.TypesOf(Sales.ItemKind.Payout))}) THEN {(int)Sales.ItemKind.Payout} " +
        $"WHEN lower(r.\"ItemType\") IN ({Literals(SummaryShape.TypesOf(Sales.ItemKind.Refund))}) THEN {(int)Sales.ItemKind.Refund} " +
        $"ELSE {(int)Sales.ItemKind.Sale} END";

    // Item types come from the fixed lists in ItemTypes, never from input; none holds a quote.
    private static string Literals(IEnumerable<string> values) => string.Join(", ", values.Select(v => $"'{v}'"));

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
