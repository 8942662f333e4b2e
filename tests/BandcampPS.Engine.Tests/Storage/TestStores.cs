using BandcampPS.Engine.Storage;
using BandcampPS.Engine.Storage.Sqlite;
using BandcampPS.Engine.Storage.SqlServer;
using Microsoft.Data.SqlClient;

namespace BandcampPS.Engine.Tests.Storage;

public enum StoreKind
{
    Sqlite,
    SqlServer,
}

/// <summary>
/// A fresh, opened store of either kind. SQLite: a file in its own temp folder, deleted afterwards.
/// SQL Server: the database in BANDCAMPPS_TEST_SQLSERVER, emptied first (use a throwaway database).
/// </summary>
internal sealed class TestStore : IAsyncDisposable
{
    private readonly string? _folder;

    private TestStore(StoreKind kind, string location, string? folder)
    {
        Kind = kind;
        Location = location;
        _folder = folder;
    }

    public StoreKind Kind { get; }

    /// <summary>The SQLite file path or the SQL Server connection string.</summary>
    public string Location { get; }

    public IRevenueStore Store { get; private set; } = null!;

    public static async Task<TestStore> CreateAsync(StoreKind kind, TimeProvider? clock = null)
    {
        TestStore test;
        if (kind == StoreKind.Sqlite)
        {
            var folder = Path.Combine(Path.GetTempPath(), "bandcampps-tests", Guid.NewGuid().ToString("n"));
            Directory.CreateDirectory(folder);
            test = new TestStore(kind, Path.Combine(folder, "revenue.db"), folder);
        }
        else
        {
            test = new TestStore(kind, SqlServerTestDatabase.ConnectionString
                ?? throw new InvalidOperationException($"{SqlServerTestDatabase.Variable} is not set."), folder: null);
        }
        test.Store = await test.OpenAnotherAsync(clock);
        if (kind == StoreKind.SqlServer)
            await SqlServerTestDatabase.EmptyAsync(test.Location);
        return test;
    }

    /// <summary>A second store object on the same database (another importer, another process).</summary>
    public async Task<IRevenueStore> OpenAnotherAsync(TimeProvider? clock = null)
    {
        IRevenueStore store = Kind == StoreKind.Sqlite
            ? new SqliteRevenueStore(Location, clock)
            : new SqlServerRevenueStore(Location, clock);
        await store.OpenAsync(StoreAccess.ReadWrite, CancellationToken.None);
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        if (_folder is not null)
            Directory.Delete(_folder, recursive: true);
    }
}

internal static class SqlServerTestDatabase
{
    public const string Variable = "BANDCAMPPS_TEST_SQLSERVER";

    public static string? ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public static string? SkipReason =>
        ConnectionString is null ? $"Set {Variable} to a connection string for a throwaway SQL Server database." : null;

    public static async Task EmptyAsync(string connectionString)
    {
        await using var connection = new SqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new SqlCommand("DELETE FROM dbo.BandcampRevenue; DELETE FROM dbo.BandcampSettings; DELETE FROM dbo.BandcampSyncState;", connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>A fact that needs a real SQL Server: skipped unless BANDCAMPPS_TEST_SQLSERVER is set.</summary>
public sealed class SqlServerFactAttribute : FactAttribute
{
    public SqlServerFactAttribute() => Skip = SqlServerTestDatabase.SkipReason;
}

/// <summary>
/// The SQL Server row of a store theory, skipped (and reported as skipped) unless BANDCAMPPS_TEST_SQLSERVER
/// is set. Pair it with <c>[InlineData(StoreKind.Sqlite)]</c> so every store test runs against both.
/// </summary>
public sealed class SqlServerDataAttribute : Xunit.Sdk.DataAttribute
{
    public SqlServerDataAttribute() => Skip = SqlServerTestDatabase.SkipReason;

    public override IEnumerable<object[]> GetData(System.Reflection.MethodInfo testMethod) => [[StoreKind.SqlServer]];
}
