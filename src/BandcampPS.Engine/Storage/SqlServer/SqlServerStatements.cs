using System.Text;

namespace BandcampPS.Engine.Storage.SqlServer;

/// <summary>
/// Every T-SQL text the SQL Server store sends, in one place so a test parses each with ScriptDom.
/// Values always travel as parameters or through SqlBulkCopy; the only text spliced in is column names
/// and expressions from fixed lists.
/// </summary>
internal static class SqlServerStatements
{
    public const string Table = "dbo.BandcampRevenue";
    public const string Staging = "#BandcampRevenueStaging";

    private static readonly string Columns = string.Join(", ", RevenueColumns.All.Select(Quote));

    /// <summary>
    /// A session temp table shaped like the target plus the row's index in its batch. String columns take
    /// the database's collation: tempdb's may differ, and the MERGE join would fail on the conflict.
    /// </summary>
    public static readonly string CreateStaging = $"""
        DROP TABLE IF EXISTS {Staging};
        CREATE TABLE {Staging} (
            [RowIndex] int NOT NULL,
        {string.Join(",\n", RevenueColumns.All.Select(StagingColumn))},
            [ContentHash] binary(16) NOT NULL,
            PRIMARY KEY ([Source], [SaleKey])
        );
        """;

    public const string TruncateStaging = $"TRUNCATE TABLE {Staging};";

    /// <summary>
    /// The one set-based write per batch: inserts new keys, rewrites keys whose ContentHash differs, leaves
    /// identical rows alone. HOLDLOCK keeps two importers from both deciding "not there" for one key. OUTPUT
    /// reports each written row with what it replaced, for the per-row outcomes.
    /// </summary>
    public static readonly string Merge = $"""
        MERGE {Table} WITH (HOLDLOCK) AS t
        USING {Staging} AS s
            ON t.[Source] = s.[Source] AND t.[SaleKey] = s.[SaleKey]
        WHEN MATCHED AND t.[ContentHash] <> s.[ContentHash] THEN
            UPDATE SET {string.Join(", ", RevenueColumns.All.Where(c => c is not (RevenueColumn.Source or RevenueColumn.SaleKey)).Select(c => $"t.{Quote(c)} = s.{Quote(c)}"))}, t.[ContentHash] = s.[ContentHash]
        WHEN NOT MATCHED BY TARGET THEN
            INSERT ({Columns}, [ContentHash])
            VALUES ({string.Join(", ", RevenueColumns.All.Select(c => "s." + Quote(c)))}, s.[ContentHash])
        OUTPUT $action, s.[RowIndex], deleted.[ContentHash], deleted.[BandId], deleted.[SaleDate];
        """;

    /// <summary>
    /// First statement of every write transaction: importers take turns, held until commit or rollback.
    /// Waits up to 30 s, like SQLite's busy timeout, then fails with a message that says why.
    /// </summary>
    public const string LockImport = """
        DECLARE @lockResult int;
        EXEC @lockResult = sp_getapplock @Resource = N'BandcampPS.Import', @LockMode = N'Exclusive', @LockOwner = N'Transaction', @LockTimeout = 30000;
        IF @lockResult < 0
            THROW 50002, N'Timed out after 30 seconds waiting for another BandcampPS import into this database to finish.', 1;
        """;

    /// <summary>For a dry run: what the database holds for the staged keys, without writing.</summary>
    public static readonly string LookupStaged = $"""
        SELECT s.[RowIndex], t.[ContentHash], t.[BandId], t.[SaleDate]
        FROM {Staging} AS s
        JOIN {Table} AS t ON t.[Source] = s.[Source] AND t.[SaleKey] = s.[SaleKey];
        """;

    /// <summary>
    /// The filters every read shares, on the row alias r. Optional filters as "(@p IS NULL OR ...)": one fixed text;
    /// RECOMPILE plans each call for its values. @ItemTypes is a JSON array of lower-case types, or NULL for every type.
    /// </summary>
    private const string Filters = """
        WHERE (@Start IS NULL OR r.[SaleDate] >= @Start)
          AND (@End IS NULL OR r.[SaleDate] < @End)
          AND (@Source IS NULL OR r.[Source] = @Source)
          AND (@BandId IS NULL OR r.[BandId] = @BandId)
          AND (@ItemTypes IS NULL OR LOWER(r.[ItemType]) IN (SELECT CAST([value] AS nvarchar(4000)) COLLATE DATABASE_DEFAULT FROM OPENJSON(@ItemTypes)))
        """;

