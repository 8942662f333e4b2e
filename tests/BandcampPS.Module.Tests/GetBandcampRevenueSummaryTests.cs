using System.Management.Automation;
using BandcampPS.FakeApi;
using static BandcampPS.Module.Tests.RevenueStoreFixture;

namespace BandcampPS.Module.Tests;

[Collection(RevenueStoreCollection.Name)]
public sealed class GetBandcampRevenueSummaryTests(RevenueStoreFixture f)
{
    private static readonly string[] GroupByNames =
        ["Year", "Month", "Day", "Artist", "Release", "CatalogNumber", "ItemType", "Country", "Currency", "Source", "Band"];

    private IReadOnlyList<PSObject> Stored(string parameters, string? db = null) =>
        f.Run($"Get-BandcampRevenueSummary -Database '{db ?? f.Db}' {parameters}").Output;

    private IReadOnlyList<PSObject> Piped(string parameters) =>
        f.Run($"$sales | Get-BandcampRevenueSummary {parameters}").Output;

    private static List<string> Describe(IEnumerable<PSObject> rows) => rows.Select(RevenueStoreFixture.Describe).ToList();

    /// <summary>Rows of every kind a summary row counts: sales, refunds and payouts.</summary>
    private static long Rows(PSObject o) => (long)Prop(o, "SaleCount")! + (long)Prop(o, "Refunds")! + (long)Prop(o, "Payouts")!;

    private static string KindOf(string itemType) => itemType.ToLowerInvariant() switch
    {
        "payout" => "payout",
        "refund" or "reversal" or "pending reversal" or "cancelled reversal" or "adjustment" => "refund",
        _ => "sale",
    };

    [Fact]
    public void The_store_and_the_piped_sales_give_the_same_rows_to_the_last_decimal_place()
    {
        var stored = Stored("-GroupBy Year, Currency");
        var piped = Piped("-GroupBy Year, Currency");
        Assert.NotEmpty(stored);
        Assert.All(stored, o => Assert.Equal("BandcampPS.Engine.Storage.RevenueSummaryRow", o.TypeNames[0]));
        Assert.Equal(Describe(stored), Describe(piped));
        // The CSV export repeats the plain band's API sales: one source per band and month counts the API's.
        Assert.Equal(f.ApiSales.Count, stored.Sum(Rows));
    }

    [Fact]
    public void Each_grouping_key_works_and_both_ways_agree()
    {
        foreach (var key in GroupByNames)
        {
            var stored = Stored($"-GroupBy {key}");
            Assert.Equal(Describe(stored), Describe(Piped($"-GroupBy {key}")));
            Assert.Equal(f.ApiSales.Count, stored.Sum(Rows));
        }
        Assert.Equal(Describe(Stored("-GroupBy Day, Band, Source, Country")), Describe(Piped("-GroupBy Day, Band, Source, Country")));
    }

