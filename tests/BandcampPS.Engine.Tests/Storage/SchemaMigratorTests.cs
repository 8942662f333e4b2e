using BandcampPS.Engine.Storage;
using BandcampPS.Engine.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace BandcampPS.Engine.Tests.Storage;

/// <summary>The migration runner, on real SQLite files, with a made-up version 2 of the schema.</summary>
public sealed class SchemaMigratorTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bandcampps-tests", Guid.NewGuid().ToString("n"));

    private static readonly SchemaMigration FakeV2 = new(2, "Add a Label column", [
        """ALTER TABLE "BandcampRevenue" ADD COLUMN "Label" TEXT""",
        """UPDATE "BandcampRevenue" SET "Label" = 'Example Records'""",
    ]);

    public SchemaMigratorTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_new_database_gets_every_migration_in_order()
    {
        await using var connection = Open("new.db");

        var before = await MigrateAsync(connection, [.. SqliteSchema.Migrations, FakeV2]);

        Assert.Equal(0, before);
        Assert.Equal("1,2", Scalar(connection, """SELECT group_concat("Version", ',') FROM "BandcampSchemaVersion" """));
    }

    [Fact]
    public async Task A_version_1_database_opened_by_newer_code_is_migrated_and_keeps_its_rows()
    {
        var path = Path.Combine(_folder, "v1.db");
        await using (var store = new SqliteRevenueStore(path))
        {
            await store.OpenAsync(None);
            await store.ImportAsync(SampleSales.Events(3));
        }
        await using var connection = Open("v1.db");

        var before = await MigrateAsync(connection, [.. SqliteSchema.Migrations, FakeV2]);

        Assert.Equal(1, before);
        Assert.Equal(2L, Scalar(connection, """SELECT MAX("Version") FROM "BandcampSchemaVersion" """));
        Assert.Equal(3L, Scalar(connection, """SELECT COUNT(*) FROM "BandcampRevenue" WHERE "Label" = 'Example Records'"""));
    }

    [Fact]
    public async Task Migrating_an_up_to_date_database_does_nothing()
    {
        await using var connection = Open("current.db");
        await MigrateAsync(connection, [.. SqliteSchema.Migrations, FakeV2]);

        Assert.Equal(2, await MigrateAsync(connection, [.. SqliteSchema.Migrations, FakeV2]));
        Assert.Equal(2L, Scalar(connection, """SELECT COUNT(*) FROM "BandcampSchemaVersion" """));
    }

    [Fact]
    public async Task A_failing_step_leaves_the_database_at_its_previous_version()
    {
        await using var connection = Open("failing.db");
        await MigrateAsync(connection, SqliteSchema.Migrations.ToList());
        var broken = FakeV2 with { Statements = [.. FakeV2.Statements, "SELECT no_such_function()"] };

        await Assert.ThrowsAsync<SqliteException>(() => MigrateAsync(connection, [.. SqliteSchema.Migrations, broken]));

        Assert.Equal(1L, Scalar(connection, """SELECT MAX("Version") FROM "BandcampSchemaVersion" """));
        Assert.Equal(0L, Scalar(connection, """SELECT COUNT(*) FROM pragma_table_info('BandcampRevenue') WHERE name = 'Label'"""));
    }

    [Fact]
    public async Task A_database_newer_than_the_code_is_refused()
    {
        await using var connection = Open("newer.db");
        await MigrateAsync(connection, [.. SqliteSchema.Migrations, FakeV2]);

        var error = await Assert.ThrowsAsync<RevenueStoreException>(() => MigrateAsync(connection, SqliteSchema.Migrations.ToList()));

        Assert.Equal(RevenueStoreException.DatabaseTooNew, error.ErrorId);
    }

    [Fact]
    public async Task IsCurrent_is_false_for_a_missing_or_older_schema_true_for_the_newest_and_refuses_a_newer_one()
    {
        await using var connection = Open("check.db");
        var v1 = new SchemaMigrator(SqliteSchema.Dialect, SqliteSchema.Migrations.ToList());
        var v2 = new SchemaMigrator(SqliteSchema.Dialect, [.. SqliteSchema.Migrations, FakeV2]);

        Assert.False(await v1.IsCurrentAsync(connection, "check.db", None));
        Assert.Equal(0L, Scalar(connection, "SELECT COUNT(*) FROM sqlite_master")); // only read

        await MigrateAsync(connection, SqliteSchema.Migrations.ToList());
        Assert.True(await v1.IsCurrentAsync(connection, "check.db", None));
        Assert.False(await v2.IsCurrentAsync(connection, "check.db", None));

        await MigrateAsync(connection, [.. SqliteSchema.Migrations, FakeV2]);
        var error = await Assert.ThrowsAsync<RevenueStoreException>(() => v1.IsCurrentAsync(connection, "check.db", None));
        Assert.Equal(RevenueStoreException.DatabaseTooNew, error.ErrorId);
    }

    [Fact]
    public void Migrations_must_be_numbered_from_1_without_gaps() =>
        Assert.Throws<ArgumentException>(() => new SchemaMigrator(SqliteSchema.Dialect, [FakeV2]));

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
