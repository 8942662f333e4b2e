using BandcampPS.Engine.Currency;
using BandcampPS.Engine.Import;
using BandcampPS.Engine.Sales;
using BandcampPS.Engine.Storage;
using BandcampPS.Engine.Tests.Storage;
using Microsoft.Extensions.Time.Testing;

namespace BandcampPS.Engine.Tests.Import;

/// <summary>
/// The importer alone, over a real SQLite store: batches as the cmdlet drives them (add until full, flush), a row the
/// store refuses taken out of its batch while the rest is written, and what a refusal means for -ClearExisting.
/// </summary>
public sealed class RevenueImporterTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTime WindowStart = new(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2024, 4, 1, 12, 0, 0, TimeSpan.Zero));

    /// <summary>What Import-BandcampRevenue does: add each sale, flush whenever the batch is full, complete at the end.</summary>
    private static async Task<(RevenueImportSummary Summary, List<BandcampException> Errors, List<int> BatchSizes)> RunAsync(
        RevenueImporter importer, IEnumerable<BandcampSale> sales)
    {
        var errors = new List<BandcampException>();
        var batches = new List<int>();
        await importer.StartAsync(None);
        foreach (var sale in sales)
        {
            if (importer.Add(sale) is { } refused) errors.Add(refused);
            if (importer.IsBatchFull) batches.Add((await importer.FlushAsync(errors.Add, None)).Count);
        }
        var last = await importer.CompleteAsync(errors.Add, None);
        if (last.Count > 0) batches.Add(last.Count);
        return (importer.Summarize(), errors, batches);
    }

    /// <summary>Sales as one complete read of March 2024 would emit them.</summary>
    private static List<BandcampSale> ReadCompletely(IEnumerable<BandcampSale> sales)
    {
        var scope = new SalesReadScope(BandcampSaleSource.Api, 3000000001, memberBandId: null, SaleFilter.All, [(WindowStart, WindowStart.AddMonths(1))]);
        var span = scope.Spans[0];
        var read = sales.ToList();
        foreach (var sale in read)
        {
            sale.ReadSpan = span;
            span.CountEmitted();
        }
        span.Complete();
        return read;
    }

    private static BandcampSale Sale(long itemId) => SampleSales.Api(itemId, saleDate: WindowStart.AddHours(itemId));

    /// <summary>A catalogue number longer than either store keeps: refused by the store's check, before anything is written.</summary>
    private static BandcampSale Unstorable(long itemId) => Sale(itemId) with { CatalogNumber = new string('C', 201) };

    [Fact]
    public async Task Sales_are_written_in_batches_of_the_set_size_and_a_second_run_finds_every_one_present()
    {
        await using var db = await TestStore.CreateAsync(StoreKind.Sqlite, _clock);

        await using (var importer = new RevenueImporter(db.Store, new RevenueImporterOptions { BatchSize = 3 }))
        {
            var (summary, errors, batches) = await RunAsync(importer, Enumerable.Range(1, 7).Select(i => Sale(i)));
            Assert.Empty(errors);
            Assert.Equal([3, 3, 1], batches);
            Assert.Equal((7, 7, 0, 0), (summary.Received, summary.Inserted, summary.AlreadyPresent, summary.Failed));
        }
        await using (var again = new RevenueImporter(db.Store, new RevenueImporterOptions { BatchSize = 3 }))
        {
            var (summary, _, _) = await RunAsync(again, Enumerable.Range(1, 7).Select(i => Sale(i)));
            Assert.Equal((0, 7, 0), (summary.Inserted, summary.AlreadyPresent, summary.Updated));
        }
        Assert.Equal(7, (await db.Store.AllAsync()).Count);
    }

    [Fact]
    public async Task A_row_the_store_refuses_is_reported_by_name_and_the_rest_of_its_batch_is_written()
    {
        await using var db = await TestStore.CreateAsync(StoreKind.Sqlite, _clock);
        await using var importer = new RevenueImporter(db.Store, new RevenueImporterOptions { BatchSize = 4 });

        // Two refusals in one batch: the batch is retried without each in turn, never written in part.
        var (summary, errors, batches) = await RunAsync(importer, [Sale(1), Unstorable(2), Sale(3), Unstorable(4), Sale(5)]);

        Assert.Equal([2, 1], batches);
        Assert.Equal((5, 3, 2), (summary.Received, summary.Inserted, summary.Failed));
        Assert.Equal([2L, 4L], errors.Select(e => ((BandcampSale)e.Target!).TransactionItemId!.Value));
        Assert.All(errors, e =>
        {
            Assert.Equal(RevenueStoreException.ValueNotStorable, e.ErrorId);
            Assert.Contains("CatalogNumber is 201 characters long", e.Message);
        });
        Assert.Equal([1L, 3L, 5L], (await db.Store.AllAsync()).Select(r => r.TransactionItemId!.Value).Order());
    }

    [Fact]
    public async Task A_batch_whose_every_row_is_refused_writes_nothing_and_the_import_goes_on()
    {
        await using var db = await TestStore.CreateAsync(StoreKind.Sqlite, _clock);
        await using var importer = new RevenueImporter(db.Store, new RevenueImporterOptions { BatchSize = 2 });

        var (summary, errors, batches) = await RunAsync(importer, [Unstorable(1), Unstorable(2), Sale(3)]);

        Assert.Equal([0, 1], batches); // the first batch wrote nothing
        Assert.Equal((1, 2), (summary.Inserted, summary.Failed));
        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public async Task A_sale_without_a_currency_is_one_refused_row_when_converting_and_the_others_are_stored()
    {
        await using var db = await TestStore.CreateAsync(StoreKind.Sqlite, _clock);
        var rates = ExchangeRateTable.FromRates([new ExchangeRate(DateOnly.FromDateTime(WindowStart), "USD", 1.0838m)]);
        await using var importer = new RevenueImporter(db.Store,
            new RevenueImporterOptions { BatchSize = 10, ReportingCurrency = "USD", ExchangeRates = rates });

        // A CSV row with an empty currency cell reads as Currency "": refused, not thrown, so the import goes on.
        var (summary, errors, _) = await RunAsync(importer, [Sale(1), Sale(2) with { Currency = "" }, Sale(3)]);

        Assert.Equal((3, 2, 1), (summary.Received, summary.Inserted, summary.Failed));
        var refused = Assert.Single(errors);
        Assert.Equal(BandcampErrorIds.ExchangeRateNotFound, refused.ErrorId);
        Assert.Equal(2L, ((BandcampSale)refused.Target!).TransactionItemId);
        Assert.EndsWith("was not stored: the sale has no currency.", refused.Message);
        Assert.Equal([1L, 3L], (await db.Store.AllAsync()).Select(r => r.TransactionItemId!.Value).Order());
    }

    [Fact]
    public async Task A_window_with_a_refused_row_is_not_replaced_and_one_stored_completely_is()
    {
        await using var db = await TestStore.CreateAsync(StoreKind.Sqlite, _clock);
        await db.Store.ImportAsync([RevenueRow.FromSale(Sale(99), includeBuyerDetails: false)]); // withdrawn since: stale
        _clock.Advance(TimeSpan.FromMinutes(1));

        var options = new RevenueImporterOptions { ClearExisting = true, BatchSize = 10 };
        await using (var refused = new RevenueImporter(db.Store, options))
        {
            await RunAsync(refused, ReadCompletely([Sale(1), Unstorable(2)]));
            var plan = await refused.PlanClearAsync(None);
            Assert.Equal(0, plan.Rows);
            Assert.Contains("1 of its sales were not stored", Assert.Single(plan.Skipped));
            Assert.Equal(0, await refused.ClearAsync(plan, None));
        }
        Assert.Contains(await db.Store.AllAsync(), r => r.TransactionItemId == 99);

        _clock.Advance(TimeSpan.FromMinutes(1));
        await using (var complete = new RevenueImporter(db.Store, options))
        {
            await RunAsync(complete, ReadCompletely([Sale(1), Sale(2)]));
            var plan = await complete.PlanClearAsync(None);
            Assert.Empty(plan.Skipped);
            Assert.Equal(1, await complete.ClearAsync(plan, None));
        }
        Assert.Equal([1L, 2L], (await db.Store.AllAsync()).Select(r => r.TransactionItemId!.Value).Order());
    }
}