    /// <summary>The API holds a row of r's band in r's calendar month (seek on the (Source, BandId, SaleDate) index).</summary>
    private const string ApiHoldsTheMonth = $"""
        EXISTS (SELECT 1 FROM {Table} AS a
                WHERE a.[Source] = N'Api' AND a.[BandId] = r.[BandId]
                  AND a.[SaleDate] >= DATEFROMPARTS(YEAR(r.[SaleDate]), MONTH(r.[SaleDate]), 1)
                  AND a.[SaleDate] < DATEADD(month, 1, DATEFROMPARTS(YEAR(r.[SaleDate]), MONTH(r.[SaleDate]), 1)))
        """;

    /// <summary>Without @Source, one source per band and month: a CSV row is left out where the API holds the month.</summary>
    private const string RowFilter = $"""
        {Filters}
          AND (@Source IS NOT NULL OR r.[Source] = N'Api' OR NOT {ApiHoldsTheMonth})
        """;

    private const string TextFilters = """
          AND (@Artist IS NULL OR r.[Artist] LIKE @Artist ESCAPE '\')
          AND (@CatalogNumber IS NULL OR r.[CatalogNumber] = @CatalogNumber)
        """;

    public static readonly string Query = $"""
        SELECT {string.Join(", ", RevenueColumns.All.Select(c => "r." + Quote(c)))} FROM {Table} AS r
        {RowFilter}
        {TextFilters}
        ORDER BY r.[SaleDate], r.[SaleKey]
        OPTION (RECOMPILE);
        """;

    /// <summary>The CSV rows the same filters leave out for one source per band and month: count, first and last date.</summary>
    public const string SourceOverlap = $"""
        SELECT COUNT_BIG(*), MIN(r.[SaleDate]), MAX(r.[SaleDate]) FROM {Table} AS r
        {Filters}
        {TextFilters}
          AND @Source IS NULL AND r.[Source] = N'Csv' AND {ApiHoldsTheMonth}
        OPTION (RECOMPILE);
        """;

    public const string LatestSaleDate = $"SELECT MAX([SaleDate]) FROM {Table} WHERE [Source] = @Source;";

    public const string LatestSaleDateOfBand = $"SELECT MAX([SaleDate]) FROM {Table} WHERE [Source] = @Source AND [BandId] = @BandId;";

    // @BandIds is a JSON array of ids, or NULL for every band (OPENJSON: SQL Server 2016+, compatibility level 130).
    private const string ClearFilter = """
        WHERE [Source] = @Source
          AND (@Start IS NULL OR [SaleDate] >= @Start)
          AND (@End IS NULL OR [SaleDate] < @End)
          AND (@BandIds IS NULL OR [BandId] IN (SELECT CAST([value] AS bigint) FROM OPENJSON(@BandIds)))
        """;

    public const string Clear = $"DELETE FROM {Table}\n{ClearFilter};";

    public const string CountClear = $"SELECT COUNT(*) FROM {Table}\n{ClearFilter};";

    public const string ClearCandidates = $"SELECT [Id], [SaleKey] FROM {Table}\n{ClearFilter};";

    public const string DeleteById = $"DELETE FROM {Table} WHERE [Id] = @Id;";

    /// <summary>A GROUP BY over the canonical <paramref name="keys"/> (see <see cref="SummaryShape"/>).</summary>
    public static string Summary(IReadOnlyList<RevenueGroupBy> keys)
    {
        var select = new StringBuilder("SELECT ");
        foreach (var key in keys)
        {
            if (SummaryShape.Alias(key) is { } alias)
                select.Append($"{GroupExpression(key)} AS [{alias}], ");
        }
        if (keys.Contains(RevenueGroupBy.Country))
            select.Append("MIN([Country]) AS [Country], ");

        const string oneCurrency = "MIN([Currency]) = MAX([Currency])";
        const string oneReportingCurrency = "COUNT([ReportingCurrency]) = COUNT_BIG(*) AND MIN([ReportingCurrency]) = MAX([ReportingCurrency])";
        select.Append($"CASE WHEN {oneCurrency} THEN MIN([Currency]) END AS [Currency],\n");
        // decimal SUM is exact in SQL Server (decimal(38,4)).
        foreach (var (alias, kinds, column, isCount) in SummaryShape.Aggregates)
        {
            var only = $"[RowKind] IN ({string.Join(", ", kinds!.Select(k => (int)k))})";
            var expression = isCount ? $"COUNT_BIG(CASE WHEN {only} THEN 1 END)"
                : column == RevenueColumn.Quantity ? $"COALESCE(SUM(CASE WHEN {only} THEN CAST([Quantity] AS bigint) END), 0)"
                : $"CASE WHEN {oneCurrency} THEN COALESCE(SUM(CASE WHEN {only} THEN {Quote(column!.Value)} END), 0) END";
            select.Append($"{expression} AS [{alias}],\n");
        }
        select.Append($"CASE WHEN {oneReportingCurrency} THEN MIN([ReportingCurrency]) END AS [ReportingCurrency],\n");
        foreach (var (alias, kinds, column) in SummaryShape.ConvertedAggregates)
        {
            var only = $"[RowKind] IN ({string.Join(", ", kinds.Select(k => (int)k))})";
            select.Append($"CASE WHEN {oneReportingCurrency} THEN COALESCE(SUM(CASE WHEN {only} THEN {Quote(column)} END), 0) END AS [{alias}],\n");
        }
        select.Append($"""
            COUNT_BIG(*) - COUNT([ReportingCurrency]) AS [UnconvertedCount]
            FROM (SELECT r.*, {RowKind} AS [RowKind] FROM {Table} AS r
            {RowFilter}) AS r
            """);
        if (keys.Count > 0)
        {
            var groupBy = string.Join(", ", keys.Select(GroupExpression));
            select.Append($"\nGROUP BY {groupBy}\nORDER BY {groupBy}");
        }
        return select.Append("\nOPTION (RECOMPILE);").ToString();
    }

