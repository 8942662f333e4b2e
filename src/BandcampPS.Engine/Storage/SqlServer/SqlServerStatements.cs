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
    public const string RunKeys = "#BandcampRunKeys";

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
    /// The one set-based write per batch: inserts new keys; rewrites keys whose ContentHash (Bandcamp's values)
    /// differs, keeping a stored conversion when the staged row has none; refreshes only the conversion of an
    /// unchanged row that carries a different one; leaves every other row alone. HOLDLOCK keeps two importers from
    /// both deciding "not there" for one key. OUTPUT reports each written row with the hash it replaced, for the
    /// per-row outcomes (a conversion-only update replaced its own hash: AlreadyPresent).
    /// </summary>
    public static readonly string Merge = $"""
        MERGE {Table} WITH (HOLDLOCK) AS t
        USING {Staging} AS s
            ON t.[Source] = s.[Source] AND t.[SaleKey] = s.[SaleKey]
        WHEN MATCHED AND t.[ContentHash] <> s.[ContentHash] THEN
            UPDATE SET {string.Join(", ", RevenueColumns.All.Where(c => c is not (RevenueColumn.Source or RevenueColumn.SaleKey)).Select(UpdateFromStaging))}, t.[ContentHash] = s.[ContentHash]
        WHEN MATCHED AND s.[ReportingCurrency] IS NOT NULL AND (t.[ReportingCurrency] IS NULL OR t.[ReportingCurrency] <> s.[ReportingCurrency]
                OR t.[ExchangeRate] <> s.[ExchangeRate] OR t.[ExchangeRateDate] <> s.[ExchangeRateDate]) THEN
            UPDATE SET {string.Join(", ", RevenueColumns.Conversion.Append(RevenueColumn.ImportedAt).Select(c => $"t.{Quote(c)} = s.{Quote(c)}"))}
        WHEN NOT MATCHED BY TARGET THEN
            INSERT ({Columns}, [ContentHash])
            VALUES ({string.Join(", ", RevenueColumns.All.Select(c => "s." + Quote(c)))}, s.[ContentHash])
        OUTPUT $action, s.[RowIndex], deleted.[ContentHash];
        """;

    /// <summary>The keys one import brought: a session temp table, gone when the connection closes.</summary>
    public static readonly string CreateRunKeys = $"""
        DROP TABLE IF EXISTS {RunKeys};
        CREATE TABLE {RunKeys} (
            [Source] nvarchar(8) COLLATE DATABASE_DEFAULT NOT NULL,
            [SaleKey] nvarchar(200) COLLATE DATABASE_DEFAULT NOT NULL,
            PRIMARY KEY ([Source], [SaleKey])
        );
        """;

    public static readonly string RememberStagedKeys = $"""
        INSERT INTO {RunKeys} ([Source], [SaleKey])
        SELECT s.[Source], s.[SaleKey] FROM {Staging} AS s
        WHERE NOT EXISTS (SELECT 1 FROM {RunKeys} AS k WHERE k.[Source] = s.[Source] AND k.[SaleKey] = s.[SaleKey]);
        """;

    // Stored rows of one scope that this import did not bring again and that are older than the import (a row written
    // since belongs to another importer). @ItemTypes is a JSON array of lower-case types, or NULL for every type.
    private static readonly string StaleFilter = $"""
        WHERE r.[Source] = @Source AND r.[BandId] = @BandId
          AND (@MemberBandId IS NULL OR r.[MemberBandId] = @MemberBandId)
          AND r.[SaleDate] >= @Start AND r.[SaleDate] < @End
          AND (@ItemTypes IS NULL OR LOWER(r.[ItemType]) IN (SELECT [value] FROM OPENJSON(@ItemTypes)))
          AND r.[ImportedAt] < @StartedAt
          AND NOT EXISTS (SELECT 1 FROM {RunKeys} AS k WHERE k.[Source] = r.[Source] AND k.[SaleKey] = r.[SaleKey])
        """;

    public static readonly string CountStale = $"SELECT COUNT_BIG(*) FROM {Table} AS r\n{StaleFilter};";

    public static readonly string DeleteStale = $"DELETE r FROM {Table} AS r\n{StaleFilter};";

    /// <summary>For a run without -Currency: the stored conversion of staged rows whose Bandcamp values changed.</summary>
    public static readonly string StoredConversionsOfChanged = $"""
        SELECT s.[RowIndex], t.[ReportingCurrency], t.[ExchangeRate], t.[ExchangeRateDate]
        FROM {Staging} AS s
        JOIN {Table} AS t ON t.[Source] = s.[Source] AND t.[SaleKey] = s.[SaleKey]
        WHERE t.[ContentHash] <> s.[ContentHash] AND s.[ReportingCurrency] IS NULL AND t.[ReportingCurrency] IS NOT NULL;
        """;

    public const string ReadSetting = "SELECT [Value] FROM dbo.BandcampSettings WHERE [Name] = @Name;";

    /// <summary>Records a setting unless it is there, then reads it; runs under the import lock, so claims take turns.</summary>
    public const string ClaimSetting = """
        IF NOT EXISTS (SELECT 1 FROM dbo.BandcampSettings WHERE [Name] = @Name)
            INSERT INTO dbo.BandcampSettings ([Name], [Value]) VALUES (@Name, @Value);
        SELECT [Value] FROM dbo.BandcampSettings WHERE [Name] = @Name;
        """;

    public const string ReadWatermark = "SELECT [SinceUtc], [CompleteThroughUtc] FROM dbo.BandcampSyncState WHERE [Source] = @Source AND [BandId] = @BandId;";

    public const string SaveWatermark = """
        UPDATE dbo.BandcampSyncState WITH (UPDLOCK, SERIALIZABLE)
        SET [SinceUtc] = @SinceUtc, [CompleteThroughUtc] = @CompleteThroughUtc, [UpdatedAt] = @UpdatedAt
        WHERE [Source] = @Source AND [BandId] = @BandId;
        IF @@ROWCOUNT = 0
            INSERT INTO dbo.BandcampSyncState ([Source], [BandId], [SinceUtc], [CompleteThroughUtc], [UpdatedAt])
            VALUES (@Source, @BandId, @SinceUtc, @CompleteThroughUtc, @UpdatedAt);
        """;

    public static readonly string HashRewritePage = $"SELECT TOP ({ContentHashRewrite.PageSize}) {Columns}, [Id] FROM {Table} WHERE [Id] > @After ORDER BY [Id];";

    public static readonly string HashRewrite = $"UPDATE {Table} SET [ContentHash] = @ContentHash WHERE [Id] = @Id;";

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
        SELECT s.[RowIndex], t.[ContentHash]
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
        yield return (nameof(CreateRunKeys), CreateRunKeys);
        yield return (nameof(RememberStagedKeys), RememberStagedKeys);
        yield return (nameof(CountStale), CountStale);
        yield return (nameof(DeleteStale), DeleteStale);
        yield return (nameof(StoredConversionsOfChanged), StoredConversionsOfChanged);
        yield return (nameof(ReadSetting), ReadSetting);
        yield return (nameof(ClaimSetting), ClaimSetting);
        yield return (nameof(ReadWatermark), ReadWatermark);
        yield return (nameof(SaveWatermark), SaveWatermark);
        yield return (nameof(HashRewritePage), HashRewritePage);
        yield return (nameof(HashRewrite), HashRewrite);
    }

    /// <summary>A column of a changed row: Bandcamp's from the staged row; the conversion kept when the staged row has none.</summary>
    private static string UpdateFromStaging(RevenueColumn column) => RevenueColumns.Conversion.Contains(column)
        ? $"t.{Quote(column)} = CASE WHEN s.[ReportingCurrency] IS NULL THEN t.{Quote(column)} ELSE s.{Quote(column)} END"
        : $"t.{Quote(column)} = s.{Quote(column)}";

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
