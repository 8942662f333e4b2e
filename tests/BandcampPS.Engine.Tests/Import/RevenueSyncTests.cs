using BandcampPS.Engine.Import;
using BandcampPS.Engine.Sales;
using BandcampPS.Engine.Storage;
using BandcampPS.Engine.Tests.Storage;
using BandcampPS.FakeApi;

namespace BandcampPS.Engine.Tests.Import;

/// <summary>
/// The nightly job without PowerShell: whatever a night throws at it, the first quiet night after leaves the store as
/// a clean import of the same range would (same rows, same per-currency sums).
/// </summary>
public sealed class RevenueSyncTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTime Since = FakeBandcamp.Start;
    private static readonly DateTime End = FakeBandcamp.End;

    private static RevenueSync Sync(FakeBandcamp fake, IRevenueStore store, DateTime? since = null, bool dryRun = false,
        int throttleLimit = SalesReportRequest.DefaultThrottleLimit) =>
        new(fake.Connection, store, new RevenueSyncOptions
        {
            SinceUtc = since, EndUtc = End, BandIds = [FakeBands.LabelId], ThrottleLimit = throttleLimit,
            Import = new RevenueImporterOptions { DryRun = dryRun },
        });

    private static async Task<(List<RevenueSyncResult> Results, List<object> Errors)> RunAsync(RevenueSync sync, CancellationToken ct = default)
    {
        var (results, errors) = (new List<RevenueSyncResult>(), new List<object>());
        await sync.RunAsync(results.Add, errors.Add, null, ct);
        return (results, errors);
    }

    /// <summary>Rows and per-currency sums: what a finance person compares.</summary>
    private static async Task<string> ContentAsync(IRevenueStore store)
    {
        var rows = await store.AllAsync();
        var sums = rows.GroupBy(r => r.Currency).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} {g.Count()} {g.Sum(r => r.NetAmount ?? 0m)} {g.Sum(r => r.ItemTotal ?? 0m)}");
        return $"{rows.Count} rows {string.Join(" | ", rows.Select(r => r.SaleKey).Order(StringComparer.Ordinal)).GetHashCode()}: {string.Join("; ", sums)}";
    }

    private static async Task<string> CleanImportAsync(FakeBandcamp fake)
    {
        await using var clean = await TestStore.CreateAsync(StoreKind.Sqlite);
        var (_, errors) = await RunAsync(Sync(fake, clean.Store, Since));
        Assert.Empty(errors);
        return await ContentAsync(clean.Store);
    }

    [Fact]
    public async Task A_first_night_that_could_read_nothing_is_caught_up_by_the_next_quiet_night_without_since()
    {
        await using var fake = await FakeBandcamp.StartAsync();
        await using var db = await TestStore.CreateAsync(StoreKind.Sqlite);
        fake.Server.Faults.HtmlBlockNext(3, path: Routes.SalesReport);

        var (failed, errors) = await RunAsync(Sync(fake, db.Store, Since));
        Assert.Equal(3, errors.Count); // two failed chunks, then the third with the rest of the range given up
        Assert.Equal(Since, Assert.Single(failed).CompleteThroughUtc);
        Assert.NotNull(failed[0].NotRead);

        var (caughtUp, quiet) = await RunAsync(Sync(fake, db.Store)); // the cron line: no -Since
        Assert.Empty(quiet);
        Assert.Equal(End, Assert.Single(caughtUp).CompleteThroughUtc);
        Assert.Equal(await CleanImportAsync(fake), await ContentAsync(db.Store));
    }

    [Fact]
    public async Task A_chunk_that_failed_in_the_middle_holds_the_watermark_back_so_the_next_night_reads_it_again()
    {
        await using var fake = await FakeBandcamp.StartAsync();
        await using var db = await TestStore.CreateAsync(StoreKind.Sqlite);
        fake.Server.Faults.ServerErrorsNext(6, skip: 20, path: Routes.SalesReport); // chunk 21 fails after its retries

        // One request at a time, so the 21st request to arrive is chunk 21's.
        var (first, errors) = await RunAsync(Sync(fake, db.Store, Since, throttleLimit: 1));
        var gap = Assert.IsType<SalesGap>(Assert.Single(errors));
        Assert.Equal(gap.StartUtc, Assert.Single(first).CompleteThroughUtc);
        Assert.NotEqual(await CleanImportAsync(fake), await ContentAsync(db.Store));

        var (second, quiet) = await RunAsync(Sync(fake, db.Store));
        Assert.Empty(quiet);
        Assert.True(second[0].StartUtc < gap.StartUtc);
        Assert.Equal(End, second[0].CompleteThroughUtc);
        Assert.Equal(await CleanImportAsync(fake), await ContentAsync(db.Store));
    }

    [Fact]
    public async Task A_run_stopped_midway_and_any_mix_of_bad_nights_end_equal_to_a_clean_import_after_one_quiet_night()
    {
        await using var fake = await FakeBandcamp.StartAsync(new FakeBandcampOptions { PayoutsHaveItemIds = false });
        await using var db = await TestStore.CreateAsync(StoreKind.Sqlite);

        // Night 1: stopped (Ctrl+C, a reboot) after a few chunks.
        using (var stop = new CancellationTokenSource())
        {
            var sync = new RevenueSync(fake.Connection, db.Store, new RevenueSyncOptions
            {
                SinceUtc = Since, EndUtc = End, BandIds = [FakeBands.LabelId], Import = new RevenueImporterOptions { BatchSize = 100 },
            });
            var progress = new Inline(p => { if (p.ChunkIndex == 5) stop.Cancel(); });
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sync.RunAsync(_ => { }, _ => { }, progress, stop.Token));
        }
        // Night 2: a cut-off chunk, a bad row and a blocked chunk.
        var label = fake.Server.Sales.InRange(FakeBands.LabelId, null, Since, End).ToList();
        var victim = label[label.Count * 2 / 3];
        fake.Server.Faults.TruncateNextSalesReport(afterRows: 3, skip: 7);
        fake.Server.Faults.MalformRow(victim.BandcampTransactionItemId, MalformedRowKind.ObjectInTextField);
        fake.Server.Faults.HtmlBlockNext(1, skip: 30, path: Routes.SalesReport);
        var (_, errors) = await RunAsync(Sync(fake, db.Store));
        Assert.Equal(2, errors.Count);

        fake.Server.Faults.Reset();
        var (_, quiet) = await RunAsync(Sync(fake, db.Store));
        Assert.Empty(quiet);
        Assert.Equal(await CleanImportAsync(fake), await ContentAsync(db.Store));
    }

    [Fact]
    public async Task A_dry_run_takes_no_lock_and_writes_no_watermark()
    {
        await using var fake = await FakeBandcamp.StartAsync();
        await using var db = await TestStore.CreateAsync(StoreKind.Sqlite);

        var (results, errors) = await RunAsync(Sync(fake, db.Store, Since, dryRun: true));

        Assert.Empty(errors);
        Assert.True(results[0].WhatIf);
        Assert.Equal(fake.Expected(FakeBands.LabelId, Since, End), results[0].Inserted);
        Assert.Null(await db.Store.GetSyncWatermarkAsync(BandcampSaleSource.Api, FakeBands.LabelId, None));
        Assert.Empty(await db.Store.AllAsync());
        Assert.False(File.Exists(db.Location + ".sync.lock"));
    }

    [Fact]
    public async Task A_band_asked_for_by_id_gets_its_name_and_a_first_run_without_since_says_to_give_one()
    {
        await using var fake = await FakeBandcamp.StartAsync();
        await using var db = await TestStore.CreateAsync(StoreKind.Sqlite);

        var (results, errors) = await RunAsync(Sync(fake, db.Store));

        Assert.Empty(results);
        var error = Assert.IsType<BandcampException>(Assert.Single(errors));
        Assert.Equal(BandcampErrorIds.SyncNeedsSince, error.ErrorId);
        var (named, _) = await RunAsync(Sync(fake, db.Store, new DateTime(2024, 12, 1, 0, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(FakeBands.LabelName, named[0].Name);
    }

    [Fact]
    public async Task A_database_synced_before_watermarks_resumes_from_its_newest_sale_less_the_overlap()
    {
        await using var fake = await FakeBandcamp.StartAsync();
        await using var db = await TestStore.CreateAsync(StoreKind.Sqlite);
        var newest = new DateTime(2024, 6, 1, 12, 0, 0, DateTimeKind.Utc);
        await db.Store.ImportAsync([SampleSales.Row(1, bandId: FakeBands.LabelId, saleDate: newest)]);

        var (results, _) = await RunAsync(Sync(fake, db.Store));

        Assert.Equal(newest.AddDays(-3), results[0].StartUtc);
    }

    private sealed class Inline(Action<SalesChunkProgress> report) : IProgress<SalesChunkProgress>
    {
        public void Report(SalesChunkProgress value) => report(value);
    }
}