    /// <summary>A row's <see cref="Sales.ItemKind"/> as its number, from the lower-cased item type.</summary>
    private static readonly string RowKind =
        $"CASE WHEN LOWER(r.[ItemType]) IN ({Literals(SummaryShape.TypesOf(Sales.ItemKind.Payout))}) THEN {(int)Sales.ItemKind.Payout} " +
        $"WHEN LOWER(r.[ItemType]) IN ({Literals(SummaryShape.TypesOf(Sales.ItemKind.Refund))}) THEN {(int)Sales.ItemKind.Refund} " +
        $"ELSE {(int)Sales.ItemKind.Sale} END";

    // Item types come from the fixed lists in ItemTypes, never from input; none holds a quote.
    private static string Literals(IEnumerable<string> values) => string.Join(", ", values.Select(v => $"N'{v}'"));

    /// <summary>Every fixed text, named, for the ScriptDom test (summaries are generated per grouping).</summary>
    public static IEnumerable<(string Name, string Sql)> All()
    {
        yield return ("Schema.Lock", SqlServerSchema.Dialect.Lock!);
        yield return ("Schema.CreateVersionTable", SqlServerSchema.Dialect.CreateVersionTable);
        yield return ("Schema.ReadVersion", SqlServerSchema.Dialect.ReadVersion);
        yield return ("Schema.RecordVersion", SqlServerSchema.Dialect.RecordVersion);
        yield return ("Schema.VersionTableExists", SqlServerSchema.Dialect.VersionTableExists);
        foreach (var migration in SqlServerSchema.Migrations)
        {
            for (var i = 0; i < migration.Statements.Count; i++)
                yield return ($"Migration{migration.Version}.{i}", migration.Statements[i]);
        }
        yield return (nameof(CreateStaging), CreateStaging);
        yield return (nameof(TruncateStaging), TruncateStaging);
        yield return (nameof(LockImport), LockImport);
        yield return (nameof(Merge), Merge);
        yield return (nameof(LookupStaged), LookupStaged);
        yield return (nameof(Query), Query);
        yield return (nameof(SourceOverlap), SourceOverlap);
        yield return (nameof(LatestSaleDate), LatestSaleDate);
        yield return (nameof(LatestSaleDateOfBand), LatestSaleDateOfBand);
        yield return (nameof(Clear), Clear);
        yield return (nameof(CountClear), CountClear);
        yield return (nameof(ClearCandidates), ClearCandidates);
        yield return (nameof(DeleteById), DeleteById);
    }

    private static string StagingColumn(RevenueColumn column)
    {
        var type = SqlServerSchema.TypeOf(column);
        var collation = type.StartsWith("nvarchar", StringComparison.Ordinal) ? " COLLATE DATABASE_DEFAULT" : "";
        var nullability = RevenueColumns.IsNullable(column) ? "NULL" : "NOT NULL";
        return $"    {Quote(column)} {type}{collation} {nullability}";
    }

    private static string GroupExpression(RevenueGroupBy key) => key switch
    {
        RevenueGroupBy.Year => "YEAR([SaleDate])",
        RevenueGroupBy.Month => "MONTH([SaleDate])",
        RevenueGroupBy.Day => "DAY([SaleDate])",
        _ => Quote(SummaryShape.Column(key)!.Value),
    };

    private static string Quote(RevenueColumn column) => $"[{RevenueColumns.Name(column)}]";
}