    [Fact]
    public void Sums_per_year_and_currency_equal_the_fake_APIs_own_amounts_added_by_hand()
    {
        var expected = f.ApiSales
            .GroupBy(s => (s.DateUtc.Year, Currency: s.Currency!))
            .OrderBy(g => g.Key.Year).ThenBy(g => g.Key.Currency, StringComparer.Ordinal)
            .Select(g =>
            {
                var sales = g.Where(s => KindOf(s.ItemType) == "sale").ToList();
                return (g.Key.Year, g.Key.Currency, Count: (long)sales.Count, Quantity: sales.Sum(s => (long)(s.Quantity ?? 0)),
                    Gross: sales.Sum(s => s.ItemTotal ?? 0m), Fees: sales.Sum(s => s.TransactionFee ?? 0m),
                    Taxes: sales.Sum(s => (s.SellerTax ?? 0m) + (s.MarketplaceTax ?? 0m)), Shipping: sales.Sum(s => s.Shipping ?? 0m),
                    Net: g.Where(s => KindOf(s.ItemType) != "payout").Sum(s => s.NetAmount ?? 0m),
                    Refunds: (long)g.Count(s => KindOf(s.ItemType) == "refund"), RefundAmount: g.Where(s => KindOf(s.ItemType) == "refund").Sum(s => s.NetAmount ?? 0m),
                    Payouts: (long)g.Count(s => KindOf(s.ItemType) == "payout"), PayoutAmount: g.Where(s => KindOf(s.ItemType) == "payout").Sum(s => s.NetAmount ?? 0m));
            })
            .ToList();
        Assert.Contains(expected, e => e.Payouts > 0);
        Assert.Contains(expected, e => e.Refunds > 0);
        foreach (var rows in new[] { Stored("-GroupBy Year, Currency -Source Api"), Piped("-GroupBy Year, Currency -Source Api") })
        {
            var actual = rows.Select(o => ((int)Prop(o, "Year")!, (string)Prop(o, "Currency")!, (long)Prop(o, "SaleCount")!, (long)Prop(o, "Quantity")!,
                (decimal)Prop(o, "Gross")!, (decimal)Prop(o, "Fees")!, (decimal)Prop(o, "Taxes")!, (decimal)Prop(o, "Shipping")!, (decimal)Prop(o, "Net")!,
                (long)Prop(o, "Refunds")!, (decimal)Prop(o, "RefundAmount")!, (long)Prop(o, "Payouts")!, (decimal)Prop(o, "PayoutAmount")!)).ToList();
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Artists_and_countries_group_as_the_fake_data_does()
    {
        var byArtist = f.ApiSales.GroupBy(s => s.Artist, StringComparer.Ordinal).ToDictionary(g => g.Key ?? "<null>", g => (long)g.Count());
        var stored = Stored("-GroupBy Artist -Source Api");
        Assert.Equal(byArtist, stored.ToDictionary(o => (string?)Prop(o, "Artist") ?? "<null>", Rows));

        var byCountry = f.ApiSales.GroupBy(s => s.CountryCode ?? "<null>").ToDictionary(g => g.Key, g => (long)g.Count());
        var countries = Stored("-GroupBy Country -Source Api");
        Assert.Equal(byCountry, countries.ToDictionary(o => (string?)Prop(o, "CountryCode") ?? "<null>", Rows));
        Assert.Contains(countries, o => (string?)Prop(o, "CountryCode") == "DE" && (string?)Prop(o, "Country") == "Germany");
    }

    [Fact]
    public void Default_grouping_is_month_and_currency_and_an_empty_grouping_is_one_total()
    {
        var byDefault = Stored("");
        Assert.Equal(Describe(Stored("-GroupBy Month, Currency")), Describe(byDefault));
        Assert.All(byDefault, o => Assert.NotNull(Prop(o, "Year")));
        Assert.All(byDefault, o => Assert.NotNull(Prop(o, "Month")));
        Assert.All(byDefault, o => Assert.Null(Prop(o, "Day")));

        var total = Assert.Single(Stored("-GroupBy @()"));
        Assert.Equal(f.ApiSales.Count, Rows(total));
        Assert.Null(Prop(total, "Currency")); // several currencies: never added together
        Assert.Null(Prop(total, "Gross"));
        Assert.Equal(Describe([total]), Describe(Piped("-GroupBy @()")));
    }

    [Fact]
    public void Source_band_and_date_filters_apply_to_both_ways()
    {
        foreach (var filter in new[] { "-Source Csv", $"-BandId {FakeBands.LabelId}", "-StartDate 2022-03-01 -EndDate 2023-07-15", "-StartDate '2022-02-28T22:00:00-02:00' -Source Api" })
        {
            var stored = Stored($"-GroupBy Year, Currency {filter}");
            Assert.NotEmpty(stored);
            Assert.Equal(Describe(stored), Describe(Piped($"-GroupBy Year, Currency {filter}")));
        }
        Assert.Equal(f.CsvSales.Count, Stored("-GroupBy Source -Source Csv").Sum(Rows));
        var start = new DateTime(2022, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        var end = new DateTime(2023, 7, 15, 0, 0, 0, DateTimeKind.Utc);
        Assert.Equal(f.ApiSales.Count(s => s.DateUtc >= start && s.DateUtc < end),
            Piped("-GroupBy Source -Source Api -StartDate 2022-03-01 -EndDate 2023-07-15").Sum(Rows));
    }

    [Fact]
    public void Converted_totals_appear_for_a_database_imported_with_a_currency_and_piped_sales_converted_alike()
    {
        var stored = Stored("-GroupBy Year, Currency", f.ConvertedDb);
        Assert.All(stored, o => Assert.Equal(("EUR", 0L), ((string?)Prop(o, "ReportingCurrency"), (long)Prop(o, "UnconvertedCount")!)));
        Assert.Equal(Describe(stored), Describe(Piped($"-GroupBy Year, Currency -Currency EUR -ExchangeRatePath '{f.RatesPath}'")));

        foreach (var row in stored.Where(o => (string)Prop(o, "Currency")! == "EUR"))
            Assert.Equal(((decimal)Prop(row, "Gross")!, (decimal)Prop(row, "Net")!), ((decimal)Prop(row, "ConvertedGross")!, (decimal)Prop(row, "ConvertedNet")!));

        // By hand: each sale converted on its own and rounded to cents, then added.
        var usd2023 = stored.Single(o => (int)Prop(o, "Year")! == 2023 && (string)Prop(o, "Currency")! == "USD");
        // The CSV rows repeat API months, so the API's rows are the ones counted.
        var rows = f.ApiSales.Where(s => s.DateUtc.Year == 2023 && s.Currency == "USD").ToList();
        var sales = rows.Where(s => KindOf(s.ItemType) == "sale").ToList();
        Assert.Equal(sales.Sum(s => s.ItemTotal is { } v ? ToEur(v, "USD") : 0m), (decimal)Prop(usd2023, "ConvertedGross")!);
        Assert.Equal(rows.Where(s => KindOf(s.ItemType) != "payout").Sum(s => s.NetAmount is { } v ? ToEur(v, "USD") : 0m), (decimal)Prop(usd2023, "ConvertedNet")!);
        Assert.Equal(sales.Sum(s => s.TransactionFee is { } v ? ToEur(v, "USD") : 0m), (decimal)Prop(usd2023, "ConvertedFees")!);
        Assert.Equal(rows.Where(s => KindOf(s.ItemType) == "payout").Sum(s => s.NetAmount is { } v ? ToEur(v, "USD") : 0m), (decimal)Prop(usd2023, "ConvertedPayoutAmount")!);

        // All currencies of a year in one row: native sums stay empty, converted ones add up.
        var year = Stored("-GroupBy Year -StartDate 2023-01-01 -EndDate 2024-01-01", f.ConvertedDb).Single();
        Assert.Null(Prop(year, "Gross"));
        Assert.Equal(stored.Where(o => (int)Prop(o, "Year")! == 2023).Sum(o => (decimal)Prop(o, "ConvertedNet")!), (decimal)Prop(year, "ConvertedNet")!);

        // Unconverted: no reporting currency, and every row counted as unconverted.
        Assert.All(Stored("-GroupBy Year"), o => Assert.Equal(((string?)null, Rows(o)), ((string?)Prop(o, "ReportingCurrency"), (long)Prop(o, "UnconvertedCount")!)));
    }

    [Fact]
    public void A_sale_without_a_rate_is_an_error_and_is_counted_unconverted()
    {
        var result = f.Session.Run($"$sales | Get-BandcampRevenueSummary -GroupBy Year -Source Api -StartDate 2023-01-01 -EndDate 2024-01-01 -ReportingCurrency EUR -ExchangeRate @()");
        Assert.NotEmpty(result.Errors);
        Assert.All(result.Errors, e => Assert.Equal("BandcampExchangeRateNotFound,BandcampPS.Commands.GetBandcampRevenueSummaryCommand", e.FullyQualifiedErrorId));
        var year = Assert.Single(result.Output);
        Assert.Equal(result.Errors.Count, (long)Prop(year, "UnconvertedCount")!);
        Assert.Null(Prop(year, "ReportingCurrency"));
    }

    [Fact]
    public void An_empty_pipeline_summarizes_nothing_rather_than_the_database()
    {
        Assert.Empty(f.Run($"@() | Get-BandcampRevenueSummary -GroupBy Year").Output);
        var total = Assert.Single(f.Run($"@() | Get-BandcampRevenueSummary -GroupBy @()").Output);
        Assert.Equal(0L, Prop(total, "SaleCount"));
        Assert.Equal(f.ApiSales.Count, Stored("-GroupBy Year").Sum(Rows));
        Assert.Equal(Describe(Piped("-GroupBy Year")), Describe(f.Run("Get-BandcampRevenueSummary -GroupBy Year -InputObject $sales").Output));
    }

    [Fact]
    public void Stored_rows_piped_from_Get_BandcampRevenue_sum_as_the_database_does()
    {
        var piped = f.Run($"Get-BandcampRevenue -Database '{f.ConvertedDb}' | Get-BandcampRevenueSummary -GroupBy Year, Currency").Output;
        Assert.NotEmpty(piped);
        Assert.Equal(Describe(Stored("-GroupBy Year, Currency", f.ConvertedDb)), Describe(piped));
        // Converted totals come through as stored, without -Currency.
        Assert.Contains(piped, o => "EUR".Equals(Prop(o, "ReportingCurrency")));

        var filtered = f.Run($"Get-BandcampRevenue -Database '{f.Db}' | Where-Object ItemType -eq 'album' | Get-BandcampRevenueSummary -GroupBy ItemType").Output;
        Assert.Equal(Describe(Stored("-GroupBy ItemType")).Where(d => d.Contains("album")), Describe(filtered));
    }

    [Fact]
    public void A_piped_object_of_another_type_is_an_error_naming_its_type_and_the_rest_still_count()
    {
        var result = f.Session.Run("@($sales[0], 42, $sales[1]) | Get-BandcampRevenueSummary -GroupBy @()");
        var error = Assert.Single(result.Errors);
        Assert.Equal("BandcampInputTypeInvalid,BandcampPS.Commands.GetBandcampRevenueSummaryCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("System.Int32", error.Exception.Message);
        Assert.Equal(42, ((PSObject)error.TargetObject).BaseObject);
        Assert.Equal(2L, Prop(Assert.Single(result.Output), "SaleCount"));
    }

    [Fact]
    public void GroupBy_completes_its_values_and_refuses_others()
    {
        var completion = f.Run("$line = 'Get-BandcampRevenueSummary -GroupBy Year, Mo'; (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText");
        Assert.Contains("Month", completion.Output.Select(o => o.ToString()));

        var wrong = f.Session.Run($"Get-BandcampRevenueSummary -Database '{f.Db}' -GroupBy Week");
        var error = Assert.Single(wrong.Errors);
        Assert.IsType<ParameterBindingException>(error.Exception, exactMatch: false);
        Assert.Contains("GroupBy", error.Exception.Message);
        Assert.Contains("CatalogNumber", error.Exception.Message); // the message lists the valid names
    }

    [Fact]
    public void Date_and_database_errors_are_the_same_as_for_the_rows()
    {
        var range = f.Session.Run($"Get-BandcampRevenueSummary -Database '{f.Db}' -StartDate 2024-01-01 -EndDate 2023-01-01");
        Assert.Equal("BandcampDateRangeInvalid,BandcampPS.Commands.GetBandcampRevenueSummaryCommand", Assert.Single(range.Errors).FullyQualifiedErrorId);

        var missing = Path.Combine(Path.GetTempPath(), "bcps-missing-" + Guid.NewGuid().ToString("N") + ".db");
        var result = f.Session.Run($"Get-BandcampRevenueSummary -Database '{missing}'");
        Assert.Equal("BandcampDatabaseNotFound,BandcampPS.Commands.GetBandcampRevenueSummaryCommand", Assert.Single(result.Errors).FullyQualifiedErrorId);
        Assert.False(File.Exists(missing));
    }
}
