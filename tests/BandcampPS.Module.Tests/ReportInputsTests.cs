using System.Management.Automation;
using BandcampPS.FakeApi;
using static BandcampPS.Module.Tests.RevenueStoreFixture;

namespace BandcampPS.Module.Tests;

/// <summary>
/// Issue 10 through the module: payouts and refunds apart from sales, one source per band and month, inputs checked
/// before any work, and the module's own Export-Csv output read back. The fixture stores the fake API's sales and the
/// CSV export of the plain band, which repeats the plain band's API sales.
/// </summary>
[Collection(RevenueStoreCollection.Name)]
public sealed class ReportInputsTests(RevenueStoreFixture f)
{
    private ScriptResult Summary(string parameters) => f.Session.Run($"Get-BandcampRevenueSummary -Database '{f.Db}' {parameters}");

    [Fact]
    public void Payouts_have_their_own_columns_and_are_never_counted_as_sales_stored_or_piped()
    {
        foreach (var rows in new[] { Summary("-GroupBy ItemType, Currency -Source Api").Output, f.Run("$sales | Get-BandcampRevenueSummary -GroupBy ItemType, Currency -Source Api").Output })
        {
            var payouts = rows.Where(o => (string?)Prop(o, "ItemType") == "payout").ToList();
            Assert.NotEmpty(payouts);
            Assert.All(payouts, o => Assert.Equal((0L, 0m, 0m), ((long)Prop(o, "SaleCount")!, (decimal)Prop(o, "Gross")!, (decimal)Prop(o, "Net")!)));
            Assert.All(payouts, o => Assert.True((decimal)Prop(o, "PayoutAmount")! < 0));
            var refunds = rows.Where(o => (string?)Prop(o, "ItemType") == "refund").ToList();
            Assert.NotEmpty(refunds);
            Assert.All(refunds, o => Assert.Equal((long)Prop(o, "Refunds")! > 0 ? (decimal)Prop(o, "RefundAmount")! : 0m, (decimal)Prop(o, "Net")!));
            Assert.All(rows.Where(o => (string?)Prop(o, "ItemType") is "album" or "track"), o => Assert.Equal((0L, 0L), ((long)Prop(o, "Refunds")!, (long)Prop(o, "Payouts")!)));
        }
        // Filtered in the database as Get-BandcampSale filters.
        var music = Summary("-GroupBy ItemType -MusicOnly").Output;
        Assert.Equal(["album", "bundle", "track"], music.Select(o => (string)Prop(o, "ItemType")!).Order(StringComparer.Ordinal));
        Assert.Equal(["payout"], Summary("-GroupBy ItemType -ItemType Payout").Output.Select(o => (string)Prop(o, "ItemType")!));
    }

    [Fact]
    public void Both_sources_for_the_same_months_are_counted_once_with_one_warning_naming_Source()
    {
        var stored = Summary("-GroupBy Year, Currency");
        var piped = f.Session.Run("$sales | Get-BandcampRevenueSummary -GroupBy Year, Currency");
        Assert.Equal(stored.Output.Select(Describe), piped.Output.Select(Describe));
        Assert.Equal(Summary("-GroupBy Year, Currency -Source Api").Output.Select(Describe), stored.Output.Select(Describe));
        foreach (var run in new[] { stored, piped })
        {
            var warning = Assert.Single(run.Warnings);
            Assert.Contains($"{f.CsvSales.Count:N0} CSV row(s)", warning);
            Assert.Contains("-Source Csv", warning);
        }
        Assert.Empty(Summary("-GroupBy Year, Currency -Source Csv").Warnings);
    }

    [Fact]
    public void Grouping_without_Currency_warns_once_that_amounts_are_per_currency()
    {
        var result = Summary("-GroupBy Year -Source Api");
        Assert.Contains("per currency", Assert.Single(result.Warnings));
        Assert.Empty(Summary("-GroupBy Year, Currency -Source Api").Warnings);
    }

