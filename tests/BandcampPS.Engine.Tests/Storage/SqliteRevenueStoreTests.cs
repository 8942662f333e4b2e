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

        Assert.Equal(1L, SqliteFiles.Scalar(db.Location, """SELECT MAX("Version") FROM "BandcampSchemaVersion" """));
        Assert.Equal("wal", SqliteFiles.Scalar(db.Location, "PRAGMA journal_mode"));
        var columns = SqliteFiles.Scalar(db.Location, """SELECT group_concat(name, ',') FROM pragma_table_info('BandcampRevenue')""");
        var expected = RevenueColumns.All.Select(RevenueColumns.Name).Prepend("Id").Append("ContentHash").Order();
        Assert.Equal(expected, ((string)columns!).Split(',').Order());
    }

    [Fact]
    public async Task Opening_again_changes_nothing()
    {
        await using var db = await TestStore.CreateAsync(StoreKind.Sqlite);
        await db.Store.ImportAsync(SampleSales.Events(3));
        var before = SqliteFiles.Hash(db.Location);

        await using var again = await db.OpenAnotherAsync();

        Assert.Equal(before, SqliteFiles.Hash(db.Location));
    }

    [Fact]
    public async Task The_database_itself_refuses_a_second_row_with_the_same_source_and_key()
    {
        await using var db = await TestStore.CreateAsync(StoreKind.Sqlite);
        await db.Store.ImportAsync([SampleSales.Event(1)]);

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
        var rows = SampleSales.Events(3);
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
        var rows = SampleSales.Events(1000);
        await db.Store.ImportAsync(rows);
        var before = SqliteFiles.Hash(db.Location);

        Assert.Equal((0, 1000, 0), await db.Store.ImportAsync(rows, batchSize: 300));

        Assert.Equal(before, SqliteFiles.Hash(db.Location));
    }

    [Fact]
    public async Task A_dry_run_leaves_the_file_byte_for_byte_unchanged()
    {
        await using var db = await TestStore.CreateAsync(StoreKind.Sqlite);
        await db.Store.ImportAsync(SampleSales.Events(100));
        var before = SqliteFiles.Hash(db.Location);
        var rows = SampleSales.Events(100, 51).Select(r => r with { Shipping = 1m }).ToList();

        await using (var import = await db.Store.BeginImportAsync(new RevenueImportOptions { DryRun = true }, None))
        {
            Assert.Equal(100, await import.ClearAsync(new RevenueClearScope { Source = BandcampSaleSource.Api }, None));
            Assert.Equal(100, (await import.WriteBatchAsync(rows, None)).Inserted);
            await import.CommitAsync(None);
        }

        Assert.Equal(before, SqliteFiles.Hash(db.Location));
    }

    [Fact]
    public async Task Money_is_stored_as_invariant_text_that_keeps_its_scale()
    {
        await using var db = await TestStore.CreateAsync(StoreKind.Sqlite);
        await db.Store.ImportAsync([SampleSales.Event(1) with { ItemTotal = 10.50m, NetAmount = -0.0001m }]);

        Assert.Equal("text|10.50|-0.0001", SqliteFiles.Scalar(db.Location,
            """SELECT typeof("ItemTotal") || '|' || "ItemTotal" || '|' || "NetAmount" FROM "BandcampRevenue" """));
        Assert.Equal("10.50", Assert.Single(await db.Store.AllAsync()).ItemTotal!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_second_importer_waits_for_the_first_to_commit_instead_of_failing()
    {
        await using var db = await TestStore.CreateAsync(StoreKind.Sqlite);
        await using var other = await db.OpenAnotherAsync();
        await using var first = await db.Store.BeginImportAsync(new RevenueImportOptions { SingleTransaction = true }, None);
        await first.WriteBatchAsync(SampleSales.Events(10), None); // holds the write lock until commit

        // The second importer has its rows in hand (a signal, not a sleep) and goes on to write them while the first
        // holds the lock; had it failed instead of waiting, the await below would throw "database is locked".
        var rowsTaken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var second = Task.Run(() => other.ImportAsync(new Signalling(SampleSales.Events(10, 6), rowsTaken)));
        await rowsTaken.Task;
        await first.CommitAsync(None);

        Assert.Equal((5, 5, 0), await second);
        Assert.Equal(15, (await db.Store.AllAsync()).Count);
    }

    [Fact]
    public async Task Readers_see_committed_batches_and_are_never_blocked_by_a_running_import()
    {
        await using var db = await TestStore.CreateAsync(StoreKind.Sqlite);
        await using var import = await db.Store.BeginImportAsync(new RevenueImportOptions(), None);
        await import.WriteBatchAsync(SampleSales.Events(10), None);
        Assert.Equal(10L, SqliteFiles.Scalar(db.Location, "SELECT COUNT(*) FROM BandcampRevenue"));

        await using var open = await db.Store.BeginImportAsync(new RevenueImportOptions { SingleTransaction = true }, None);
        await open.WriteBatchAsync(SampleSales.Events(10, 11), None); // holds the write lock, uncommitted
        // The commit comes after this read: a reader blocked by the writer would fail with "database is locked".
        var read = Task.Run(() => SqliteFiles.Scalar(db.Location, "SELECT COUNT(*) FROM BandcampRevenue"));
        Assert.Equal(10L, await read);
        await open.CommitAsync(None);
        Assert.Equal(20L, SqliteFiles.Scalar(db.Location, "SELECT COUNT(*) FROM BandcampRevenue"));
    }

    [Fact]
    public async Task Opening_a_current_database_takes_no_write_lock_so_reports_run_during_an_import()
    {
        // Get-BandcampRevenue(Summary) opens the store before reading: that open must not queue behind the
        // nightly sync's write lock (30 s busy timeout, then "database is locked").
        await using var db = await TestStore.CreateAsync(StoreKind.Sqlite);
        await db.Store.ImportAsync(SampleSales.Events(10));
        await using var open = await db.Store.BeginImportAsync(new RevenueImportOptions { SingleTransaction = true }, None);
        await open.WriteBatchAsync(SampleSales.Events(10, 11), None); // holds the write lock, uncommitted

        var report = Task.Run(async () =>
        {
            await using var reader = await db.OpenAnotherAsync();
            var rows = 0;
            await foreach (var _ in reader.QueryAsync(new RevenueQuery(), None)) rows++;
            var total = Assert.Single(await reader.SummarizeAsync(new RevenueSummaryQuery(), None));
            return (rows, total.SaleCount);
        });

        // The commit comes after the report: an open that queued behind the write lock would fail after the busy timeout.
        Assert.Equal((10, 10L), await report);
        await open.CommitAsync(None);
    }

    [Fact]
    public async Task A_database_from_a_newer_BandcampPS_is_refused()
    {
        await using var db = await TestStore.CreateAsync(StoreKind.Sqlite);
        SqliteFiles.Scalar(db.Location, """INSERT INTO "BandcampSchemaVersion" VALUES (2, 'from the future', '2030-01-01 00:00:00')""");

        var error = await Assert.ThrowsAsync<RevenueStoreException>(() => db.OpenAnotherAsync());

        Assert.Equal(RevenueStoreException.DatabaseTooNew, error.ErrorId);
        Assert.Contains(db.Location, error.Message);
    }

    [Fact]
    public async Task The_store_must_be_opened_first()
    {
        await using var store = new SqliteRevenueStore(Path.Combine(Path.GetTempPath(), "never-created.db"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.BeginImportAsync(new RevenueImportOptions(), None));
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
        var saved = Environment.GetEnvironmentVariable(SqliteRevenueStore.DatabaseEnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(SqliteRevenueStore.DatabaseEnvironmentVariable, null);
            Assert.EndsWith(Path.Combine("BandcampPS", "revenue.db"), SqliteRevenueStore.DefaultDatabasePath());

            Environment.SetEnvironmentVariable(SqliteRevenueStore.DatabaseEnvironmentVariable, "/srv/label/revenue.db");
            Assert.Equal("/srv/label/revenue.db", SqliteRevenueStore.DefaultDatabasePath());
        }
        finally
        {
            Environment.SetEnvironmentVariable(SqliteRevenueStore.DatabaseEnvironmentVariable, saved);
        }
    }

    [UnixFact]
    public async Task A_folder_the_store_creates_is_private_to_its_owner()
    {
        var folder = Path.Combine(Path.GetTempPath(), "bandcampps-tests", Guid.NewGuid().ToString("n"));
        try
        {
            await using var store = new SqliteRevenueStore(Path.Combine(folder, "revenue.db"));
            await store.OpenAsync(None);

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
    private sealed class Signalling(IReadOnlyList<RevenueEvent> rows, TaskCompletionSource taken) : IReadOnlyList<RevenueEvent>
    {
        public RevenueEvent this[int index] => rows[index];

        public int Count => rows.Count;

        public IEnumerator<RevenueEvent> GetEnumerator()
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
