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
            : cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(database);
        return new SqliteRevenueStore(path);
    }
}
