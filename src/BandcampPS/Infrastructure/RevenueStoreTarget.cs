using BandcampPS.Engine;
using BandcampPS.Engine.Storage;
using BandcampPS.Engine.Storage.Sqlite;
using BandcampPS.Engine.Storage.SqlServer;

namespace BandcampPS.Infrastructure;

/// <summary>
/// Which database a storage cmdlet uses: SQL Server when -ConnectionString is given, otherwise the SQLite file
/// in -Database, BANDCAMP_DATABASE, or the default under the user's local application data folder.
/// </summary>
internal static class RevenueStoreTarget
{
    public const string SqliteSet = "Sqlite";
    public const string SqlServerSet = "SqlServer";

    public static IRevenueStore Create(BandcampCmdlet cmdlet, string? database, string? connectionString)
    {
        if (!string.IsNullOrWhiteSpace(connectionString)) return new SqlServerRevenueStore(connectionString);
        var path = database is null
            ? SqliteRevenueStore.DefaultDatabasePath()
            : UserPaths.Resolve(cmdlet, "Database", database);
        return new SqliteRevenueStore(path);
    }

    /// <summary>
    /// As <see cref="Create"/>, for the cmdlets that only read: a SQLite file that does not exist is an error rather
    /// than a new empty database (a mistyped -Database would otherwise answer "no revenue" and leave a stray file).
    /// </summary>
    public static IRevenueStore CreateForReading(BandcampCmdlet cmdlet, string? database, string? connectionString)
    {
        var store = Create(cmdlet, database, connectionString);
        if (store is SqliteRevenueStore && !File.Exists(store.Target))
        {
            throw new BandcampException(BandcampErrorIds.DatabaseNotFound, BandcampErrorKind.ObjectNotFound,
                $"There is no revenue database at '{store.Target}'. Pass -Database with the file Import-BandcampRevenue wrote (without it: $env:{SqliteRevenueStore.DatabaseEnvironmentVariable}, else revenue.db in the BandcampPS folder of the local application data folder), or -ConnectionString for SQL Server.",
                store.Target);
        }
        return store;
    }
}
