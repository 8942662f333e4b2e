using BandcampPS.Engine.Storage;
using BandcampPS.Engine.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace BandcampPS.Engine.Tests.Storage;

/// <summary>SQLite's failures carry the file and the fix, with an ErrorId of their own.</summary>
public sealed class SqliteErrorsTests : IDisposable
{
    private readonly string _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "bcps-sqlite-errors-" + Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Db => Path.Combine(_folder, "revenue.db");

    private static BandcampException Translate(int code, string path, int? extended = null, string sqliteText = "some failure") =>
        SqliteErrors.Translate(new SqliteException($"SQLite Error {code}: '{sqliteText}'.", code, extended ?? code), path);

    [Fact]
    public void Read_only_names_the_file_and_both_fixes()
    {
        var error = Translate(8, Db, sqliteText: "attempt to write a readonly database");

        Assert.Equal((BandcampErrorIds.DatabaseReadOnly, BandcampErrorKind.PermissionDenied), (error.ErrorId, error.Kind));
        Assert.StartsWith($"Cannot write to '{Db}': the file is read-only", error.Message);
        Assert.Contains("revenue.db-wal", error.Message);
        Assert.Contains("-Database", error.Message);
        Assert.Equal(Db, error.Target);
        Assert.IsType<SqliteException>(error.InnerException);
    }

    [Fact]
    public void A_read_only_folder_is_named_as_the_folder()
    {
        var error = Translate(8, Db, extended: 8 | (6 << 8));

        Assert.Contains($"its folder '{_folder}' is read-only", error.Message);
    }

    [Theory]
    [InlineData(5)] // SQLITE_BUSY
    [InlineData(6)] // SQLITE_LOCKED
    public void Locked_longer_than_the_busy_timeout_says_who_may_hold_it_and_to_run_again(int code)
    {
        var error = Translate(code, Db, sqliteText: "database is locked");

        Assert.Equal((BandcampErrorIds.DatabaseLocked, BandcampErrorKind.ResourceBusy), (error.ErrorId, error.Kind));
        Assert.Contains($"'{Db}' stayed locked", error.Message);
        Assert.Contains($"busy timeout ({SqliteRevenueStore.BusyTimeoutSeconds} s)", error.Message);
        Assert.Contains("Run again", error.Message);
    }

    [Fact]
    public void Not_a_database_and_damaged_are_invalid_data_with_what_to_do()
    {
        var notDb = Translate(26, Db, sqliteText: "file is not a database");
        var corrupt = Translate(11, Db, sqliteText: "database disk image is malformed");

        Assert.Equal(BandcampErrorIds.DatabaseInvalid, notDb.ErrorId);
        Assert.StartsWith($"'{Db}' is not a SQLite database", notDb.Message);
        Assert.Equal(BandcampErrorIds.DatabaseInvalid, corrupt.ErrorId);
        Assert.Contains("is damaged (SQLite: database disk image is malformed)", corrupt.Message);
        Assert.Contains("backup", corrupt.Message);
    }

    [Fact]
    public void A_full_disk_says_so_and_that_a_new_run_stores_what_is_missing()
    {
        var error = Translate(13, Db, sqliteText: "database or disk is full");

        Assert.Equal((BandcampErrorIds.DatabaseDiskFull, BandcampErrorKind.WriteError), (error.ErrorId, error.Kind));
        Assert.StartsWith($"The disk holding '{Db}' is full", error.Message);
    }

    [Fact]
    public void Cannot_open_is_explained_from_the_file_system()
    {
        var missingFolder = Path.Combine(_folder, "no-such-folder", "revenue.db");
        Assert.Contains($"its folder '{Path.Combine(_folder, "no-such-folder")}' does not exist", Translate(14, missingFolder).Message);
        Assert.Contains($"'{_folder}' is a folder, not a database file", Translate(14, _folder).Message);
        Assert.Contains($"the folder '{_folder}' is not writable", Translate(14, Db).Message);
        Assert.Equal(BandcampErrorIds.DatabaseCannotOpen, Translate(14, Db).ErrorId);
    }

    [Fact]
    public void Anything_else_keeps_sqlites_words_and_names_the_file()
    {
        var error = Translate(19, Db, sqliteText: "UNIQUE constraint failed");

        Assert.Equal(BandcampErrorIds.DatabaseError, error.ErrorId);
        Assert.Equal($"SQLite failed on '{Db}': UNIQUE constraint failed.", error.Message);
    }

    [Fact]
    public async Task Opening_a_file_that_is_not_a_database_names_it()
    {
        File.WriteAllText(Db, "Date,Amount\n2024-01-01,5.00\n" + new string('x', 4096));
        await using var store = new SqliteRevenueStore(Db);

        var error = await Assert.ThrowsAsync<BandcampException>(() => store.OpenAsync(StoreAccess.ReadWrite, default));

        Assert.Equal(BandcampErrorIds.DatabaseInvalid, error.ErrorId);
        Assert.Contains(Db, error.Message);
    }

    [Fact]
    public async Task Opening_a_folder_as_the_database_says_it_is_a_folder()
    {
        await using var store = new SqliteRevenueStore(_folder);

        var error = await Assert.ThrowsAsync<BandcampException>(() => store.OpenAsync(StoreAccess.ReadWrite, default));

        Assert.Equal(BandcampErrorIds.DatabaseCannotOpen, error.ErrorId);
        Assert.Contains("is a folder, not a database file", error.Message);
    }

    [Fact]
    public async Task A_folder_that_cannot_be_created_is_named_with_the_fix()
    {
        var file = Path.Combine(_folder, "a-file");
        File.WriteAllText(file, "");
        var path = Path.Combine(file, "revenue.db");
        await using var store = new SqliteRevenueStore(path);

        var error = await Assert.ThrowsAsync<BandcampException>(() => store.OpenAsync(StoreAccess.ReadWrite, default));

        Assert.Equal(BandcampErrorIds.DatabaseCannotOpen, error.ErrorId);
        Assert.StartsWith($"Cannot create the folder of the database '{path}'", error.Message);
    }

    [Fact]
    public async Task Reading_a_damaged_database_names_it_instead_of_sqlites_text_alone()
    {
        await using (var store = new SqliteRevenueStore(Db))
        {
            await store.OpenAsync(StoreAccess.ReadWrite, default);
            await store.ImportAsync(SampleSales.Rows(50));
        }
        SqliteFiles.Hash(Db); // folds the WAL into the file
        var bytes = File.ReadAllBytes(Db);
        for (var i = bytes.Length / 2; i < bytes.Length; i++) bytes[i] = 0; // the pages holding the rows
        File.WriteAllBytes(Db, bytes);

        await using var damaged = new SqliteRevenueStore(Db);
        var error = await Assert.ThrowsAsync<BandcampException>(async () =>
        {
            await damaged.OpenAsync(StoreAccess.ReadWrite, default);
            await foreach (var _ in damaged.QueryAsync(new RevenueQuery(), default)) { }
        });

        Assert.Equal(BandcampErrorIds.DatabaseInvalid, error.ErrorId);
        Assert.Contains(Db, error.Message);
    }
}
