using BandcampPS.Engine.Storage;

namespace BandcampPS.Engine.Tests.Storage;

internal static class StoreTestExtensions
{
    /// <summary>One import of the rows in batches (each committed on its own); the outcomes of every batch added up.</summary>
    public static async Task<(int Inserted, int AlreadyPresent, int Updated)> ImportAsync(
        this IRevenueStore store, IReadOnlyList<RevenueRow> rows, StoreImportOptions? options = null, int batchSize = 1000)
    {
        await using var import = await store.BeginImportAsync(options ?? new StoreImportOptions(), CancellationToken.None);
        var total = (Inserted: 0, AlreadyPresent: 0, Updated: 0);
        foreach (var batch in rows.Chunk(batchSize))
        {
            var outcome = await import.WriteBatchAsync(batch, CancellationToken.None);
            total = (total.Inserted + outcome.Inserted, total.AlreadyPresent + outcome.AlreadyPresent, total.Updated + outcome.Updated);
        }
        return total;
    }

    public static async Task<List<RevenueRow>> AllAsync(this IRevenueStore store, RevenueQuery? query = null)
    {
        var rows = new List<RevenueRow>();
        await foreach (var row in store.QueryAsync(query ?? new RevenueQuery(), CancellationToken.None))
            rows.Add(row);
        return rows;
    }
}
