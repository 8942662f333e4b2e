using System.Diagnostics;
using BandcampPS.Engine.Sales;
using BandcampPS.Engine.Storage;
using BandcampPS.Engine.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace BandcampPS.Benchmarks;

/// <summary>
/// Phase 4, the yardstick: how a first version of an importer would store the same sales. One row per statement,
/// a SELECT for the key and then an INSERT, each a new SqliteCommand with named parameters, in autocommit (no
/// explicit transaction, no batching). Same table (the store creates it), same values and content hash, same
/// connection settings as the store (WAL, synchronous=NORMAL), so the ratio is the import method alone.
/// </summary>
internal static class BaselinePhase
{
    public sealed record Result(int Rows, int Inserted, TimeSpan Elapsed);

    public static async Task<Result> RunAsync(IReadOnlyList<BandcampSale> sales, string database)
    {
        await new SqliteRevenueStore(database).OpenAsync(StoreAccess.ReadWrite, CancellationToken.None);
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
        connection.Open();
        SqliteRevenueStore.Execute(connection, $"PRAGMA busy_timeout = {SqliteRevenueStore.BusyTimeoutSeconds * 1000}; PRAGMA synchronous = NORMAL");

        var hasher = new ContentHasher();
        var inserted = 0;
        var clock = Stopwatch.StartNew();
        foreach (var sale in sales)
        {
            var row = RevenueRow.FromSale(sale, includeBuyerDetails: false);
            if (Exists(connection, row)) continue;
            var values = RevenueColumns.Values(row);
            using var insert = connection.CreateCommand();
            insert.CommandText = SqliteStatements.Insert;
            foreach (var column in RevenueColumns.All)
                insert.Parameters.AddWithValue("@" + RevenueColumns.Name(column), SqliteValues.ToDb(values[(int)column]));
            insert.Parameters.AddWithValue("@ContentHash", ContentHasher.ToBytes(hasher.Hash(values)));
            inserted += insert.ExecuteNonQuery();
        }
        clock.Stop();
        return new Result(sales.Count, inserted, clock.Elapsed);
    }

    private static bool Exists(SqliteConnection connection, RevenueRow row)
    {
        using var lookup = connection.CreateCommand();
        lookup.CommandText = SqliteStatements.Lookup;
        lookup.Parameters.AddWithValue("@Source", SqliteValues.ToDb(row.Source));
        lookup.Parameters.AddWithValue("@SaleKey", row.SaleKey);
        using var reader = lookup.ExecuteReader();
        return reader.Read();
    }
}
