using BandcampPS.Engine.Sales;
using BandcampPS.Engine.Storage;
using Microsoft.Extensions.Time.Testing;

namespace BandcampPS.Engine.Tests.Storage;

/// <summary>
/// What every store must do, run against SQLite always and against SQL Server when
/// BANDCAMPPS_TEST_SQLSERVER is set (the SQL Server rows show as skipped otherwise).
/// </summary>
public class RevenueStoreContractTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory, InlineData(StoreKind.Sqlite), SqlServerData]
    public async Task New_rows_are_inserted_and_an_identical_reimport_counts_them_already_present(StoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        var rows = SampleSales.Rows(2500);

        Assert.Equal((2500, 0, 0), await db.Store.ImportAsync(rows));
        Assert.Equal((0, 2500, 0), await db.Store.ImportAsync(rows));
        Assert.Equal(2500, (await db.Store.AllAsync()).Count);
    }

    [Theory, InlineData(StoreKind.Sqlite), SqlServerData]
    public async Task Stored_rows_after_a_long_run_of_new_ones_in_the_same_batch_still_count_as_present_or_updated(StoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        var stored = SampleSales.Rows(50);
        await db.Store.ImportAsync(stored);

        // 200 new rows (long enough for a store to stop looking keys up first), then the 50 stored ones again with
        // one changed, then a new row repeated with other values: all in one batch.
        var fresh = SampleSales.Rows(200, firstItemId: 51);
        List<RevenueRow> batch = [.. fresh, .. stored.Select(r => r.TransactionItemId == 10 ? r with { NetAmount = 0.01m } : r), fresh[^1] with { NetAmount = 0.02m }];

        Assert.Equal((200, 49, 2), await db.Store.ImportAsync(batch, batchSize: batch.Count));
        var all = await db.Store.AllAsync();
        Assert.Equal(250, all.Count);
        Assert.Equal(0.01m, all.Single(r => r.TransactionItemId == 10).NetAmount);
        Assert.Equal(0.02m, all.Single(r => r.TransactionItemId == 250).NetAmount);
        Assert.Equal((0, 250, 0), await db.Store.ImportAsync(all.Select(r => r with { ImportedAt = default }).ToList(), batchSize: 250));
    }

    [Theory, InlineData(StoreKind.Sqlite), SqlServerData]
    public async Task A_row_whose_amounts_changed_at_Bandcamp_is_updated_in_place(StoreKind kind)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 4, 1, 12, 0, 0, TimeSpan.Zero));
        await using var db = await TestStore.CreateAsync(kind, clock);
        await db.Store.ImportAsync(SampleSales.Rows(3));
        clock.Advance(TimeSpan.FromDays(1));

        var refunded = SampleSales.Row(2) with { NetAmount = 0m, AmountYouReceived = 0m };
        Assert.Equal((0, 2, 1), await db.Store.ImportAsync([SampleSales.Row(1), refunded, SampleSales.Row(3)]));

        var stored = await db.Store.AllAsync();
        Assert.Equal(3, stored.Count);
        var row = Assert.Single(stored, r => r.TransactionItemId == 2);
        Assert.Equal(0m, row.NetAmount);
        Assert.Equal(clock.GetUtcNow().UtcDateTime, row.ImportedAt);
        Assert.Equal(clock.GetUtcNow().UtcDateTime.AddDays(-1), stored.Single(r => r.TransactionItemId == 1).ImportedAt);
    }

    [Theory, InlineData(StoreKind.Sqlite), SqlServerData]
    public async Task The_same_amount_written_with_another_scale_is_not_a_change(StoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        await db.Store.ImportAsync([SampleSales.Row(1) with { ItemTotal = 10.0m }]);

        Assert.Equal((0, 1, 0), await db.Store.ImportAsync([SampleSales.Row(1) with { ItemTotal = 10.000m }]));
    }

    [Theory, InlineData(StoreKind.Sqlite), SqlServerData]
    public async Task Rows_of_one_key_in_one_batch_count_as_if_written_one_after_another(StoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        var first = SampleSales.Row(1);
        var changed = first with { NetAmount = 1m };
        await using (var import = await db.Store.BeginImportAsync(new StoreImportOptions(), None))
        {
            var outcome = await import.WriteBatchAsync([first, changed, changed, first], None);
            Assert.Equal([RowOutcome.Inserted, RowOutcome.Updated, RowOutcome.AlreadyPresent, RowOutcome.Updated], outcome.Rows);
        }

        Assert.Equal(8.25m, Assert.Single(await db.Store.AllAsync()).NetAmount);
    }

    [Theory, InlineData(StoreKind.Sqlite), SqlServerData]
    public async Task A_dry_run_reports_the_counts_a_real_run_would_and_writes_nothing(StoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        await db.Store.ImportAsync(SampleSales.Rows(10));
        var before = await db.Store.AllAsync();
        // Rows 6–10 unchanged, 1–5 changed, 11–20 new, and 11–15 again in a later batch (then already present).
        var rows = SampleSales.Rows(10, 11)
            .Concat(SampleSales.Rows(5).Select(r => r with { Shipping = 4.5m }))
            .Concat(SampleSales.Rows(10, 6).Take(5))
            .Concat(SampleSales.Rows(5, 11))
            .ToList();

        var dry = await db.Store.ImportAsync(rows, new StoreImportOptions { DryRun = true }, batchSize: 7);

        Assert.Equal(before, await db.Store.AllAsync());
        Assert.Equal(dry, await db.Store.ImportAsync(rows, batchSize: 7));
        Assert.Equal((10, 10, 5), dry);
    }

    private static readonly DateTime March = new(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc);

    private static RevenueClearScope Scope(long bandId = 3000000001, long? member = null, string[]? types = null, DateTime? start = null, DateTime? end = null) => new()
    {
        Source = BandcampSaleSource.Api, BandId = bandId, MemberBandId = member, ItemTypes = types,
        StartUtc = start ?? March, EndUtc = end ?? March.AddMonths(1),
    };

    private static RevenueRow InMarch(long itemId, long bandId = 3000000001, int day = 1) =>
        SampleSales.Row(itemId, bandId, March.AddDays(day - 1).AddHours(itemId % 24));

    [Theory, InlineData(StoreKind.Sqlite), SqlServerData]
    public async Task Stale_rows_are_the_rows_in_scope_an_import_did_not_write_and_deleting_them_replaces_the_range(StoreKind kind)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 4, 1, 12, 0, 0, TimeSpan.Zero));
        await using var db = await TestStore.CreateAsync(kind, clock);
        await db.Store.ImportAsync([InMarch(1), InMarch(2), InMarch(3), InMarch(4)]);
        clock.Advance(TimeSpan.FromMinutes(1));

        await using (var import = await db.Store.BeginImportAsync(new StoreImportOptions { RememberKeys = true }, None))
        {
            await import.WriteBatchAsync([InMarch(2), InMarch(5)], None);
            await import.WriteBatchAsync([InMarch(4)], None);
            Assert.Equal(2, await import.CountStaleAsync([Scope()], None));
            Assert.Equal(2, await import.DeleteStaleAsync([Scope()], None));
        }

        Assert.Equal(["item:2", "item:4", "item:5"], (await db.Store.AllAsync()).Select(r => r.SaleKey).Order());
    }

    [Theory, InlineData(StoreKind.Sqlite), SqlServerData]
    public async Task A_stale_delete_is_limited_to_its_source_band_member_band_item_types_and_window(StoreKind kind)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 4, 1, 12, 0, 0, TimeSpan.Zero));
        await using var db = await TestStore.CreateAsync(kind, clock);
        var april = March.AddMonths(1);
        var kept = new List<RevenueRow>
        {
            InMarch(1) with { Source = BandcampSaleSource.Csv },                      // other source
            InMarch(2, bandId: 8),                                                      // other band
            SampleSales.Row(3, saleDate: March.AddSeconds(-1)),                       // before the window
            SampleSales.Row(4, saleDate: april),                                      // end is exclusive
            InMarch(5) with { MemberBandId = 99 },                                      // another member band
            InMarch(6) with { ItemType = "package" },                                  // an item type not read
        };
        var stale = new List<RevenueRow>
        {
            SampleSales.Row(7, saleDate: March),                                      // start is inclusive
            SampleSales.Row(8, saleDate: april.AddSeconds(-1)) with { ItemType = "Track" },
        };
        await db.Store.ImportAsync([.. kept, .. stale]);
        clock.Advance(TimeSpan.FromMinutes(1));

        await using (var import = await db.Store.BeginImportAsync(new StoreImportOptions { RememberKeys = true }, None))
            Assert.Equal(2, await import.DeleteStaleAsync([Scope(member: 3000000002, types: ["album", "track"])], None));

        // Each source read on its own: the default reading counts one source per band and month.
        var stored = (await db.Store.AllAsync(new RevenueQuery { Source = BandcampSaleSource.Api }))
            .Concat(await db.Store.AllAsync(new RevenueQuery { Source = BandcampSaleSource.Csv }));
        Assert.Equal(kept.Select(r => r.SaleKey).Order(), stored.Select(r => r.SaleKey).Order());
    }

    [Theory, InlineData(StoreKind.Sqlite), SqlServerData]
    public async Task A_stale_delete_never_takes_a_row_another_importer_wrote_after_the_import_began(StoreKind kind)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 4, 1, 12, 0, 0, TimeSpan.Zero));
        await using var db = await TestStore.CreateAsync(kind, clock);
        await db.Store.ImportAsync([InMarch(1)]);
        clock.Advance(TimeSpan.FromMinutes(1));
        await using var import = await db.Store.BeginImportAsync(new StoreImportOptions { RememberKeys = true }, None);
        await import.WriteBatchAsync([InMarch(2)], None);

        clock.Advance(TimeSpan.FromSeconds(5));
        await using var other = await db.OpenAnotherAsync(clock);
        await other.ImportAsync([InMarch(3)]); // a concurrent plain import of a sale this run did not read

        Assert.Equal(1, await import.DeleteStaleAsync([Scope()], None));
        Assert.Equal(["item:2", "item:3"], (await db.Store.AllAsync()).Select(r => r.SaleKey).Order());
    }

    [Theory, InlineData(StoreKind.Sqlite), SqlServerData]
    public async Task A_dry_run_counts_stale_rows_and_deletes_nothing(StoreKind kind)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 4, 1, 12, 0, 0, TimeSpan.Zero));
        await using var db = await TestStore.CreateAsync(kind, clock);
        await db.Store.ImportAsync([InMarch(1), InMarch(2), InMarch(3)]);
        clock.Advance(TimeSpan.FromMinutes(1));

        await using (var import = await db.Store.BeginImportAsync(new StoreImportOptions { DryRun = true, RememberKeys = true }, None))
        {
            Assert.Equal(1, (await import.WriteBatchAsync([InMarch(3), InMarch(4)], None)).Inserted);
            Assert.Equal(2, await import.CountStaleAsync([Scope()], None));
            await Assert.ThrowsAsync<InvalidOperationException>(() => import.DeleteStaleAsync([Scope()], None));
        }

        Assert.Equal(3, (await db.Store.AllAsync()).Count);
    }

    [Theory, InlineData(StoreKind.Sqlite), SqlServerData]
    public async Task An_import_that_dies_mid_run_keeps_every_old_row_and_its_committed_batches_and_a_rerun_adds_the_rest(StoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        var old = SampleSales.Rows(5, 100);
        await db.Store.ImportAsync(old);
        var rows = SampleSales.Rows(30);

        await using (var import = await db.Store.BeginImportAsync(new StoreImportOptions { RememberKeys = true }, None))
        {
            await import.WriteBatchAsync(rows[..10], None);
            var tooPrecise = SampleSales.Row(200) with { ItemTotal = 0.00001m };
            await Assert.ThrowsAsync<RevenueStoreException>(() => import.WriteBatchAsync([.. rows[10..20], tooPrecise], None));
            // The process dies here: no stale delete ever ran.
        }
        Assert.Equal(15, (await db.Store.AllAsync()).Count);

        Assert.Equal((20, 10, 0), await db.Store.ImportAsync(rows, batchSize: 10));
        Assert.Equal(old.Concat(rows).Select(r => r.SaleKey).Order(), (await db.Store.AllAsync()).Select(r => r.SaleKey).Order());
    }

    [Theory, InlineData(StoreKind.Sqlite), SqlServerData]
    public async Task A_cancelled_batch_is_rolled_back_alone_and_the_import_goes_on(StoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        await using (var import = await db.Store.BeginImportAsync(new StoreImportOptions(), None))
        {
            await import.WriteBatchAsync(SampleSales.Rows(5, 1), None);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => import.WriteBatchAsync(SampleSales.Rows(5, 6), cancelled.Token));
            await import.WriteBatchAsync(SampleSales.Rows(5, 11), None);
        }
        Assert.Equal(10, (await db.Store.AllAsync()).Count);
    }

    [Theory, InlineData(StoreKind.Sqlite), SqlServerData]
    public async Task A_reimport_without_a_conversion_keeps_the_stored_one_and_counts_nothing_updated(StoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        var plain = SampleSales.Rows(3);
        await db.Store.ImportAsync(plain.Select(ToUsd).ToList(), new StoreImportOptions { ReportingCurrency = "USD" });

        Assert.Equal((0, 3, 0), await db.Store.ImportAsync(plain));

        Assert.All(await db.Store.AllAsync(), r => Assert.Equal(("USD", 9.08m), (r.ReportingCurrency, r.ConvertedNetAmount)));
    }

    [Theory, InlineData(StoreKind.Sqlite), SqlServerData]
    public async Task A_row_changed_at_Bandcamp_and_imported_without_a_conversion_is_converted_at_its_stored_rate(StoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        await db.Store.ImportAsync([ToUsd(SampleSales.Row(1))], new StoreImportOptions { ReportingCurrency = "USD" });

        Assert.Equal((0, 0, 1), await db.Store.ImportAsync([SampleSales.Row(1) with { NetAmount = 5.00m, ItemTotal = 6.00m }]));

        var row = Assert.Single(await db.Store.AllAsync());
        Assert.Equal((5.00m, "USD", 1.1m, 5.50m, 6.60m), (row.NetAmount, row.ReportingCurrency, row.ExchangeRate, row.ConvertedNetAmount, row.ConvertedItemTotal));
    }

    [Theory, InlineData(StoreKind.Sqlite), SqlServerData]
    public async Task A_new_conversion_of_an_unchanged_row_is_written_but_is_not_an_update(StoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        await db.Store.ImportAsync(SampleSales.Rows(2));

        Assert.Equal((0, 2, 0), await db.Store.ImportAsync(SampleSales.Rows(2).Select(ToUsd).ToList(), new StoreImportOptions { ReportingCurrency = "USD" }));
        Assert.All(await db.Store.AllAsync(), r => Assert.Equal(9.08m, r.ConvertedNetAmount));

        var revised = SampleSales.Rows(2).Select(r => r.WithConversion("USD", 1.2m, new DateOnly(2024, 3, 28), a => a * 1.2m)).ToList();
        Assert.Equal((0, 2, 0), await db.Store.ImportAsync(revised, new StoreImportOptions { ReportingCurrency = "USD" }));
        Assert.All(await db.Store.AllAsync(), r => Assert.Equal((1.2m, 9.900m), (r.ExchangeRate!.Value, r.ConvertedNetAmount!.Value)));
    }

    [Theory, InlineData(StoreKind.Sqlite), SqlServerData]
    public async Task A_database_keeps_one_reporting_currency_and_refuses_another_before_anything_is_written(StoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        await db.Store.ImportAsync([ToUsd(SampleSales.Row(1))], new StoreImportOptions { ReportingCurrency = "USD" });

        var refused = await Assert.ThrowsAsync<BandcampException>(() => db.Store.BeginImportAsync(new StoreImportOptions { ReportingCurrency = "EUR" }, None));
        Assert.Equal(BandcampErrorIds.ReportingCurrencyConflict, refused.ErrorId);
        Assert.Contains("USD", refused.Message);
        Assert.Contains("-Currency USD", refused.Message);

        // A row that arrives converted to another currency (ConvertTo-BandcampCurrency) is refused alone.
        var eur = SampleSales.Row(2).WithConversion("EUR", 1m, new DateOnly(2024, 3, 27), a => a);
        var row = await Assert.ThrowsAsync<RevenueStoreException>(() => db.Store.ImportAsync([SampleSales.Row(3), eur]));
        Assert.Equal((BandcampErrorIds.ReportingCurrencyConflict, 1), (row.ErrorId, row.RowIndex!.Value));
        Assert.Single(await db.Store.AllAsync());
    }

    [Theory, InlineData(StoreKind.Sqlite), SqlServerData]
    public async Task Sync_watermarks_are_kept_per_source_and_band_and_moved_in_place(StoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        Assert.Null(await db.Store.GetSyncWatermarkAsync(BandcampSaleSource.Api, 1, None));

        await db.Store.SaveSyncWatermarkAsync(new SyncWatermark(BandcampSaleSource.Api, 1, March, March), None);
        await db.Store.SaveSyncWatermarkAsync(new SyncWatermark(BandcampSaleSource.Api, 2, March, March.AddDays(9)), None);
        await db.Store.SaveSyncWatermarkAsync(new SyncWatermark(BandcampSaleSource.Api, 1, March, March.AddDays(30)), None);

        Assert.Equal(new SyncWatermark(BandcampSaleSource.Api, 1, March, March.AddDays(30)), await db.Store.GetSyncWatermarkAsync(BandcampSaleSource.Api, 1, None));
        Assert.Equal(March.AddDays(9), (await db.Store.GetSyncWatermarkAsync(BandcampSaleSource.Api, 2, None))!.CompleteThroughUtc);
        Assert.Null(await db.Store.GetSyncWatermarkAsync(BandcampSaleSource.Csv, 1, None));
    }

    private static RevenueRow ToUsd(RevenueRow row) =>
        row.WithConversion("USD", 1.1m, new DateOnly(2024, 3, 27), amount => decimal.Round(amount * 1.1m, 2, MidpointRounding.AwayFromZero));

    [Theory, InlineData(StoreKind.Sqlite), SqlServerData]
    public async Task Two_importers_at_once_store_each_overlapping_row_once(StoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        await using var other = await db.OpenAnotherAsync();
        var a = SampleSales.Rows(3000, 1);
        var b = SampleSales.Rows(3000, 1501);

        var results = await Task.WhenAll(
            Task.Run(() => db.Store.ImportAsync(a, batchSize: 100)),
            Task.Run(() => other.ImportAsync(b, batchSize: 100)));

        var stored = await db.Store.AllAsync();
        Assert.Equal(4500, stored.Count);
        Assert.Equal(4500, stored.Select(r => r.SaleKey).Distinct().Count());
        Assert.Equal(4500, results.Sum(r => r.Inserted));
        Assert.Equal(1500, results.Sum(r => r.AlreadyPresent));
    }

    [Theory, InlineData(StoreKind.Sqlite), SqlServerData]
    public async Task Amounts_come_back_as_exactly_the_same_decimals(StoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        var rows = new[]
        {
            SampleSales.Row(1) with { ItemTotal = 0.1m + 0.2m, NetAmount = 0.3m },
            SampleSales.Row(2) with { ItemTotal = 999_999_999_999_999.9999m, NetAmount = -999_999_999_999_999.9999m },
            SampleSales.Row(3) with { ItemType = ItemTypes.Refund, ItemTotal = -10.00m, NetAmount = -8.25m, TransactionFee = -0.55m },
            SampleSales.Row(4, currency: "JPY") with { ItemPrice = 1200m, ItemTotal = 1500m, NetAmount = 1275m },
            SampleSales.Row(5) with { TaxRate = 0.0000000001m, ExchangeRate = 999_999_999.9999999999m, ConvertedNetAmount = 0.0001m },
        };
        await db.Store.ImportAsync(rows);

        var stored = (await db.Store.AllAsync()).ToDictionary(r => r.TransactionItemId!.Value);
        Assert.Equal(0.3m, stored[1].ItemTotal);
        Assert.Equal(999_999_999_999_999.9999m, stored[2].ItemTotal);
        Assert.Equal(-999_999_999_999_999.9999m, stored[2].NetAmount);
        Assert.Equal((-10m, -8.25m, -0.55m), (stored[3].ItemTotal, stored[3].NetAmount, stored[3].TransactionFee));
        Assert.Equal((1200m, 1500m, 1275m), (stored[4].ItemPrice, stored[4].ItemTotal, stored[4].NetAmount));
        Assert.Equal((0.0000000001m, 999_999_999.9999999999m, 0.0001m), (stored[5].TaxRate, stored[5].ExchangeRate, stored[5].ConvertedNetAmount));
    }

    [Theory, InlineData(StoreKind.Sqlite), SqlServerData]
    public async Task Amounts_a_store_could_not_keep_exactly_are_refused_before_anything_is_written(StoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        RevenueRow[] rows = [SampleSales.Row(1), SampleSales.Row(2) with { ConvertedNetAmount = 1.23456m }];

        var error = await Assert.ThrowsAsync<RevenueStoreException>(() => db.Store.ImportAsync(rows));

        Assert.Equal(RevenueStoreException.ValueNotStorable, error.ErrorId);
        Assert.Equal(1, error.RowIndex);
        Assert.Contains("ConvertedNetAmount", error.Message);
        Assert.Empty(await db.Store.AllAsync());
    }

    [Theory, InlineData(StoreKind.Sqlite), SqlServerData]
    public async Task Every_field_round_trips(StoreKind kind)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 4, 2, 3, 4, 5, TimeSpan.Zero));
        await using var db = await TestStore.CreateAsync(kind, clock);
        var sale = SaleFields.EveryFieldFilled();
        var full = RevenueRow.FromSale(sale, includeBuyerDetails: true)
            .WithConversion("USD", 1.0812345678m, new DateOnly(2024, 3, 27), amount => decimal.Round(amount * 1.0812345678m, 2));
        await db.Store.ImportAsync([full], new StoreImportOptions { IncludeBuyerDetails = true });

        var stored = Assert.Single(await db.Store.AllAsync());

        Assert.Equal(full with { ImportedAt = clock.GetUtcNow().UtcDateTime }, stored);
        Assert.All(SaleFields.All, field => Assert.Equal(field.GetValue(sale), typeof(RevenueRow).GetProperty(field.Name)?.GetValue(stored)));
        Assert.Equal(DateTimeKind.Utc, stored.SaleDate.Kind);
        Assert.Equal(DateTimeKind.Utc, stored.ImportedAt.Kind);
    }

    [Theory, InlineData(StoreKind.Sqlite), SqlServerData]
    public async Task A_sparse_row_written_after_a_full_one_keeps_its_nulls(StoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        var full = (SampleSales.Row(1) with { Option = "XL", Sku = "S-1", SellerTax = 1m, Shipping = 2m, RelatedTransactionId = "9" })
            .WithConversion("USD", 1.1m, new DateOnly(2024, 3, 1), amount => amount);
        var sparse = new RevenueRow
        {
            Source = full.Source, SaleKey = "item:2", BandId = 1, TransactionId = "2", SaleDate = full.SaleDate, ItemType = "album", Currency = "EUR",
        };

        await db.Store.ImportAsync([full, sparse, full with { SaleKey = "item:3" }, sparse with { SaleKey = "item:4" }]);

        var stored = (await db.Store.AllAsync()).ToDictionary(r => r.SaleKey);
        Assert.Equal(sparse, stored["item:2"] with { ImportedAt = default });
        Assert.Equal(sparse with { SaleKey = "item:4" }, stored["item:4"] with { ImportedAt = default });
        Assert.Equal("XL", stored["item:3"].Option);
    }

    [Theory, InlineData(StoreKind.Sqlite), SqlServerData]
    public async Task Buyer_details_are_stored_only_when_the_import_includes_them(StoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        var withBuyer = RevenueRow.FromSale(SampleSales.Api(1), includeBuyerDetails: true);

        await db.Store.ImportAsync([withBuyer]);
        Assert.Null(Assert.Single(await db.Store.AllAsync()).BuyerEmail);

        Assert.Equal((0, 0, 1), await db.Store.ImportAsync([withBuyer], new StoreImportOptions { IncludeBuyerDetails = true }));
        var stored = Assert.Single(await db.Store.AllAsync());
        Assert.Equal(("A. Buyer", "buyer@example.invalid", "1 Example Street"), (stored.BuyerName, stored.BuyerEmail, stored.ShipToStreet));

        // Re-importing without them takes them out again.
        Assert.Equal((0, 0, 1), await db.Store.ImportAsync([withBuyer]));
        stored = Assert.Single(await db.Store.AllAsync());
        Assert.Equal((null, null, null), (stored.BuyerName, stored.BuyerEmail, stored.ShipToStreet));
    }

    [Theory, InlineData(StoreKind.Sqlite), SqlServerData]
    public async Task Text_that_looks_like_SQL_is_stored_and_found_verbatim(StoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        string[] names =
        [
            "Robert'); DROP TABLE BandcampRevenue;--",
            "\" OR 1=1 --",
            "100% [Live] _Remastered_ \\ back",
            "Ünïcødé ♫ 日本語",
        ];
        await db.Store.ImportAsync(names.Select((name, i) => SampleSales.Row(i + 1) with { ItemName = name, Artist = name }).ToList());

        Assert.Equal(names, (await db.Store.AllAsync()).Select(r => r.ItemName));
        foreach (var name in names)
            Assert.Equal(name, Assert.Single(await db.Store.AllAsync(new RevenueQuery { Artist = name })).Artist);
        Assert.Single(await db.Store.AllAsync(new RevenueQuery { Artist = "100% [Live]*" }));
    }

    [Theory, InlineData(StoreKind.Sqlite), SqlServerData]
    public async Task Lines_without_item_ids_are_keyed_by_their_order_line_and_occurrence(StoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        // One CSV file: an order with two identical shirt lines and a different size.
        BandcampSale[] file =
        [
            SampleSales.Csv("t1001", "Logo Shirt", "M"),
            SampleSales.Csv("t1001", "Logo Shirt", "M"),
            SampleSales.Csv("t1001", "Logo Shirt", "L"),
        ];
        var rows = SampleSales.Keyed(file);

        Assert.Equal((3, 0, 0), await db.Store.ImportAsync(rows));
        Assert.Equal((0, 3, 0), await db.Store.ImportAsync(SampleSales.Keyed(file)));
        Assert.Equal(3, (await db.Store.AllAsync()).Count);
    }

    [Theory, InlineData(StoreKind.Sqlite), SqlServerData]
    public async Task Query_filters_combine_and_results_are_ordered_by_sale_date_then_key(StoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        var t = new DateTime(2024, 5, 1, 0, 0, 0, DateTimeKind.Utc);
        await db.Store.ImportAsync(
        [
            SampleSales.Row(5, saleDate: t.AddDays(2)) with { Artist = "First Artist" },
            SampleSales.Row(4, saleDate: t) with { Artist = "Second Artist", ItemType = "track" },
            SampleSales.Row(3, saleDate: t) with { Artist = "First Artist", CatalogNumber = "EXL013" },
            SampleSales.Row(2, bandId: 42, saleDate: t.AddDays(1)) with { Artist = "First Artist" },
            // Another band, so one source per band and month keeps this CSV row beside the API's.
            SampleSales.Row(1, bandId: 7, saleDate: t.AddDays(3)) with { Source = BandcampSaleSource.Csv, Artist = "first artist" },
        ]);

        async Task<string> Keys(RevenueQuery q) => string.Join(",", (await db.Store.AllAsync(q)).Select(r => r.TransactionItemId));

        Assert.Equal("3,4,2,5,1", await Keys(new RevenueQuery()));
        Assert.Equal("3,4,2", await Keys(new RevenueQuery { StartUtc = t, EndUtc = t.AddDays(2) }));
        Assert.Equal("1", await Keys(new RevenueQuery { Source = BandcampSaleSource.Csv }));
        Assert.Equal("2", await Keys(new RevenueQuery { BandId = 42 }));
        Assert.Equal("3,2,5,1", await Keys(new RevenueQuery { Artist = "FIRST ARTIST" }));
        Assert.Equal("3,4,2,5,1", await Keys(new RevenueQuery { Artist = "*artist" }));
        Assert.Equal("4", await Keys(new RevenueQuery { Artist = "S?cond*" }));
        Assert.Equal("", await Keys(new RevenueQuery { Artist = "First" }));
        Assert.Equal("4", await Keys(new RevenueQuery { Items = new SaleFilter(["TRACK"]) }));
        Assert.Equal("3,4,2,5,1", await Keys(new RevenueQuery { Items = new SaleFilter(["track", "Album"]) }));
        Assert.Equal("3,4,2,5,1", await Keys(new RevenueQuery { Items = new SaleFilter(musicOnly: true) }));
        Assert.Equal("", await Keys(new RevenueQuery { Items = new SaleFilter(["package"], musicOnly: true) }));
        Assert.Equal("3", await Keys(new RevenueQuery { CatalogNumber = "exl013" }));
        Assert.Equal("2,5", await Keys(new RevenueQuery { Source = BandcampSaleSource.Api, Artist = "First*", StartUtc = t.AddDays(1) }));
    }

    [Theory, InlineData(StoreKind.Sqlite), SqlServerData]
    public async Task The_latest_sale_date_is_per_source_and_band(StoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        var t = new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc);
        Assert.Null(await db.Store.GetLatestSaleDateAsync(BandcampSaleSource.Api, null, None));
        await db.Store.ImportAsync(
        [
            SampleSales.Row(1, bandId: 1, saleDate: t),
            SampleSales.Row(2, bandId: 2, saleDate: t.AddHours(1)),
            SampleSales.Row(3, bandId: 1, saleDate: t.AddHours(2)) with { Source = BandcampSaleSource.Csv },
        ]);

        Assert.Equal(t.AddHours(1), await db.Store.GetLatestSaleDateAsync(BandcampSaleSource.Api, null, None));
        Assert.Equal(t, await db.Store.GetLatestSaleDateAsync(BandcampSaleSource.Api, 1, None));
        Assert.Equal(t.AddHours(2), await db.Store.GetLatestSaleDateAsync(BandcampSaleSource.Csv, 1, None));
        Assert.Null(await db.Store.GetLatestSaleDateAsync(BandcampSaleSource.Api, 3, None));
        Assert.Equal(DateTimeKind.Utc, (await db.Store.GetLatestSaleDateAsync(BandcampSaleSource.Api, null, None))!.Value.Kind);
    }

    [Theory, InlineData(StoreKind.Sqlite), SqlServerData]
    public async Task Payouts_are_not_sales_and_refunds_are_netted_into_Net_and_counted_apart(StoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        var day = new DateTime(2024, 1, 10, 0, 0, 0, DateTimeKind.Utc);
        await db.Store.ImportAsync(PayoutAndRefundRows(day));

        var month = Assert.Single(await db.Store.SummarizeAsync(new RevenueSummaryQuery { GroupBy = [RevenueGroupBy.Month, RevenueGroupBy.Currency] }, None));
        AssertPayoutAndRefundMonth(month);

        // Filtered in the database, as Get-BandcampSale filters: the payout alone, the refund alone, music only.
        var payouts = Assert.Single(await db.Store.SummarizeAsync(new RevenueSummaryQuery { Items = new SaleFilter(["PAYOUT"]) }, None));
        Assert.Equal((0L, 1L, 0L, -500m, 0m, 0m), (payouts.SaleCount, payouts.Payouts, payouts.Refunds, payouts.PayoutAmount!.Value, payouts.Gross!.Value, payouts.Net!.Value));
        var refunds = Assert.Single(await db.Store.SummarizeAsync(new RevenueSummaryQuery { Items = new SaleFilter(["refund", "reversal"]) }, None));
        Assert.Equal((0L, 2L, -12.25m, -12.25m), (refunds.SaleCount, refunds.Refunds, refunds.RefundAmount!.Value, refunds.Net!.Value));
        var music = Assert.Single(await db.Store.SummarizeAsync(new RevenueSummaryQuery { Items = new SaleFilter(musicOnly: true) }, None));
        Assert.Equal((2L, 0L, 0L, 16.5m), (music.SaleCount, music.Refunds, music.Payouts, music.Net!.Value));
        Assert.Equal(["4", "5"], (await db.Store.AllAsync(new RevenueQuery { Items = new SaleFilter(["payout", "Reversal"]) })).Select(r => r.TransactionItemId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>Two album sales, a package, a refund of one album, a reversal, a payout and a type Bandcamp may add, in one month and currency.</summary>
    internal static List<RevenueRow> PayoutAndRefundRows(DateTime day) =>
    [
        SampleSales.Row(1, saleDate: day),
        SampleSales.Row(2, saleDate: day.AddHours(1)),
        SampleSales.Row(3, saleDate: day.AddHours(2)) with { ItemType = "Refund", ItemTotal = -10m, NetAmount = -8.25m, TransactionFee = -0.55m, Quantity = 1, RelatedTransactionId = "4100000001" },
        SampleSales.Row(4, saleDate: day.AddHours(3)) with { ItemType = "reversal", ItemTotal = -5m, NetAmount = -4m, TransactionFee = 0m, Quantity = 1 },
        SampleSales.Row(5, saleDate: day.AddHours(4)) with { ItemType = "payout", TransactionId = "t878373461", ItemTotal = -500m, NetAmount = -500m, AmountYouReceived = -500m, TransactionFee = 0m, Quantity = 1, Artist = null },
        SampleSales.Row(6, saleDate: day.AddHours(5)) with { ItemType = "package", ItemTotal = 30m, NetAmount = 25m, Shipping = 5m, Quantity = 2 },
        SampleSales.Row(7, saleDate: day.AddHours(6)) with { ItemType = "subscription", ItemTotal = 5m, NetAmount = 4m, TransactionFee = 0.3m },
    ];

    /// <summary>What <see cref="PayoutAndRefundRows"/> sum to, whichever way they are summed.</summary>
    internal static void AssertPayoutAndRefundMonth(RevenueSummaryRow month)
    {
        // Sales: albums 10 + 10, package 30, the new type 5; refunds are netted into Net only; the payout is apart.
        Assert.Equal((4L, 5L), (month.SaleCount, month.Quantity));
        Assert.Equal((55m, 1.95m, 5m), (month.Gross!.Value, month.Fees!.Value, month.Shipping!.Value));
        Assert.Equal(8.25m + 8.25m + 25m + 4m - 8.25m - 4m, month.Net!.Value);
        Assert.Equal((2L, -12.25m), (month.Refunds, month.RefundAmount!.Value));
        Assert.Equal((1L, -500m), (month.Payouts, month.PayoutAmount!.Value));
        Assert.Equal(7L, month.UnconvertedCount);
    }

    [Theory, InlineData(StoreKind.Sqlite), SqlServerData]
    public async Task Where_both_sources_hold_a_band_and_month_only_the_APIs_rows_count_unless_Source_says_otherwise(StoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        await db.Store.ImportAsync(TwoSourceRows());

        // January of band 1 is in both: the API's 2 rows count, not the CSV's 3. February (CSV only) and band 2 keep theirs.
        var byMonth = await db.Store.SummarizeAsync(new RevenueSummaryQuery { GroupBy = [RevenueGroupBy.Month, RevenueGroupBy.Band, RevenueGroupBy.Source] }, None);
        Assert.Equal([(1, 1L, BandcampSaleSource.Api, 2L), (1, 2L, BandcampSaleSource.Csv, 1L), (2, 1L, BandcampSaleSource.Csv, 1L)],
            byMonth.Select(r => (r.Month!.Value, r.BandId!.Value, r.Source!.Value, r.SaleCount)));
        Assert.Equal(["item:1", "item:2", "line:c-feb", "line:c-other-band"], (await db.Store.AllAsync()).Select(r => r.SaleKey.StartsWith("line:", StringComparison.Ordinal) ? "line:" + r.TransactionId : r.SaleKey).Order(StringComparer.Ordinal));

        var overlap = await db.Store.GetSourceOverlapAsync(new RevenueQuery(), None);
        Assert.Equal(new SourceOverlap(3, new DateTime(2024, 1, 5, 0, 0, 0, DateTimeKind.Utc), new DateTime(2024, 1, 31, 23, 59, 59, DateTimeKind.Utc)), overlap);
        Assert.Contains("-Source Csv", overlap.Describe());
        // The same filters narrow what is left out; a -Source reads that source whole and leaves nothing out.
        Assert.Equal(1, (await db.Store.GetSourceOverlapAsync(new RevenueQuery { StartUtc = new DateTime(2024, 1, 31, 0, 0, 0, DateTimeKind.Utc) }, None)).CsvRowsLeftOut);
        Assert.Equal(SourceOverlap.None, await db.Store.GetSourceOverlapAsync(new RevenueQuery { Source = BandcampSaleSource.Csv }, None));
        var csv = Assert.Single(await db.Store.SummarizeAsync(new RevenueSummaryQuery { Source = BandcampSaleSource.Csv }, None));
        Assert.Equal(5L, csv.SaleCount);
        Assert.Equal(5, (await db.Store.AllAsync(new RevenueQuery { Source = BandcampSaleSource.Csv })).Count);
    }

    /// <summary>
    /// Band 1, January 2024: two API rows and the same month's CSV export (three lines, one on the 31st at 23:59:59);
    /// band 1, February: a CSV line only; band 2, January: a CSV line only.
    /// </summary>
    internal static List<RevenueRow> TwoSourceRows()
    {
        var jan = new DateTime(2024, 1, 5, 0, 0, 0, DateTimeKind.Utc);
        RevenueRow Csv(string transaction, long band, DateTime date) =>
            RevenueRow.FromSale(SampleSales.Csv(transaction, "Vinyl"), includeBuyerDetails: false) with { BandId = band, SaleDate = date, SaleKey = "line:" + transaction };
        return
        [
            SampleSales.Row(1, bandId: 1, saleDate: jan.AddDays(10)),
            SampleSales.Row(2, bandId: 1, saleDate: jan.AddDays(20)),
            Csv("c-jan-1", 1, jan),
            Csv("c-jan-2", 1, jan.AddDays(10)),
            Csv("c-jan-3", 1, new DateTime(2024, 1, 31, 23, 59, 59, DateTimeKind.Utc)),
            Csv("c-feb", 1, new DateTime(2024, 2, 1, 0, 0, 0, DateTimeKind.Utc)),
            Csv("c-other-band", 2, jan),
        ];
    }

    [Theory, InlineData(StoreKind.Sqlite), SqlServerData]
    public async Task Summaries_group_in_the_database_with_exact_sums_and_never_add_currencies(StoreKind kind)
    {
        await using var db = await TestStore.CreateAsync(kind);
        var march = new DateTime(2024, 3, 10, 0, 0, 0, DateTimeKind.Utc);
        var april = march.AddMonths(1);
        static decimal ToEur(decimal amount) => decimal.Round(amount * 0.5m, 2); // 8.25 → 4.125 → 4.12 (to even)
        await db.Store.ImportAsync(
        [
            SampleSales.Row(1, saleDate: march) with { ItemTotal = 0.1m, NetAmount = 0.1m, SellerTax = 0.01m, Quantity = 2 },
            SampleSales.Row(2, saleDate: march.AddDays(1)) with { ItemTotal = 0.2m, NetAmount = 0.2m, MarketplaceTax = 0.02m },
            SampleSales.Row(3, saleDate: april, currency: "USD").WithConversion("EUR", 0.5m, DateOnly.FromDateTime(april), ToEur),
            SampleSales.Row(4, saleDate: april, currency: "JPY") with { ItemTotal = 1500m, NetAmount = 1275m, Artist = "Second Artist" },
        ]);

        var byMonth = await db.Store.SummarizeAsync(new RevenueSummaryQuery { GroupBy = [RevenueGroupBy.Month] }, None);

        Assert.Equal(2, byMonth.Count);
        var m = byMonth[0];
        Assert.Equal((2024, 3, (int?)null, "EUR", 2L, 3L), (m.Year, m.Month, m.Day, m.Currency, m.SaleCount, m.Quantity));
        Assert.Equal((0.3m, 0.3m, 0.03m, 1.10m, 0m), (m.Gross, m.Net, m.Taxes, m.Fees, m.Shipping));
        Assert.Equal((null, null, null, 2L), (m.ReportingCurrency, m.ConvertedGross, m.ConvertedNet, m.UnconvertedCount));
        var a = byMonth[1];
        Assert.Equal((2024, 4, (string?)null, 2L), (a.Year, a.Month, a.Currency, a.SaleCount));
        Assert.Equal(((decimal?)null, (decimal?)null, (decimal?)null), (a.Gross, a.Net, a.Taxes));
        Assert.Equal((null, null, 1L), (a.ReportingCurrency, a.ConvertedNet, a.UnconvertedCount));

        var byCurrency = await db.Store.SummarizeAsync(
            new RevenueSummaryQuery { GroupBy = [RevenueGroupBy.Currency, RevenueGroupBy.Month], StartUtc = april }, None);
        Assert.Equal(["JPY", "USD"], byCurrency.Select(r => r.Currency));
        Assert.Equal((1500m, 1275m), (byCurrency[0].Gross, byCurrency[0].Net));
        var usd = byCurrency[1];
        Assert.Equal(("EUR", 5.00m, 4.12m, 0L), (usd.ReportingCurrency, usd.ConvertedGross, usd.ConvertedNet, usd.UnconvertedCount));
        Assert.Equal((0.28m, 0m, 0m), (usd.ConvertedFees!.Value, usd.ConvertedTaxes!.Value, usd.ConvertedShipping!.Value)); // 0.275 → 0.28
        Assert.Equal(((decimal?)null, (decimal?)null, (decimal?)null), (m.ConvertedFees, m.ConvertedTaxes, m.ConvertedShipping));

        var byArtist = await db.Store.SummarizeAsync(
            new RevenueSummaryQuery { GroupBy = [RevenueGroupBy.Artist, RevenueGroupBy.Country, RevenueGroupBy.Band, RevenueGroupBy.Source, RevenueGroupBy.ItemType] }, None);
        Assert.Equal(["First Artist", "Second Artist"], byArtist.Select(r => r.Artist));
        Assert.All(byArtist, r => Assert.Equal(("DE", "Germany", 3000000001L, BandcampSaleSource.Api, "album"), (r.CountryCode, r.Country, r.BandId!.Value, r.Source!.Value, r.ItemType)));
        Assert.Equal(3, byArtist[0].SaleCount);

        var total = Assert.Single(await db.Store.SummarizeAsync(new RevenueSummaryQuery { Source = BandcampSaleSource.Api, BandId = 3000000001, EndUtc = april }, None));
        Assert.Equal((2L, 0.3m, (string?)null), (total.SaleCount, total.Gross, total.Release));

        var byDay = await db.Store.SummarizeAsync(new RevenueSummaryQuery { GroupBy = [RevenueGroupBy.Day, RevenueGroupBy.Release, RevenueGroupBy.CatalogNumber], EndUtc = april }, None);
        Assert.Equal([(10, "Night Studies", "EXL012"), (11, "Night Studies", "EXL012")], byDay.Select(r => (r.Day!.Value, r.Release, r.CatalogNumber)));
    }

    [SqlServerFact]
    public async Task SqlServer_schema_is_created_with_its_version()
    {
        await using var db = await TestStore.CreateAsync(StoreKind.SqlServer);
        await using var connection = new Microsoft.Data.SqlClient.SqlConnection(db.Location);
        await connection.OpenAsync();
        await using var command = new Microsoft.Data.SqlClient.SqlCommand("SELECT MAX([Version]) FROM dbo.BandcampSchemaVersion", connection);
        Assert.Equal(2, await command.ExecuteScalarAsync());
    }
}