    [Fact]
    public void A_reporting_currency_the_rates_lack_is_one_error_before_anything_is_read_listing_the_ones_they_have()
    {
        var db = Path.Combine(Path.GetTempPath(), "bcps-xyz-" + Guid.NewGuid().ToString("N") + ".db");
        foreach (var script in new[]
        {
            $"$sales | Import-BandcampRevenue -Database '{db}' -Currency XYZ -ExchangeRatePath '{f.RatesPath}'",
            $"$sales | ConvertTo-BandcampCurrency XYZ -ExchangeRatePath '{f.RatesPath}'",
            $"$sales | Get-BandcampRevenueSummary -Currency XYZ -ExchangeRatePath '{f.RatesPath}'",
        })
        {
            var result = f.Session.Run(script);
            var error = Assert.Single(result.Errors);
            Assert.StartsWith("BandcampCurrencyNotInRates,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.Contains("AUD, CAD, EUR, GBP, JPY, USD", error.Exception.Message);
            Assert.DoesNotContain("Update-BandcampExchangeRate", error.Exception.Message);
            Assert.Empty(result.Output);
        }
        Assert.False(File.Exists(db));
    }

    [Fact]
    public void Unknown_item_types_future_starts_and_pre_Bandcamp_dates_are_caught_before_anything_is_read()
    {
        var albums = Summary("-ItemType albums");
        Assert.Equal("BandcampItemTypeUnknown,BandcampPS.Commands.GetBandcampRevenueSummaryCommand", Assert.Single(albums.Errors).FullyQualifiedErrorId);
        var sale = f.Session.Run($"Get-BandcampSale -BandId {FakeBands.LabelId} -StartDate 2024-01-01 -ItemType albums");
        Assert.Contains("did you mean 'album'", Assert.Single(sale.Errors).Exception.Message);
        var read = f.Session.Run($"Get-BandcampSale -BandId {FakeBands.LabelId} -StartDate 2024-12-01 -EndDate 2024-12-02 -ItemType subscription -AllowUnknownItemType");
        Assert.Empty(read.Errors);
        Assert.Single(read.Warnings);

        foreach (var script in new[] { $"Get-BandcampSale -BandId {FakeBands.LabelId} -StartDate 2999-01-01", $"Get-BandcampRevenueSummary -Database '{f.Db}' -StartDate 2999-01-01", $"Get-BandcampRevenue -Database '{f.Db}' -StartDate 2999-01-01" })
        {
            var error = Assert.Single(f.Session.Run(script).Errors);
            Assert.StartsWith("BandcampDateRangeInvalid,", error.FullyQualifiedErrorId);
            Assert.StartsWith("-StartDate 2999-01-01 00:00:00Z is in the future", error.Exception.Message);
        }

        var decades = Summary("-StartDate 1924-01-01 -Source Api -GroupBy Year, Currency");
        Assert.Empty(decades.Errors);
        Assert.Contains("did you mean 2024?", Assert.Single(decades.Warnings));
        var future = Summary("-EndDate 2999-01-01 -Source Api -GroupBy Year, Currency");
        Assert.Contains("-EndDate 2999-01-01", Assert.Single(future.Warnings));
    }

    [Fact]
    public void A_folder_given_to_Get_BandcampSale_Path_is_an_error_naming_it()
    {
        var folder = Path.GetDirectoryName(f.CsvPath)!;
        var result = f.Session.Run($"Get-BandcampSale -Path '{folder}' -BandId {FakeBands.SoloBandId}");
        var error = Assert.Single(result.Errors);
        Assert.Equal("BandcampCsvFileNotFound,BandcampPS.Commands.GetBandcampSaleCommand", error.FullyQualifiedErrorId);
        Assert.Contains("is a folder", error.Exception.Message);
        Assert.Contains("*.csv", error.Exception.Message);
        Assert.Empty(result.Output);
    }

    /// <summary>
    /// What Export-Csv then Import-Csv make of sales: every property as its ToString() in the session's culture
    /// (Export-Csv's documented conversion), blank for null. The hosted runspace has no Export-Csv, so it is spelled out.
    /// </summary>
    private const string ExportedAndReadBack = """
        $exported = foreach ($s in $subset) {
            $row = [ordered]@{}
            foreach ($p in $s.PSObject.Properties) { $row[$p.Name] = if ($null -eq $p.Value) { '' } else { $p.Value.ToString() } }
            [pscustomobject]$row
        }
        """;

    [Fact]
    public void Sales_exported_in_a_German_session_come_back_in_as_the_same_sales()
    {
        var db = Path.Combine(Path.GetTempPath(), "bcps-rt-" + Guid.NewGuid().ToString("N") + ".db");
        var result = f.Session.Run($$"""
            $before = [cultureinfo]::CurrentCulture
            try {
                [cultureinfo]::CurrentCulture = 'de-DE'
                $subset = $sales[0..299]
                {{ExportedAndReadBack}}
                $exported[0].ItemTotal
                $null = $subset | Import-BandcampRevenue -Database '{{db}}'
                Get-BandcampRevenueSummary -Database '{{db}}' -GroupBy Year, Currency
                $exported | Import-BandcampRevenue -Database '{{db}}'
                Get-BandcampRevenueSummary -Database '{{db}}' -GroupBy Year, Currency
                $exported | Get-BandcampRevenueSummary -GroupBy Year, Currency
                Compare-BandcampRevenue -ReferenceObject $subset -DifferenceObject $exported
            } finally { [cultureinfo]::CurrentCulture = $before }
            """);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(db);
        Assert.Empty(result.Errors);
        Assert.Contains(",", result.Output[0].ToString()); // written as 8,25: the culture really was German
        // The same sales under the same keys: nothing inserted twice. (CSV cannot tell an empty text from a missing
        // one, so a row the API sent with "" in Upc, Isrc or Artist comes back blank and counts as Updated.)
        var import = Assert.Single(result.Output, o => o.TypeNames[0].EndsWith("RevenueImportSummary", StringComparison.Ordinal));
        Assert.Equal((300L, 0L), (Convert.ToInt64(Prop(import, "Received")), Convert.ToInt64(Prop(import, "Inserted"))));
        Assert.Equal(300L, Convert.ToInt64(Prop(import, "AlreadyPresent")) + Convert.ToInt64(Prop(import, "Updated")));
        // Every amount as it was: the stored summary before and after, and the export summed in memory, are one.
        var summaries = result.Output.Where(o => o.TypeNames[0].EndsWith("RevenueSummaryRow", StringComparison.Ordinal)).Select(Describe).ToList();
        var third = summaries.Count / 3;
        Assert.Equal(summaries.Take(third), summaries.Skip(third).Take(third));
        Assert.Equal(summaries.Take(third), summaries.Skip(2 * third));
        Assert.All(result.Output.Where(o => o.TypeNames[0].EndsWith("BandcampRevenueDifference", StringComparison.Ordinal)), o => Assert.Equal("TotalsAgree", Prop(o, "Kind")!.ToString()));
    }

    [Fact]
    public void An_exported_row_that_cannot_be_read_is_one_error_naming_the_field_and_the_others_are_stored()
    {
        var db = Path.Combine(Path.GetTempPath(), "bcps-rt-" + Guid.NewGuid().ToString("N") + ".db");
        var result = f.Session.Run($$"""
            $subset = $sales[0..2]
            {{ExportedAndReadBack}}
            $exported[1].SaleDate = 'yesterday'
            $exported | Import-BandcampRevenue -Database '{{db}}'
            """);
        var error = Assert.Single(result.Errors);
        Assert.Contains("SaleDate 'yesterday' is not a date", error.Exception.Message);
        Assert.Equal(2L, Convert.ToInt64(Prop(Assert.Single(result.Output), "Inserted")));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(db);
    }
}
