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
            await store.ImportAsync(SampleSales.Events(3));
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
        var rows = SampleSales.Events(7000).Select(r => r.WithConversion("USD", 1.1m, new DateOnly(2024, 3, 27), a => a * 1.1m)).ToList();
        await using (var connection = Open("upgrade.db"))
        {
            foreach (var row in rows)
            {
                var values = RevenueColumns.Values(row with { ImportedAt = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc) });
                using var insert = connection.CreateCommand();
                insert.CommandText = SqliteStatements.Insert;
                foreach (var column in RevenueColumns.All)
                    insert.Parameters.AddWithValue("@" + RevenueColumns.Name(column), SqliteValues.ToDb(values[(int)column]));
                insert.Parameters.AddWithValue("@ContentHash", new byte[16]); // not this version's hash
                insert.ExecuteNonQuery();
            }
        }

        await using var store = new SqliteRevenueStore(path);
        await store.OpenAsync(StoreAccess.ReadWrite, None);

        Assert.Equal((0, 7000, 0), await store.ImportAsync(rows));
        Assert.Equal("USD", (await store.AllAsync()).First().ReportingCurrency);
        await using var import = await store.BeginImportAsync(new StoreImportOptions(), None);
        Assert.Equal("USD", import.ReportingCurrency); // taken from the rows, which all agree
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

    private static async Task<int> MigrateAsync(SqliteConnection connection, List<SchemaMigration> migrations)
    {
        await using var transaction = connection.BeginTransaction(deferred: false);
        var before = await new SchemaMigrator(SqliteSchema.Dialect, migrations).MigrateAsync(connection, transaction, "test.db", None);
        await transaction.CommitAsync(None);
        return before;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
