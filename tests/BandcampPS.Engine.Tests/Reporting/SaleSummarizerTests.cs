using BandcampPS.Engine.Currency;
using BandcampPS.Engine.Reporting;
using BandcampPS.Engine.Sales;
using BandcampPS.Engine.Storage;
using BandcampPS.Engine.Tests.Storage;
using SaleSource = BandcampPS.Engine.Sales.BandcampSaleSource;

namespace BandcampPS.Engine.Tests.Reporting;

public class SaleSummarizerTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly RevenueGroupBy[] AllKeys = Enum.GetValues<RevenueGroupBy>();

    [Fact]
    public async Task Every_grouping_gives_the_rows_the_SQLite_store_gives_value_for_value_and_scale_for_scale()
    {
        var rows = MixedRows(seed: 7, count: 1500);
        await using var db = await TestStore.CreateAsync(StoreKind.Sqlite);
        // Mixed reporting currencies exist only in databases older than the one-currency rule: make one by forgetting
        // the database's currency between the two imports.
        await db.Store.ImportAsync(rows.Where(r => r.ReportingCurrency != "USD").ToList());
        SqliteFiles.Scalar(db.Location, """DELETE FROM "BandcampSettings" """);
        await db.Store.ImportAsync(rows.Where(r => r.ReportingCurrency == "USD").ToList());

        var random = new Random(11);
        var groupings = new List<RevenueGroupBy[]> { Array.Empty<RevenueGroupBy>() };
        groupings.AddRange(AllKeys.Select(k => new[] { k }));
        for (var i = 0; i < 60; i++)
            groupings.Add(AllKeys.Where(_ => random.Next(3) == 0).ToArray());
        groupings.Add(AllKeys);

        var filters = new Func<RevenueGroupBy[], RevenueSummaryQuery>[]
        {
            g => new RevenueSummaryQuery { GroupBy = g },
            g => new RevenueSummaryQuery { GroupBy = g, Source = SaleSource.Csv },
            g => new RevenueSummaryQuery { GroupBy = g, BandId = 2, StartUtc = new DateTime(2023, 6, 1, 12, 0, 0, 500, DateTimeKind.Utc), EndUtc = new DateTime(2024, 2, 1, 0, 0, 0, DateTimeKind.Utc) },
            g => new RevenueSummaryQuery { GroupBy = g, Items = new SaleFilter(["payout", "REFUND", "subscription"]) },
            g => new RevenueSummaryQuery { GroupBy = g, Items = new SaleFilter(musicOnly: true), Source = SaleSource.Api },
        };
        foreach (var grouping in groupings)
        {
            foreach (var filter in filters)
            {
                var query = filter(grouping);
                var stored = await db.Store.SummarizeAsync(query, None);
                var summarizer = new SaleSummarizer(query);
                foreach (var row in rows) summarizer.Add(row);
                Assert.Equal(Describe(stored), Describe(summarizer.ToRows()));
            }
        }
    }

    [Fact]
    public async Task Sums_are_written_with_their_currencys_decimals_whichever_source_the_rows_came_from_and_never_rounded()
    {
        // The API reports JPY 1000; the CSV export writes 1000.00 (another band: one source per band and month is
        // counted). A stored 4-decimal amount has finer decimals than EUR.
        var january = new DateTime(2024, 1, 10, 0, 0, 0, DateTimeKind.Utc);
        List<RevenueRow> rows =
        [
            SampleSales.Row(1, saleDate: january, currency: "JPY") with { ItemTotal = 1000m, NetAmount = 900m },
            SampleSales.Row(2, bandId: 3000000002, saleDate: january, currency: "JPY") with { Source = SaleSource.Csv, ItemTotal = 1000.00m, NetAmount = 900.00m },
            SampleSales.Row(3, saleDate: january, currency: "EUR") with { ItemTotal = 10.5m, NetAmount = 9.0001m },
        ];
        var query = new RevenueSummaryQuery { GroupBy = [RevenueGroupBy.Source, RevenueGroupBy.Currency] };
        await using var db = await TestStore.CreateAsync(StoreKind.Sqlite);
        await db.Store.ImportAsync(rows);
        var summarizer = new SaleSummarizer(query);
        foreach (var row in rows) summarizer.Add(row);

        foreach (var summary in new[] { await db.Store.SummarizeAsync(query, None), summarizer.ToRows() })
        {
            string Written(SaleSource source, string currency, Func<RevenueSummaryRow, decimal?> sum) =>
                sum(summary.Single(r => r.Source == source && r.Currency == currency))!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal("1000", Written(SaleSource.Api, "JPY", r => r.Gross));
            Assert.Equal("1000", Written(SaleSource.Csv, "JPY", r => r.Gross));
            Assert.Equal("900", Written(SaleSource.Csv, "JPY", r => r.Net));
            Assert.Equal("10.50", Written(SaleSource.Api, "EUR", r => r.Gross));
            Assert.Equal("9.0001", Written(SaleSource.Api, "EUR", r => r.Net));
        }
    }

    [Fact]
    public async Task Piped_rows_count_payouts_and_refunds_apart_as_the_store_does()
    {
        var rows = RevenueStoreContractTests.PayoutAndRefundRows(new DateTime(2024, 1, 10, 0, 0, 0, DateTimeKind.Utc));
        var summarizer = new SaleSummarizer(new RevenueSummaryQuery { GroupBy = [RevenueGroupBy.Month, RevenueGroupBy.Currency] });
        foreach (var row in rows) summarizer.Add(row);
        var month = Assert.Single(summarizer.ToRows());
        RevenueStoreContractTests.AssertPayoutAndRefundMonth(month);

        await using var db = await TestStore.CreateAsync(StoreKind.Sqlite);
        await db.Store.ImportAsync(rows);
        Assert.Equal(Describe(await db.Store.SummarizeAsync(new RevenueSummaryQuery { GroupBy = [RevenueGroupBy.Month, RevenueGroupBy.Currency] }, None)), Describe([month]));
    }

    [Fact]
    public async Task Piped_rows_of_both_sources_count_one_source_per_band_and_month_as_the_store_does()
    {
        var rows = RevenueStoreContractTests.TwoSourceRows();
        await using var db = await TestStore.CreateAsync(StoreKind.Sqlite);
        await db.Store.ImportAsync(rows);
        foreach (var query in new[]
        {
            new RevenueSummaryQuery { GroupBy = [RevenueGroupBy.Month, RevenueGroupBy.Band, RevenueGroupBy.Source] },
            new RevenueSummaryQuery { GroupBy = [RevenueGroupBy.Currency] },
            new RevenueSummaryQuery { GroupBy = [RevenueGroupBy.Month], Source = SaleSource.Csv },
            // The API holds January of band 1 even where a filter leaves its rows out: the CSV's January stays out too.
            new RevenueSummaryQuery { GroupBy = [RevenueGroupBy.Month], Items = new SaleFilter(["package"]) },
        })
        {
            // CSV rows first: the decision waits for the whole input.
            var summarizer = new SaleSummarizer(query);
            foreach (var row in rows.OrderByDescending(r => r.Source)) summarizer.Add(row);
            Assert.Equal(Describe(await db.Store.SummarizeAsync(query, None)), Describe(summarizer.ToRows()));
            Assert.Equal(await db.Store.GetSourceOverlapAsync(query.ToRowQuery(), None), summarizer.Overlap);
        }
    }

    [Fact]
    public void Sales_are_converted_as_the_importer_converts_them_and_a_missing_rate_leaves_the_sale_counted_unconverted()
    {
        var rates = ExchangeRateTable.FromRates([new ExchangeRate(new DateOnly(2024, 3, 27), "USD", 1.0826m), new ExchangeRate(new DateOnly(2024, 3, 27), "GBP", 0.8583m)]);
        var day = new DateTime(2024, 3, 27, 9, 0, 0, DateTimeKind.Utc);
        var summarizer = new SaleSummarizer(new RevenueSummaryQuery { GroupBy = [RevenueGroupBy.Currency] }, "eur", rates);

        Assert.Null(summarizer.Add(SampleSales.Api(1, saleDate: day, currency: "USD")));
        Assert.Null(summarizer.Add(SampleSales.Api(2, saleDate: day, currency: "EUR")));
        var missing = summarizer.Add(SampleSales.Api(3, saleDate: day, currency: "JPY"));

        Assert.Equal("BandcampExchangeRateNotFound", missing!.ErrorId);
        // The importer's explanation, so the summary and the import say the same thing about the same sale.
        Assert.Contains("is counted unconverted: No JPY exchange rate for 2024-03-27: the exchange rates include no JPY rate at all.", missing.Message);
        var rows = summarizer.ToRows();
        Assert.Equal(["EUR", "JPY", "USD"], rows.Select(r => r.Currency));
        var usd = rows[2];
        // 10.0 USD / 1.0826 = 9.2370... → 9.24; 8.25 → 7.6205... → 7.62; fee 0.55 → 0.5080... → 0.51.
        Assert.Equal(("EUR", 9.24m, 7.62m, 0.51m, 0L), (usd.ReportingCurrency, usd.ConvertedGross!.Value, usd.ConvertedNet!.Value, usd.ConvertedFees!.Value, usd.UnconvertedCount));
        Assert.Equal(("EUR", 10.0m), (rows[0].ReportingCurrency, rows[0].ConvertedGross!.Value));
        Assert.Equal(((string?)null, (decimal?)null, 1L, 10.0m), (rows[1].ReportingCurrency, rows[1].ConvertedGross, rows[1].UnconvertedCount, rows[1].Gross!.Value));
        Assert.Equal(3, summarizer.Count);
    }

    [Fact]
    public void Currencies_are_never_added_together_and_a_group_half_converted_shows_no_converted_sums()
    {
        var summarizer = new SaleSummarizer(new RevenueSummaryQuery { GroupBy = [RevenueGroupBy.Year] });
        summarizer.Add(SampleSales.Row(1, currency: "EUR").WithConversion("EUR", 1m, new DateOnly(2024, 3, 27), a => a));
        summarizer.Add(SampleSales.Row(2, currency: "USD"));

        var year = Assert.Single(summarizer.ToRows());
        Assert.Equal((2024, (string?)null, 2L, 2L), (year.Year, year.Currency, year.SaleCount, year.Quantity));
        Assert.Equal(((decimal?)null, (decimal?)null, (decimal?)null), (year.Gross, year.Net, year.Taxes));
        Assert.Equal(((string?)null, (decimal?)null, 1L), (year.ReportingCurrency, year.ConvertedNet, year.UnconvertedCount));
    }

    [Fact]
    public void Filters_compare_whole_second_utc_times_like_the_stores_and_the_end_is_exclusive()
    {
        var t = new DateTime(2024, 1, 31, 23, 59, 59, DateTimeKind.Utc);
        var summarizer = new SaleSummarizer(new RevenueSummaryQuery
        {
            GroupBy = [RevenueGroupBy.Month],
            Source = SaleSource.Api,
            StartUtc = t.AddMilliseconds(400), // the stores keep seconds: this still takes the sale at t
            EndUtc = t.AddSeconds(1),
        });
        summarizer.Add(SampleSales.Api(1, saleDate: t));
        summarizer.Add(SampleSales.Api(2, saleDate: t.AddSeconds(1)));
        summarizer.Add(new BandcampPS.Engine.Sales.BandcampSale { Source = SaleSource.Csv, BandId = 1, TransactionId = "9", SaleDate = t, ItemType = "package", Currency = "USD" });

        var month = Assert.Single(summarizer.ToRows());
        Assert.Equal((2024, 1, 1L), (month.Year!.Value, month.Month!.Value, month.SaleCount));
        Assert.Equal(1, summarizer.Count);
    }

    [Fact]
    public void Without_grouping_an_empty_input_still_gives_one_empty_total_and_with_grouping_none()
    {
        var total = Assert.Single(new SaleSummarizer(new RevenueSummaryQuery()).ToRows());
        Assert.Equal((0L, 0L, (string?)null, (decimal?)null, (string?)null), (total.SaleCount, total.Quantity, total.Currency, total.Gross, total.ReportingCurrency));
        Assert.Empty(new SaleSummarizer(new RevenueSummaryQuery { GroupBy = [RevenueGroupBy.Artist] }).ToRows());
    }

    [Fact]
    public async Task An_empty_store_and_an_empty_input_agree()
    {
        await using var db = await TestStore.CreateAsync(StoreKind.Sqlite);
        foreach (var grouping in new[] { Array.Empty<RevenueGroupBy>(), [RevenueGroupBy.Month] })
        {
            var query = new RevenueSummaryQuery { GroupBy = grouping };
            Assert.Equal(Describe(await db.Store.SummarizeAsync(query, None)), Describe(new SaleSummarizer(query).ToRows()));
        }
    }

    [Theory]
    [InlineData("a", "b", -1)]
    [InlineData("B", "a", -1)] // ordinal, not culture: upper case first
    [InlineData("ab", "a", 1)]
    [InlineData("\uFF76", "\U0001F3A7", -1)] // U+FF76 before U+1F3A7, though UTF-16 ordinal says the opposite
    [InlineData(null, "", -1)]
    public void Text_keys_sort_in_code_point_order_like_SQLite(string? a, string? b, int expected)
    {
        Assert.Equal(expected, Math.Sign(CodePointOrder.Compare(a, b)));
        Assert.Equal(-expected, Math.Sign(CodePointOrder.Compare(b, a)));
    }

    /// <summary>Every property, with decimals as their invariant text so a different scale (8.5 vs 8.50) fails.</summary>
    private static List<string> Describe(IEnumerable<RevenueSummaryRow> rows) =>
        rows.Select(r => string.Join("|", typeof(RevenueSummaryRow).GetProperties().Select(p => p.Name + "=" + Format(p.GetValue(r))))).ToList();

    private static string Format(object? value) => value switch
    {
        null => "null",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };

    /// <summary>
    /// Rows that exercise everything a grouping meets: several currencies, converted / unconverted / mixed
    /// reporting currencies, NULL amounts and keys, amounts of different scales, names that differ only by case or
    /// sort differently in UTF-16 and UTF-8, two sources, two bands, and sales across years, months and days.
    /// </summary>
    internal static List<RevenueRow> MixedRows(int seed, int count)
    {
        var random = new Random(seed);
        string[] currencies = ["EUR", "USD", "JPY", "GBP"];
        string?[] artists = ["First Artist", "first artist", "\u0421econd \u00C4rtist", "🎧 Emoji", "\uFF76ana", "", null];
        string?[] releases = ["Night Studies", "Ärger im Café", "Robert'); DROP TABLE x;--", null];
        string?[] catalogNumbers = ["EXL012", "exl012", "SB-002", null];
        string[] itemTypes = ["album", "track", "package", "refund", "Refund", "reversal", "payout", "PAYOUT", "adjustment", "subscription"];
        (string? Code, string? Name)[] countries = [("DE", "Germany"), ("DE", "Deutschland"), ("US", "United States"), ("JP", "Japan"), (null, null), ("GB", null)];
        decimal?[] amounts = [8.5m, 8.50m, 0.1m, 0.2m, 1500m, -12.34m, 0m, 0.0001m, null];
        var start = new DateTime(2022, 11, 28, 0, 0, 0, DateTimeKind.Utc);
        T Pick<T>(T[] items) => items[random.Next(items.Length)];

        var rows = new List<RevenueRow>(count);
        for (var i = 1; i <= count; i++)
        {
            var country = Pick(countries);
            var row = new RevenueRow
            {
                Source = random.Next(4) == 0 ? SaleSource.Csv : SaleSource.Api,
                SaleKey = "item:" + i,
                BandId = 1 + random.Next(2),
                TransactionId = "t" + i,
                TransactionItemId = i,
                SaleDate = start.AddSeconds(random.Next(60 * 60 * 24 * 500)),
                ItemType = Pick(itemTypes),
                ItemName = Pick(releases),
                Artist = Pick(artists),
                CatalogNumber = Pick(catalogNumbers),
                Quantity = random.Next(5) == 0 ? null : 1 + random.Next(3),
                Currency = Pick(currencies),
                SellerTax = Pick(amounts),
                MarketplaceTax = Pick(amounts),
                Shipping = Pick(amounts),
                TransactionFee = Pick(amounts),
                ItemTotal = Pick(amounts),
                NetAmount = Pick(amounts),
                CountryCode = country.Code,
                Country = country.Name,
            };
            row = random.Next(5) switch
            {
                0 => row,
                1 => row.WithConversion("USD", 1.1m, DateOnly.FromDateTime(row.SaleDate), a => decimal.Round(a * 1.1m, 2)),
                _ => row.WithConversion("EUR", 0.9m, DateOnly.FromDateTime(row.SaleDate), a => decimal.Round(a * 0.9m, 2)),
            };
            rows.Add(row);
        }
        return rows;
    }
}
