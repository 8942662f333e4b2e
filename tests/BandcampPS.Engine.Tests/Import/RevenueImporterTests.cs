using BandcampPS.Engine.Import;
using BandcampPS.Engine.Sales;
using BandcampPS.Engine.Storage;
using BandcampPS.Engine.Tests.Storage;

namespace BandcampPS.Engine.Tests.Import;

/// <summary>A batch written in the background while the next one is added, counted as if written in turn.</summary>
public sealed class RevenueImporterTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task The_next_batch_is_added_while_one_is_written_and_every_count_comes_out_as_written_in_turn()
    {
        await using var db = await TestStore.CreateAsync(StoreKind.Sqlite);
        var gated = new GatedStore(db.Store);
        await using var importer = new RevenueImporter(gated, new RevenueImporterOptions { BatchSize = 100 });
        await importer.StartAsync(None);
        var sales = Enumerable.Range(1, 250).Select(i => SampleSales.Api(i)).ToList();

        foreach (var sale in sales.Take(100)) Assert.Null(importer.Add(sale));
        var first = importer.BeginFlush(background: true, None)!;
        Assert.Equal(1, await gated.Entered.Task.WaitAsync(TimeSpan.FromMinutes(1))); // the store holds the first batch...
        foreach (var sale in sales.Skip(100).Take(100)) Assert.Null(importer.Add(sale)); // ...while the next is added
        Assert.False(first.Completion.IsCompleted);
        Assert.True(importer.IsBatchFull);

        gated.Open.SetResult();
        Assert.Equal(100, (await importer.EndFlushAsync(first, e => throw e)).Count);
        Assert.Equal(100, (await importer.FlushAsync(e => throw e, None)).Count);
        foreach (var sale in sales.Skip(150)) Assert.Null(importer.Add(sale)); // 50 already stored, 50 new
        Assert.Equal(100, (await importer.CompleteAsync(e => throw e, None)).Count);

        var summary = importer.Summarize();
        Assert.Equal((300, 250, 50, 0), (summary.Received, summary.Inserted, summary.AlreadyPresent, summary.Updated));
        Assert.Equal(250, (await db.Store.AllAsync()).Count);
    }

    [Fact]
    public async Task A_row_the_store_refuses_in_a_background_batch_is_reported_when_the_batch_is_ended_and_the_rest_is_stored()
    {
        await using var db = await TestStore.CreateAsync(StoreKind.Sqlite);
        await using var importer = new RevenueImporter(db.Store, new RevenueImporterOptions { BatchSize = 100 });
        await importer.StartAsync(None);
        var bad = new BandcampSale { Source = BandcampSaleSource.Api, BandId = 3000000001, TransactionId = "1", TransactionItemId = 2, SaleDate = SampleSales.Start, ItemType = "album", Currency = "EUR", ItemTotal = 1.23456m };
        Assert.Null(importer.Add(SampleSales.Api(1)));
        Assert.Null(importer.Add(bad));
        Assert.Null(importer.Add(SampleSales.Api(3)));

        var flush = importer.BeginFlush(background: true, None)!;
        var refused = new List<BandcampException>();
        var rows = await importer.EndFlushAsync(flush, refused.Add);

        Assert.Equal(2, rows.Count);
        Assert.Contains("1.23456", Assert.Single(refused).Message);
        Assert.Equal((2, 1), (importer.Summarize().Inserted, importer.Summarize().Failed));
    }

    /// <summary>A store whose import waits at a gate before writing a batch, and says when a batch arrived.</summary>
    private sealed class GatedStore(IRevenueStore inner) : IRevenueStore
    {
        public TaskCompletionSource<int> Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Open { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public string Target => inner.Target;
        public Task OpenAsync(StoreAccess access, CancellationToken ct) => inner.OpenAsync(access, ct);
        public async Task<IRevenueImport> BeginImportAsync(RevenueImportOptions options, CancellationToken ct) => new GatedImport(await inner.BeginImportAsync(options, ct), this);
        public IAsyncEnumerable<RevenueEvent> QueryAsync(RevenueQuery query, CancellationToken ct) => inner.QueryAsync(query, ct);
        public Task<DateTime?> GetLatestSaleDateAsync(BandcampSaleSource source, long? bandId, CancellationToken ct) => inner.GetLatestSaleDateAsync(source, bandId, ct);
        public Task<IReadOnlyList<RevenueSummaryRow>> SummarizeAsync(RevenueSummaryQuery query, CancellationToken ct) => inner.SummarizeAsync(query, ct);
        public Task<SyncWatermark?> GetSyncWatermarkAsync(BandcampSaleSource source, long bandId, CancellationToken ct) => inner.GetSyncWatermarkAsync(source, bandId, ct);
        public Task SaveSyncWatermarkAsync(SyncWatermark watermark, CancellationToken ct) => inner.SaveSyncWatermarkAsync(watermark, ct);
        public Task<SourceOverlap> GetSourceOverlapAsync(RevenueQuery query, CancellationToken ct) => inner.GetSourceOverlapAsync(query, ct);
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private sealed class GatedImport(IRevenueImport inner, GatedStore store) : IRevenueImport
        {
            private int _batches;
            public string? ReportingCurrency => inner.ReportingCurrency;

            public async Task<BatchOutcome> WriteBatchAsync(IReadOnlyList<RevenueEvent> rows, CancellationToken ct)
            {
                store.Entered.TrySetResult(Interlocked.Increment(ref _batches));
                await store.Open.Task.WaitAsync(ct);
                return await inner.WriteBatchAsync(rows, ct);
            }

            public Task<int> CountStaleAsync(IReadOnlyList<RevenueClearScope> scopes, CancellationToken ct) => inner.CountStaleAsync(scopes, ct);
            public Task<int> DeleteStaleAsync(IReadOnlyList<RevenueClearScope> scopes, CancellationToken ct) => inner.DeleteStaleAsync(scopes, ct);
            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }
}
