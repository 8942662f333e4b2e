using BandcampPS.Engine.Sales;
using BandcampPS.Engine.Storage;
using BandcampPS.Engine.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace BandcampPS.Engine.Tests.Storage;

public class SqliteRevenueStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Opening_creates_the_schema_in_WAL_mode_and_records_its_version()
    {
        await using var db = await TestStore.CreateAsync(StoreKind.Sqlite);

        Assert.Equal((long)SqliteSchema.Migrations.Count, SqliteFiles.Scalar(db.Location, """SELECT MAX("Version") FROM "BandcampSchemaVersion" """));
        Assert.Equal("wal", SqliteFiles.Scalar(db.Location, "PRAGMA journal_mode"));
        var columns = SqliteFiles.Scalar(db.Location, """SELECT group_concat(name, ',') FROM pragma_table_info('BandcampRevenue')""");
        var expected = RevenueColumns.All.Select(RevenueColumns.Name).Prepend("Id").Append("ContentHash").Order();
        Assert.Equal(expected, ((string)columns!).Split(',').Order());
    }

    [Fact]
    public async Task Opening_again_changes_nothing()
    {
        await using var db = await TestStore.CreateAsync(StoreKind.Sqlite);
        await db.Store.ImportAsync(SampleSales.Rows(3));
        var before = SqliteFiles.Hash(db.Location);

        await using var again = await db.OpenAnotherAsync();

        Assert.Equal(before, SqliteFiles.Hash(db.Location));
    }

    [Fact]
    public async Task The_database_itself_refuses_a_second_row_with_the_same_source_and_key()
    {
        await using var db = await TestStore.CreateAsync(StoreKind.Sqlite);
        await db.Store.ImportAsync([SampleSales.Row(1)]);

        var error = Assert.Throws<SqliteException>(() => SqliteFiles.Scalar(db.Location, """
            INSERT INTO "BandcampRevenue" ("Source", "SaleKey", "ContentHash", "BandId", "TransactionId", "SaleDate", "ItemType", "Currency", "ImportedAt")
            VALUES ('Api', 'item:1', x'00', 1, 't', '2024-01-01 00:00:00', 'album', 'EUR', '2024-01-01 00:00:00')
            """));
        Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT
    }

    [Fact]
    public async Task A_damaged_stored_hash_makes_its_row_updated_and_repaired_not_the_import_fail()
    {
        await using var db = await TestStore.CreateAsync(StoreKind.Sqlite);
        var rows = SampleSales.Rows(3);
        await db.Store.ImportAsync(rows);
        SqliteFiles.Scalar(db.Location, """UPDATE "BandcampRevenue" SET "ContentHash" = x'01' WHERE "SaleKey" = 'item:2'""");

        Assert.Equal((0, 2, 1), await db.Store.ImportAsync(rows));
        Assert.Equal((0, 3, 0), await db.Store.ImportAsync(rows));
        Assert.Equal(16L, SqliteFiles.Scalar(db.Location, """SELECT length("ContentHash") FROM "BandcampRevenue" WHERE "SaleKey" = 'item:2'"""));
    }

    [Fact]
    public async Task An_identical_reimport_leaves_the_file_byte_for_byte_unchanged()
    {
        await using var db = await TestStore.CreateAsync(StoreKind.Sqlite);
        var rows = SampleSales.Rows(1000);
        await db.Store.ImportAsync(rows);
        var before = SqliteFiles.Hash(db.Location);

        Assert.Equal((0, 1000, 0), await db.Store.ImportAsync(rows, batchSize: 300));

        Assert.Equal(before, SqliteFiles.Hash(db.Location));
    }

    [Fact]
    public async Task A_dry_run_leaves_the_file_byte_for_byte_unchanged()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2024, 4, 1, 12, 0, 0, TimeSpan.Zero));
        await using var db = await TestStore.CreateAsync(StoreKind.Sqlite, clock);
        await db.Store.ImportAsync(SampleSales.Rows(100));
        var before = SqliteFiles.Hash(db.Location);
        var rows = SampleSales.Rows(100, 51).Select(r => r with { Shipping = 1m }).ToList();
        clock.Advance(TimeSpan.FromMinutes(1));

        await using (var dry = new SqliteRevenueStore(db.Location, clock))
        {
            await dry.OpenAsync(StoreAccess.ReadOnly, None);
            await using var import = await dry.BeginImportAsync(new StoreImportOptions { DryRun = true, RememberKeys = true }, None);
            Assert.Equal(50, (await import.WriteBatchAsync(rows, None)).Inserted);
            Assert.Equal(50, await import.CountStaleAsync([new RevenueClearScope { Source = BandcampSaleSource.Api, BandId = 3000000001, StartUtc = DateTime.MinValue, EndUtc = DateTime.MaxValue }], None));
        }

        Assert.Equal(before, SqliteFiles.Hash(db.Location));
    }

    [Theory]
    [InlineData("delete")]
    [InlineData("wal")]
    public async Task A_dry_run_leaves_the_database_its_journal_mode_and_its_folder_exactly_as_they_were(string journalMode)
    {
        await using var db = await TestStore.CreateAsync(StoreKind.Sqlite);
        await db.Store.ImportAsync(SampleSales.Rows(20));
        SqliteFiles.Hash(db.Location); // fold the WAL in
        SqliteFiles.Scalar(db.Location, $"PRAGMA journal_mode = {journalMode}");
        SqliteConnection.ClearAllPools();
        var folder = Path.GetDirectoryName(db.Location)!;
        var files = Snapshot(folder);

        await using (var dry = new SqliteRevenueStore(db.Location))
        {
            await dry.OpenAsync(StoreAccess.ReadOnly, None);
            await using var import = await dry.BeginImportAsync(new StoreImportOptions { DryRun = true, RememberKeys = true }, None);
            Assert.Equal((10, 10), ((await import.WriteBatchAsync(SampleSales.Rows(20, 11), None)).Inserted, 20 - 10));
        }

        Assert.Equal(files, Snapshot(folder));
        Assert.Equal(journalMode, SqliteFiles.Scalar(db.Location, "PRAGMA journal_mode"));
    }

    [Fact]
    public async Task A_dry_run_on_a_database_that_does_not_exist_creates_no_folder_and_no_file_and_reports_every_row_new()
    {
        var folder = Path.Combine(Path.GetTempPath(), "bandcampps-tests", Guid.NewGuid().ToString("n"), "not-yet");
        await using var dry = new SqliteRevenueStore(Path.Combine(folder, "revenue.db"));
        await dry.OpenAsync(StoreAccess.ReadOnly, None);

        await using (var import = await dry.BeginImportAsync(new StoreImportOptions { DryRun = true, RememberKeys = true }, None))
            Assert.Equal(5, (await import.WriteBatchAsync(SampleSales.Rows(5), None)).Inserted);
        Assert.Null(await dry.GetLatestSaleDateAsync(BandcampSaleSource.Api, null, None));
        Assert.Null(await dry.GetSyncWatermarkAsync(BandcampSaleSource.Api, 1, None));

        Assert.False(Directory.Exists(Path.GetDirectoryName(folder)));
    }

    [Fact]
    public async Task A_dry_run_on_an_older_schema_counts_as_the_upgraded_database_would_and_leaves_the_file_alone()
    {
        var folder = Path.Combine(Path.GetTempPath(), "bandcampps-tests", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "old.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var transaction = connection.BeginTransaction();
            await new SchemaMigrator(SqliteSchema.Dialect, [SqliteSchema.Migrations[0]]).MigrateAsync(connection, transaction, path, None);
            transaction.Commit();
        }
        var before = SqliteFiles.Hash(path);
        var files = Snapshot(folder);
        try
        {
            await using (var dry = new SqliteRevenueStore(path))
            {
                await dry.OpenAsync(StoreAccess.ReadOnly, None);
                await using var import = await dry.BeginImportAsync(new StoreImportOptions { DryRun = true }, None);
                Assert.Equal(3, (await import.WriteBatchAsync(SampleSales.Rows(3), None)).Inserted);
            }
            Assert.Equal(before, SqliteFiles.Hash(path));
            Assert.Equal(files, Snapshot(folder));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [UnixFact]
    public async Task A_new_database_file_is_readable_by_its_owner_only()
    {
        await using var db = await TestStore.CreateAsync(StoreKind.Sqlite);
        await db.Store.ImportAsync(SampleSales.Rows(1));

#pragma warning disable CA1416 // [UnixFact] skips this on Windows
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(db.Location));
#pragma warning restore CA1416
    }

    private static string Snapshot(string folder) => string.Join("\n", Directory.GetFiles(folder).Order()
        .Select(f => $"{Path.GetFileName(f)} {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))}"));

    [Fact]
    public async Task Money_is_stored_as_invariant_text_that_keeps_its_scale()
    {
        await using var db = await TestStore.CreateAsync(StoreKind.Sqlite);
        await db.Store.ImportAsync([SampleSales.Row(1) with { ItemTotal = 10.50m, NetAmount = -0.0001m }]);

        Assert.Equal("text|10.50|-0.0001", SqliteFiles.Scalar(db.Location,
            """SELECT typeof("ItemTotal") || '|' || "ItemTotal" || '|' || "NetAmount" FROM "BandcampRevenue" """));
        Assert.Equal("10.50", Assert.Single(await db.Store.AllAsync()).ItemTotal!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Another process in the middle of a write: holds SQLite's write lock with one uncommitted row.</summary>
    private static SqliteTransaction HoldWriteLock(SqliteConnection connection)
    {
        connection.Open();
        var transaction = connection.BeginTransaction(deferred: false); // BEGIN IMMEDIATE
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO "BandcampRevenue" ("Source", "SaleKey", "ContentHash", "BandId", "TransactionId", "SaleDate", "ItemType", "Currency", "ImportedAt")
            VALUES ('Api', 'item:999', x'00', 1, 't', '2024-01-01 00:00:00', 'album', 'EUR', '2024-01-01 00:00:00')
            """;
        insert.ExecuteNonQuery();
        return transaction;
    }

    [Fact]
    public async Task A_second_importer_waits_for_a_writer_instead_of_failing()
    {
        await using var db = await TestStore.CreateAsync(StoreKind.Sqlite);
        await using var other = await db.OpenAnotherAsync();
        using var writer = new SqliteConnection($"Data Source={db.Location};Pooling=False");
        var held = HoldWriteLock(writer);
        await using var import = await other.BeginImportAsync(new StoreImportOptions(), None);

        // The importer has its rows in hand (a signal, not a sleep) and goes on to write them while the lock is held;
        // had it failed instead of waiting, the await below would throw "database is locked".
        var rowsTaken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var write = Task.Run(() => import.WriteBatchAsync(new Signalling(SampleSales.Rows(10), rowsTaken), None));
        await rowsTaken.Task;
        held.Commit();

        Assert.Equal(10, (await write).Inserted);
        Assert.Equal(11, (await db.Store.AllAsync()).Count);
    }

    [Fact]
    public async Task Readers_see_committed_batches_and_are_never_blocked_by_a_writer()
    {
        await using var db = await TestStore.CreateAsync(StoreKind.Sqlite);
        await using (var import = await db.Store.BeginImportAsync(new StoreImportOptions(), None))
            await import.WriteBatchAsync(SampleSales.Rows(10), None);
        Assert.Equal(10L, SqliteFiles.Scalar(db.Location, "SELECT COUNT(*) FROM BandcampRevenue"));

        using var writer = new SqliteConnection($"Data Source={db.Location};Pooling=False");
        var held = HoldWriteLock(writer);
        Assert.Equal(10L, SqliteFiles.Scalar(db.Location, "SELECT COUNT(*) FROM BandcampRevenue")); // would throw "locked" if it waited
        held.Commit();
        Assert.Equal(11L, SqliteFiles.Scalar(db.Location, "SELECT COUNT(*) FROM BandcampRevenue"));
    }

    [Fact]
    public async Task Opening_a_current_database_takes_no_write_lock_so_reports_run_during_an_import()
    {
        // Get-BandcampRevenue(Summary) opens the store before reading: that open must not queue behind the
        // nightly sync's write lock (30 s busy timeout, then "database is locked").
        await using var db = await TestStore.CreateAsync(StoreKind.Sqlite);
        await db.Store.ImportAsync(SampleSales.Rows(10));
        using var writer = new SqliteConnection($"Data Source={db.Location};Pooling=False");
        using var held = HoldWriteLock(writer);

        await using var reader = await db.OpenAnotherAsync();
        var rows = 0;
        await foreach (var _ in reader.QueryAsync(new RevenueQuery(), None)) rows++;
        var total = Assert.Single(await reader.SummarizeAsync(new RevenueSummaryQuery(), None));

        Assert.Equal((10, 10L), (rows, total.SaleCount));
    }

    [Fact]
    public async Task A_database_from_a_newer_BandcampPS_is_refused()
    {
        await using var db = await TestStore.CreateAsync(StoreKind.Sqlite);
        SqliteFiles.Scalar(db.Location, $"""INSERT INTO "BandcampSchemaVersion" VALUES ({SqliteSchema.Migrations.Count + 1}, 'from the future', '2030-01-01 00:00:00')""");

        var error = await Assert.ThrowsAsync<RevenueStoreException>(() => db.OpenAnotherAsync());

        Assert.Equal(RevenueStoreException.DatabaseTooNew, error.ErrorId);
        Assert.Contains(db.Location, error.Message);
    }

    [Fact]
    public async Task The_store_must_be_opened_first()
    {
        await using var store = new SqliteRevenueStore(Path.Combine(Path.GetTempPath(), "never-created.db"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.BeginImportAsync(new StoreImportOptions(), None));
    }

    [Fact]
    public void The_target_is_the_full_path_of_the_file()
    {
        var store = new SqliteRevenueStore(Path.Combine("relative", "revenue.db"));

        Assert.Equal(Path.GetFullPath(Path.Combine("relative", "revenue.db")), store.Target);
    }

    [Fact]
    public void The_default_path_is_under_local_application_data_unless_the_environment_says_otherwise()
    {
        var saved = Environment.GetEnvironmentVariable(BandcampEnvironment.DatabaseVariable);
        try
        {
            Environment.SetEnvironmentVariable(BandcampEnvironment.DatabaseVariable, null);
            Assert.EndsWith(Path.Combine("BandcampPS", "revenue.db"), SqliteRevenueStore.DefaultDatabasePath());

            Environment.SetEnvironmentVariable(BandcampEnvironment.DatabaseVariable, "/srv/label/revenue.db");
            Assert.Equal("/srv/label/revenue.db", SqliteRevenueStore.DefaultDatabasePath());
        }
        finally
        {
            Environment.SetEnvironmentVariable(BandcampEnvironment.DatabaseVariable, saved);
        }
    }

    [UnixFact]
    public async Task A_folder_the_store_creates_is_private_to_its_owner()
    {
        var folder = Path.Combine(Path.GetTempPath(), "bandcampps-tests", Guid.NewGuid().ToString("n"));
        try
        {
            await using var store = new SqliteRevenueStore(Path.Combine(folder, "revenue.db"));
            await store.OpenAsync(StoreAccess.ReadWrite, None);

#pragma warning disable CA1416 // [UnixFact] skips this on Windows
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
#pragma warning restore CA1416
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The rows as given; <paramref name="taken"/> completes once the last has been handed out, right before they are written.</summary>
    private sealed class Signalling(IReadOnlyList<RevenueRow> rows, TaskCompletionSource taken) : IReadOnlyList<RevenueRow>
    {
        public RevenueRow this[int index]
        {
            get
            {
                if (index == rows.Count - 1) taken.TrySetResult();
                return rows[index];
            }
        }

        public int Count => rows.Count;

        public IEnumerator<RevenueRow> GetEnumerator()
        {
            foreach (var row in rows) yield return row;
            taken.TrySetResult();
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

/// <summary>A fact about Unix file modes: skipped on Windows.</summary>
public sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute() => Skip = OperatingSystem.IsWindows() ? "Unix file modes only" : null;
}
