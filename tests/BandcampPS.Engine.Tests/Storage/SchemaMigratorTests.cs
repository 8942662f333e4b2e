using BandcampPS.Engine.Storage;
using BandcampPS.Engine.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace BandcampPS.Engine.Tests.Storage;

/// <summary>The migration runner, on real SQLite files, with a made-up next version of the schema.</summary>
public sealed class SchemaMigratorTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bandcampps-tests", Guid.NewGuid().ToString("n"));

    private static readonly SchemaMigration FakeNext = new(SqliteSchema.Migrations.Count + 1, "Add a Label column", [
        """ALTER TABLE "BandcampRevenue" ADD COLUMN "Label" TEXT""",
        """UPDATE "BandcampRevenue" SET "Label" = 'Example Records'""",
    ]);

    public SchemaMigratorTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_new_database_gets_every_migration_in_order()
    {
        await using var connection = Open("new.db");

        var before = await MigrateAsync(connection, [.. SqliteSchema.Migrations, FakeNext]);

        Assert.Equal(0, before);
        Assert.Equal(string.Join(",", Enumerable.Range(1, SqliteSchema.Migrations.Count + 1)),
            Scalar(connection, """SELECT group_concat("Version", ',') FROM "BandcampSchemaVersion" """));
    }

    [Fact]
    public async Task A_current_database_opened_by_newer_code_is_migrated_and_keeps_its_rows()
    {
        var path = Path.Combine(_folder, "v1.db");
        await using (var store = new SqliteRevenueStore(path))
        {
            await store.OpenAsync(StoreAccess.ReadWrite, None);
            await store.ImportAsync(SampleSales.Rows(3));
        }
        await using var connection = Open("v1.db");

        var before = await MigrateAsync(connection, [.. SqliteSchema.Migrations, FakeNext]);

        Assert.Equal(SqliteSchema.Migrations.Count, before);
        Assert.Equal((long)SqliteSchema.Migrations.Count + 1, Scalar(connection, """SELECT MAX("Version") FROM "BandcampSchemaVersion" """));
        Assert.Equal(3L, Scalar(connection, """SELECT COUNT(*) FROM "BandcampRevenue" WHERE "Label" = 'Example Records'"""));
    }

    [Fact]
    public async Task Migrating_an_up_to_date_database_does_nothing()
    {
        await using var connection = Open("current.db");
        await MigrateAsync(connection, [.. SqliteSchema.Migrations, FakeNext]);

        Assert.Equal(SqliteSchema.Migrations.Count + 1, await MigrateAsync(connection, [.. SqliteSchema.Migrations, FakeNext]));
        Assert.Equal((long)SqliteSchema.Migrations.Count + 1, Scalar(connection, """SELECT COUNT(*) FROM "BandcampSchemaVersion" """));
    }

    [Fact]
    public async Task A_failing_step_leaves_the_database_at_its_previous_version()
    {
        await using var connection = Open("failing.db");
        await MigrateAsync(connection, SqliteSchema.Migrations.ToList());
        var broken = FakeNext with { Statements = [.. FakeNext.Statements, "SELECT no_such_function()"] };

        await Assert.ThrowsAsync<SqliteException>(() => MigrateAsync(connection, [.. SqliteSchema.Migrations, broken]));

        Assert.Equal((long)SqliteSchema.Migrations.Count, Scalar(connection, """SELECT MAX("Version") FROM "BandcampSchemaVersion" """));
        Assert.Equal(0L, Scalar(connection, """SELECT COUNT(*) FROM pragma_table_info('BandcampRevenue') WHERE name = 'Label'"""));
    }

    [Fact]
    public async Task A_database_newer_than_the_code_is_refused()
    {
        await using var connection = Open("newer.db");
        await MigrateAsync(connection, [.. SqliteSchema.Migrations, FakeNext]);

        var error = await Assert.ThrowsAsync<RevenueStoreException>(() => MigrateAsync(connection, SqliteSchema.Migrations.ToList()));

        Assert.Equal(RevenueStoreException.DatabaseTooNew, error.ErrorId);
    }

    [Fact]
    public async Task IsCurrent_is_false_for_a_missing_or_older_schema_true_for_the_newest_and_refuses_a_newer_one()
    {
        await using var connection = Open("check.db");
        var v1 = new SchemaMigrator(SqliteSchema.Dialect, SqliteSchema.Migrations.ToList());
        var v2 = new SchemaMigrator(SqliteSchema.Dialect, [.. SqliteSchema.Migrations, FakeNext]);

        Assert.False(await v1.IsCurrentAsync(connection, "check.db", None));
        Assert.Equal(0L, Scalar(connection, "SELECT COUNT(*) FROM sqlite_master")); // only read

        await MigrateAsync(connection, SqliteSchema.Migrations.ToList());
        Assert.True(await v1.IsCurrentAsync(connection, "check.db", None));
        Assert.False(await v2.IsCurrentAsync(connection, "check.db", None));

        await MigrateAsync(connection, [.. SqliteSchema.Migrations, FakeNext]);
        var error = await Assert.ThrowsAsync<RevenueStoreException>(() => v1.IsCurrentAsync(connection, "check.db", None));
        Assert.Equal(RevenueStoreException.DatabaseTooNew, error.ErrorId);
    }

    [Fact]
    public async Task Migration_2_rehashes_every_row_without_its_conversion_so_an_unchanged_reimport_counts_nothing_updated()
    {
        // A version-1 database: rows stored with a conversion and the old hash (version 1 hashed the conversion too).
        await using (var connection = Open("upgrade.db"))
            await MigrateAsync(connection, [SqliteSchema.Migrations[0]]);
        var path = Path.Combine(_folder, "upgrade.db");
        var rows = SampleSales.Rows(7000).Select(r => r.WithConversion("USD", 1.1m, new DateOnly(2024, 3, 27), a => a * 1.1m)).ToList();
        await using (var connection = Open("upgrade.db"))
            InsertIntoOlderTable(connection, rows);

        await using var store = new SqliteRevenueStore(path);
        await store.OpenAsync(StoreAccess.ReadWrite, None);

        Assert.Equal((0, 7000, 0), await store.ImportAsync(rows.Select(AsAnOlderReleaseStoredIt).ToList()));
        Assert.Equal("USD", (await store.AllAsync()).First().ReportingCurrency);
        await using var import = await store.BeginImportAsync(new StoreImportOptions(), None);
        Assert.Equal("USD", import.ReportingCurrency); // taken from the rows, which all agree
    }

    [Fact]
    public async Task Migration_3_keeps_every_row_and_a_reimport_fills_the_new_fields_once()
    {
        // A version-2 database, as the previous release left it: no PaidTo, DiscountCode, FeeType ... columns.
        await using (var connection = Open("v2.db"))
        {
            await MigrateAsync(connection, SqliteSchema.Migrations.Take(2).ToList(), rehash: false);
            InsertIntoOlderTable(connection, SampleSales.Rows(3));
        }
        await using var store = new SqliteRevenueStore(Path.Combine(_folder, "v2.db"));
        await store.OpenAsync(StoreAccess.ReadWrite, None);

        Assert.Equal((0, 3, 0), await store.ImportAsync(SampleSales.Rows(3).Select(AsAnOlderReleaseStoredIt).ToList())); // unchanged
        var withNewFields = SampleSales.Rows(3).Select(r => r with { PaidTo = "Stripe", FeeType = "stripe", DiscountCode = "SPRING" }).ToList();
        Assert.Equal((0, 0, 3), await store.ImportAsync(withNewFields));           // filled once, counted as updated
        Assert.Equal((0, 3, 0), await store.ImportAsync(withNewFields));           // then unchanged again
        Assert.All(await store.AllAsync(), row => Assert.Equal(("Stripe", "stripe", "SPRING"), (row.PaidTo, row.FeeType, row.DiscountCode)));
    }

    [Fact]
    public void Migrations_must_be_numbered_from_1_without_gaps() =>
        Assert.Throws<ArgumentException>(() => new SchemaMigrator(SqliteSchema.Dialect, [FakeNext]));

    private SqliteConnection Open(string name)
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(_folder, name)};Pooling=False");
        connection.Open();
        return connection;
    }

    /// <param name="rehash">
    /// False to leave an older schema as an older release left it: the rehash reads every column of today's table,
    /// which a database stopped at an older version does not have (the store always migrates to the newest).
    /// </param>
    private static async Task<int> MigrateAsync(SqliteConnection connection, List<SchemaMigration> migrations, bool rehash = true)
    {
        await using var transaction = connection.BeginTransaction(deferred: false);
        var dialect = rehash ? SqliteSchema.Dialect : SqliteSchema.Dialect with { RehashRows = (_, _, _) => Task.CompletedTask };
        var before = await new SchemaMigrator(dialect, migrations).MigrateAsync(connection, transaction, "test.db", None);
        await transaction.CommitAsync(None);
        return before;
    }

    /// <summary>The row without the fields schema 3 added, which an older release read and dropped.</summary>
    private static RevenueRow AsAnOlderReleaseStoredIt(RevenueRow row) => row with
    {
        PaidTo = null, DiscountCode = null, FeeType = null, PaypalTransactionId = null, ShipFromCountryName = null, ShipDate = null,
        ItemUrl = null, Referer = null, RefererUrl = null, RegionOrState = null, City = null, ShipNotes = null,
    };

    /// <summary>
    /// Rows written as an older release wrote them: only the columns its table has, the conversion too, and a hash
    /// that is not this version's (a migration that changes the hash must rewrite it).
    /// </summary>
    private static void InsertIntoOlderTable(SqliteConnection connection, IEnumerable<RevenueRow> rows)
    {
        var existing = new HashSet<string>();
        using (var columns = connection.CreateCommand())
        {
            columns.CommandText = "SELECT name FROM pragma_table_info('BandcampRevenue')";
            using var reader = columns.ExecuteReader();
            while (reader.Read()) existing.Add(reader.GetString(0));
        }
        var written = RevenueColumns.All.Where(c => existing.Contains(RevenueColumns.Name(c))).ToList();
        using var transaction = connection.BeginTransaction();
        foreach (var row in rows)
        {
            var values = RevenueColumns.Values(row with { ImportedAt = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc) });
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = $"""
                INSERT INTO "BandcampRevenue" ({string.Join(", ", written.Select(c => $"\"{RevenueColumns.Name(c)}\""))}, "ContentHash")
                VALUES ({string.Join(", ", written.Select(c => "@" + RevenueColumns.Name(c)))}, @ContentHash)
                """;
            foreach (var column in written)
                insert.Parameters.AddWithValue("@" + RevenueColumns.Name(column), SqliteValues.ToDb(values[(int)column]));
            insert.Parameters.AddWithValue("@ContentHash", new byte[16]);
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
