using System.Diagnostics;
using BandcampPS.Engine;
using BandcampPS.Engine.Import;
using BandcampPS.Engine.Sales;
using BandcampPS.Engine.Storage;
using BandcampPS.Engine.Storage.Sqlite;
using BandcampPS.FakeApi;

namespace BandcampPS.Benchmarks;

/// <summary>
/// Where the time goes, continued: the same import as the end-to-end phase, by the engine alone (report stream →
/// RevenueImporter → SQLite, default batch size), no PowerShell. The gap to the end-to-end figure is the cost of
/// the pipeline: WriteObject, parameter binding and the thread hand-overs of the cmdlets.
/// </summary>
internal static class EngineImportPhase
{
    /// <returns>Rows stored, time taken (of which mapping sales to rows, and writing batches), and the most memory
    /// SQLite itself held meanwhile (its page cache mostly).</returns>
    public sealed record Result(long Rows, TimeSpan Elapsed, TimeSpan Mapping, TimeSpan Writing, long SqliteHighWaterBytes);

    public static async Task<Result> RunAsync(FakeBandcampServer server, BenchRange range, string database, string tokenCache)
    {
        var connection = await FakeApiConnection.ConnectAsync(server, tokenCache);
        var store = new SqliteRevenueStore(database);
        await store.OpenAsync(StoreAccess.ReadWrite, CancellationToken.None);

        SQLitePCL.raw.sqlite3_memory_highwater(1); // reset: count this import only
        TimeSpan mapping = default, writing = default;
        var clock = Stopwatch.StartNew();
        await using var importer = new RevenueImporter(store, new RevenueImporterOptions());
        await importer.StartAsync(CancellationToken.None);
        foreach (var bandId in FakeBands.TopLevelIds)
        {
            var request = new SalesReportRequest(bandId, null, range.StartUtc, range.EndUtc);
            await foreach (var row in connection.GetSalesAsync(request, null, CancellationToken.None))
            {
                if (row.Sale is not { } sale) continue; // the end of a chunk
                var mapped = Stopwatch.GetTimestamp();
                if (importer.Add(sale) is { } refused) throw refused;
                mapping += Stopwatch.GetElapsedTime(mapped);
                if (!importer.IsBatchFull) continue;
                var written = Stopwatch.GetTimestamp();
                await importer.FlushAsync(e => throw e, CancellationToken.None);
                writing += Stopwatch.GetElapsedTime(written);
            }
        }
        var completed = Stopwatch.GetTimestamp();
        await importer.CompleteAsync(e => throw e, CancellationToken.None);
        var summary = importer.Summarize();
        writing += Stopwatch.GetElapsedTime(completed);
        clock.Stop();
        return new Result(summary.Inserted, clock.Elapsed, mapping, writing, SQLitePCL.raw.sqlite3_memory_highwater(0));
    }
}
