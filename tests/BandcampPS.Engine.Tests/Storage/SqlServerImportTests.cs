using System.Data;
using BandcampPS.Engine.Storage;
using BandcampPS.Engine.Storage.SqlServer;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace BandcampPS.Engine.Tests.Storage;

/// <summary>The parts of the SQL Server import that need no server: the bulk-copy table and reading the MERGE's output.</summary>
public class SqlServerImportTests
{
    private static readonly RevenueRow A = SampleSales.Row(1);
    private static readonly RevenueRow AChanged = A with { NetAmount = 1m };
    private static readonly RevenueRow B = SampleSales.Row(2);

    [Fact]
    public void Rows_the_MERGE_did_not_report_were_already_present()
    {
        var rows = PreparedRow.PrepareBatch([A, B], false);

        Assert.Equal([RowOutcome.AlreadyPresent, RowOutcome.AlreadyPresent], SqlServerRevenueImport.OutcomesOfMerge(rows, [0, 1], []));
    }

    [Fact]
    public void Inserted_and_updated_keys_are_read_from_the_MERGE_output_and_earlier_rows_of_a_key_follow_in_order()
    {
        // Staged: the last row of each key (2 for A, 1 for B). The database held A with other content; B was new.
        var rows = PreparedRow.PrepareBatch([A, B, AChanged], false);
        var stored = PreparedRow.PrepareBatch([A with { NetAmount = 5m }], false)[0];
        MergedRow[] output = [new(1, null), new(2, new StoredRow(stored.ContentHash, null))];

        var outcomes = SqlServerRevenueImport.OutcomesOfMerge(rows, [1, 2], output);

        Assert.Equal([RowOutcome.Updated, RowOutcome.Inserted, RowOutcome.Updated], outcomes);
    }

    [Fact]
    public void A_key_written_back_to_what_it_held_counts_like_the_row_by_row_store_does()
    {
        // Empty database; the batch inserts A, changes it, repeats the change, changes it back (see the contract test).
        var rows = PreparedRow.PrepareBatch([A, AChanged, AChanged, A], false);

        var outcomes = SqlServerRevenueImport.OutcomesOfMerge(rows, [3], [new MergedRow(3, null)]);

        Assert.Equal([RowOutcome.Inserted, RowOutcome.Updated, RowOutcome.AlreadyPresent, RowOutcome.Updated], outcomes);
    }

    [Fact]
    public void The_bulk_copy_table_has_the_staging_tables_columns_by_name()
    {
        var staging = new StagingTable();
        var parsed = new TSql160Parser(true).Parse(new StringReader(SqlServerStatements.CreateStaging), out var errors);
        Assert.Empty(errors);
        var create = ((TSqlScript)parsed).Batches.SelectMany(b => b.Statements).OfType<CreateTableStatement>().Single();

        Assert.Equal(
            create.Definition.ColumnDefinitions.Select(c => c.ColumnIdentifier.Value),
            staging.Table.Columns.Cast<DataColumn>().Select(c => c.ColumnName));
    }

    [Fact]
    public void The_bulk_copy_table_holds_values_as_the_columns_take_them()
    {
        var importedAt = new DateTime(2024, 4, 1, 12, 0, 0, 999, DateTimeKind.Utc);
        var row = (A with { SaleDate = A.SaleDate.AddMilliseconds(700) }).WithConversion("USD", 1.1m, new DateOnly(2024, 3, 27), x => x);
        var rows = PreparedRow.PrepareBatch([B, row], false);
        var staging = new StagingTable();

        staging.Fill(rows, [1], importedAt);

        var staged = Assert.Single(staging.Table.Rows.Cast<DataRow>());
        Assert.Equal(1, staged["RowIndex"]);
        Assert.Equal("Api", staged["Source"]);
        Assert.Equal(A.SaleDate, staged["SaleDate"]);
        Assert.Equal(new DateTime(2024, 3, 27), staged["ExchangeRateDate"]);
        Assert.Equal(importedAt.AddMilliseconds(-999), staged["ImportedAt"]);
        Assert.Equal(10.0m, staged["ItemTotal"]);
        Assert.Equal(DBNull.Value, staged["BuyerEmail"]);
        Assert.Equal(ContentHasher.ToBytes(rows[1].ContentHash), staged["ContentHash"]);
    }
}
