using System.Management.Automation;
using BandcampPS.Engine;
using BandcampPS.Engine.Storage;
using BandcampPS.Engine.Storage.Sqlite;
using BandcampPS.Engine.Storage.SqlServer;

namespace BandcampPS.Infrastructure;

/// <summary>
/// Base of the cmdlets that use the revenue database: -Database (SQLite, the default) or -ConnectionString (SQL
/// Server), one parameter set each, and the store they name: SQL Server when -ConnectionString is given, otherwise
/// the SQLite file in -Database, BANDCAMP_DATABASE, or the default under the user's local application data folder.
/// </summary>
public abstract class BandcampStoreCmdlet : BandcampCmdlet
{
    protected const string SqliteSet = "Sqlite";
    protected const string SqlServerSet = "SqlServer";

    /// <summary>The SQLite file; default BANDCAMP_DATABASE or the user's local application data folder.</summary>
    [Parameter(ParameterSetName = SqliteSet)]
    [ValidateNotNullOrEmpty]
    public string? Database { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = SqlServerSet)]
    [ValidateNotNullOrEmpty]
    public string? ConnectionString { get; set; }

    /// <summary>True when -Database or -ConnectionString was typed (not the default database).</summary>
    protected bool StoreNamed =>
        MyInvocation.BoundParameters.ContainsKey(nameof(Database)) || MyInvocation.BoundParameters.ContainsKey(nameof(ConnectionString));

    /// <summary>The store the parameters name, not opened yet; a SQLite file that does not exist is created when opened.</summary>
    /// <exception cref="BandcampException">-Database is not a path on this machine (BandcampPathInvalid).</exception>
    internal IRevenueStore CreateStore()
    {
        if (!string.IsNullOrWhiteSpace(ConnectionString)) return new SqlServerRevenueStore(ConnectionString);
        var path = Database is null ? SqliteRevenueStore.DefaultDatabasePath() : UserPaths.Resolve(this, nameof(Database), Database);
        return new SqliteRevenueStore(path);
    }

    /// <summary>
    /// As <see cref="CreateStore"/>, for the cmdlets that only read: a SQLite file that does not exist is an error rather
    /// than a new empty database (a mistyped -Database would otherwise answer "no revenue" and leave a stray file).
    /// </summary>
    internal IRevenueStore CreateStoreForReading()
    {
        var store = CreateStore();
        if (store is SqliteRevenueStore && !File.Exists(store.Target))
        {
            throw new BandcampException(BandcampErrorIds.DatabaseNotFound, BandcampErrorKind.ObjectNotFound,
                $"There is no revenue database at '{store.Target}'. Pass -Database with the file Import-BandcampRevenue wrote (without it: $env:{BandcampEnvironment.DatabaseVariable}, else revenue.db in the BandcampPS folder of the local application data folder), or -ConnectionString for SQL Server.",
                store.Target);
        }
        return store;
    }

    /// <summary>
    /// The store the reading cmdlets query, opened: <see cref="CreateStoreForReading"/> and the open, either failure
    /// the one terminating error naming the store. Opened read-write as an import opens it, so an older schema is
    /// upgraded first.
    /// </summary>
    internal IRevenueStore OpenStoreForReading()
    {
        var store = Terminating(CreateStoreForReading, Database);
        Terminating(() => RunEngine(async ct => { await store.OpenAsync(StoreAccess.ReadWrite, ct).ConfigureAwait(false); return true; }), store.Target);
        return store;
    }
}
