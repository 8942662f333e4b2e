using BandcampPS.Engine.Storage;
using BandcampPS.Engine.Storage.SqlServer;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace BandcampPS.Engine.Tests.Storage;

/// <summary>No SQL Server runs in CI: every text the store can send is parsed by SQL Server's own parser.</summary>
public class SqlServerStatementsTests
{
    public static TheoryData<string> StatementNames() => [.. SqlServerStatements.All().Select(s => s.Name)];

    [Theory, MemberData(nameof(StatementNames))]
    public void Every_fixed_statement_parses_as_TSql160(string name) =>
        AssertParses(name, SqlServerStatements.All().Single(s => s.Name == name).Sql);

    [Fact]
    public void The_summary_statement_of_every_grouping_parses_as_TSql160()
    {
        var groupings = Enum.GetValues<RevenueGroupBy>();
        var texts = new HashSet<string>();
        for (var mask = 0; mask < 1 << groupings.Length; mask++)
        {
            var subset = groupings.Where((_, bit) => (mask & (1 << bit)) != 0);
            texts.Add(SqlServerStatements.Summary(SummaryShape.Keys(subset)));
        }

        Assert.True(texts.Count > 500, $"only {texts.Count} distinct summary texts");
        Parallel.ForEach(texts, sql => AssertParses("Summary", sql));
    }

    [Fact]
    public void The_migrated_table_has_every_column_the_store_writes_with_the_type_it_writes()
    {
        var sql = string.Concat(SqlServerSchema.Migrations.SelectMany(m => m.Statements));
        var created = CreatedTables(sql).Single(t => t.SchemaObjectName.BaseIdentifier.Value == "BandcampRevenue");
        var added = new AddedColumnCollector();
        Parse(sql, out _).Accept(added);

        var columns = Describe(created.Definition.ColumnDefinitions.Concat(added.Found));

        Assert.Equal(ExpectedColumns().Prepend(("Id", "bigint", false)).OrderBy(c => c.Item1, StringComparer.Ordinal), columns.OrderBy(c => c.Name, StringComparer.Ordinal));
    }

    [Fact]
    public void The_staging_table_matches_the_target_and_takes_the_database_collation()
    {
        var staging = CreatedTables(SqlServerStatements.CreateStaging).Single();

        Assert.Equal(ExpectedColumns().Prepend(("RowIndex", "int", false)), Describe(staging));
        Assert.All(
            staging.Definition.ColumnDefinitions.Where(c => c.DataType.Name.BaseIdentifier.Value == "nvarchar"),
            c => Assert.Equal("DATABASE_DEFAULT", c.Collation?.Value));
    }

    [Fact]
    public void The_target_shows_server_and_database_but_never_the_password()
    {
        var store = new SqlServerRevenueStore("Server=tcp:db.example,1433;Database=Revenue;User ID=label;Password=S3cret-Pa55;Encrypt=True");

        Assert.Equal("tcp:db.example,1433/Revenue", store.Target);
        Assert.DoesNotContain("S3cret", store.ToString());
    }

    [Fact]
    public void A_bad_connection_string_is_reported_without_its_secret()
    {
        var error = Assert.Throws<ArgumentException>(() => new SqlServerRevenueStore("Server=db;Password=S3cret-Pa55;Bogus Key=1"));

        Assert.Contains("bogus key", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("S3cret", error.ToString());
    }

    private static IEnumerable<(string Name, string Type, bool Nullable)> ExpectedColumns() =>
        RevenueColumns.All
            .Select(c => (RevenueColumns.Name(c), SqlServerSchema.TypeOf(c), RevenueColumns.IsNullable(c)))
            .Append(("ContentHash", "binary(16)", false));

    private static IEnumerable<(string Name, string Type, bool Nullable)> Describe(CreateTableStatement table) =>
        Describe(table.Definition.ColumnDefinitions);

    private static IEnumerable<(string Name, string Type, bool Nullable)> Describe(IEnumerable<ColumnDefinition> columns) =>
        columns
            .Select(c => (Name: c.ColumnIdentifier.Value, Type: TypeName(c.DataType), Nullable: c.Constraints.OfType<NullableConstraintDefinition>().Single().Nullable))
            .OrderBy(c => c.Name == "ContentHash" ? 1 : 0); // the target keeps ContentHash beside the key, the list keeps it last

    private static string TypeName(DataTypeReference type)
    {
        var name = type.Name.BaseIdentifier.Value.ToLowerInvariant();
        var parameters = ((ParameterizedDataTypeReference)type).Parameters;
        return parameters.Count == 0 ? name : $"{name}({string.Join(",", parameters.Select(p => p.Value.ToLowerInvariant()))})";
    }

    private static List<CreateTableStatement> CreatedTables(string sql)
    {
        var tables = new CreateTableCollector();
        Parse(sql, out var errors).Accept(tables);
        Assert.Empty(errors);
        return tables.Found;
    }

    private static void AssertParses(string name, string sql)
    {
        Parse(sql, out var errors);
        Assert.True(errors.Count == 0, $"{name}: {string.Join("; ", errors.Select(e => $"line {e.Line}: {e.Message}"))}\n{sql}");
    }

    private static TSqlFragment Parse(string sql, out IList<ParseError> errors) =>
        new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(sql), out errors);

    /// <summary>Columns a later migration adds to BandcampRevenue with ALTER TABLE ... ADD.</summary>
    private sealed class AddedColumnCollector : TSqlFragmentVisitor
    {
        public List<ColumnDefinition> Found { get; } = [];

        public override void Visit(AlterTableAddTableElementStatement node)
        {
            if (node.SchemaObjectName.BaseIdentifier.Value == "BandcampRevenue") Found.AddRange(node.Definition.ColumnDefinitions);
        }
    }

    private sealed class CreateTableCollector : TSqlFragmentVisitor
    {
        public List<CreateTableStatement> Found { get; } = [];

        public override void Visit(CreateTableStatement node) => Found.Add(node);
    }
}
