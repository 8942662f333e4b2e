using System.Collections;
using System.Management.Automation;
using Microsoft.Data.Sqlite;
using static BandcampPS.Module.Tests.ExchangeRateFiles;

namespace BandcampPS.Module.Tests;

/// <summary>
/// ConvertTo-BandcampCurrency with hand-computed values, against <see cref="ImportCurrencyTests.Ecb"/>: Good Friday
/// (29 March 2024) and weekends have no rate, AUD has none at all.
/// </summary>
public sealed class ConvertToBandcampCurrencyTests : IDisposable
{
    private readonly PowerShellHost _shell = new();
    private readonly ExchangeRateFiles _files = new();
    private readonly object[] _sales;

    public ConvertToBandcampCurrencyTests()
    {
        var type = SaleType(_shell);
        _sales =
        [
            Sale(type, 1, "USD", 10.00m, new DateTime(2024, 3, 30, 18, 5, 0, DateTimeKind.Utc)),  // Saturday after Good Friday
            Sale(type, 2, "JPY", 1500m, new DateTime(2024, 3, 24, 9, 0, 0, DateTimeKind.Utc)),    // Sunday
            Sale(type, 3, "AUD", 20.00m, new DateTime(2024, 3, 27, 12, 0, 0, DateTimeKind.Utc)),  // no AUD rates at all
            Sale(type, 4, "EUR", 5.00m, new DateTime(2024, 3, 27, 12, 0, 0, DateTimeKind.Utc)),
        ];
    }

    public void Dispose()
    {
        _shell.Dispose();
        SqliteConnection.ClearAllPools();
        _files.Dispose();
    }

    private ScriptResult Run(string script) =>
        _shell.Run(script, new Hashtable { ["sales"] = _sales, ["zip"] = _files.Zip, ["csv"] = _files.Csv, ["db"] = Path.Combine(_files.Folder, "fx.db") });

    private Dictionary<long, PSObject> ConvertedByItem(ScriptResult result) =>
        result.Output.ToDictionary(o => (long)Prop(o, "TransactionItemId")!);

    [Theory]
    [InlineData("ConvertTo-BandcampCurrency -Currency U")]
    [InlineData("Import-BandcampRevenue -Currency U")]
    [InlineData("Sync-BandcampRevenue -Currency U")]
    [InlineData("Get-BandcampRevenueSummary -Currency U")]
    [InlineData("Get-BandcampExchangeRate -Currency U")]
    public void Every_currency_parameter_completes_the_ECB_codes(string line)
    {
        var result = _shell.Run("(TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText", new System.Collections.Hashtable { ["line"] = line });
        Assert.Equal(["USD"], result.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void To_euro_with_the_rate_of_the_day_or_the_last_earlier_one_rounded_once_to_cents()
    {
        var result = Run("$sales | ConvertTo-BandcampCurrency EUR -ExchangeRatePath $zip");

        var converted = ConvertedByItem(result);
        Assert.All(result.Output, o => Assert.Equal("BandcampPS.Engine.Currency.ConvertedSale", o.TypeNames[0]));

        // 10.00 USD on Saturday 30 March: Thursday's 1.0811.  10 / 1.0811 = 9.2498381... -> 9.25;
        // net 8.70 / 1.0811 = 8.0473591... -> 8.05;  fee -1.30 / 1.0811 = -1.2024789... -> -1.20
        var usd = converted[1];
        Assert.Equal(("EUR", 0.9249838128m, new DateOnly(2024, 3, 28)), (Prop(usd, "ReportingCurrency"), Prop(usd, "ExchangeRate"), Prop(usd, "ExchangeRateDate")));
        Assert.Equal((9.25m, 9.25m, 8.05m, -1.20m), (Prop(usd, "ConvertedItemTotal"), Prop(usd, "ConvertedItemPrice"), Prop(usd, "ConvertedNetAmount"), Prop(usd, "ConvertedTransactionFee")));
        Assert.Equal((10.00m, "USD", "Tides 1"), (Prop(usd, "ItemTotal"), Prop(usd, "Currency"), Prop(usd, "ItemName"))); // the sale's own fields stay

        // 1500 JPY on Sunday 24 March: Friday 22 March's 163.98.  1500 / 163.98 = 9.1474570... -> 9.15
        var jpy = converted[2];
        Assert.Equal((9.15m, new DateOnly(2024, 3, 22)), (Prop(jpy, "ConvertedItemTotal"), Prop(jpy, "ExchangeRateDate")));

        // EUR to EUR: rate 1 on the sale's own day.
        var eur = converted[4];
        Assert.Equal((5.00m, 1m, new DateOnly(2024, 3, 27)), (Prop(eur, "ConvertedItemTotal"), Prop(eur, "ExchangeRate"), Prop(eur, "ExchangeRateDate")));
    }

    [Fact]
    public void A_cross_rate_goes_through_the_euro_and_midpoints_round_away_from_zero()
    {
        var converted = ConvertedByItem(Run("$sales | ConvertTo-BandcampCurrency GBP -ExchangeRatePath $csv"));

        // 10 USD -> GBP on 28 March: 10 x 0.8551 / 1.0811 = 7.9095365... -> 7.91; rate 0.8551 / 1.0811 = 0.79095365831... -> 0.7909536583
        Assert.Equal((7.91m, 0.7909536583m), (Prop(converted[1], "ConvertedItemTotal"), Prop(converted[1], "ExchangeRate")));
        // 5.00 EUR -> GBP on 27 March: 5 x 0.8570 = 4.285 exactly -> 4.29 (banker's rounding would give 4.28)
        Assert.Equal(4.29m, Prop(converted[4], "ConvertedItemTotal"));
    }

    [Fact]
    public void Yen_has_no_minor_unit()
    {
        var converted = ConvertedByItem(Run("$sales | ConvertTo-BandcampCurrency jpy -ExchangeRatePath $csv"));

        // 10 USD -> JPY on 28 March: 10 x 163.45 / 1.0811 = 1511.886... -> 1512;  net 8.70 -> 1315.341... -> 1315
        Assert.Equal((1512m, 1315m, "JPY"), (Prop(converted[1], "ConvertedItemTotal"), Prop(converted[1], "ConvertedNetAmount"), Prop(converted[1], "ReportingCurrency")));
    }

    [Fact]
    public void A_sale_without_a_rate_is_one_error_naming_it_and_the_others_still_flow_in_order()
    {
        var result = Run("$sales | ConvertTo-BandcampCurrency EUR -ExchangeRatePath $csv");

        var error = Assert.Single(result.Errors);
        Assert.Equal("BandcampExchangeRateNotFound,BandcampPS.Commands.ConvertToBandcampCurrencyCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Same(_sales[2], error.TargetObject);
        Assert.StartsWith("Sale item 3 (transaction T3) in AUD on 2024-03-27 was not converted to EUR: No AUD exchange rate", error.Exception.Message);
        Assert.Equal([1L, 2L, 4L], result.Output.Select(o => (long)Prop(o, "TransactionItemId")!));
    }

    [Fact]
    public void Every_property_is_a_scalar_so_Export_Csv_writes_plain_columns()
    {
        var result = Run("$sales | ConvertTo-BandcampCurrency EUR -ExchangeRatePath $csv");

        var type = result.Output[0].BaseObject.GetType();
        var notScalar = type.GetProperties().Where(p => !IsScalar(p.PropertyType)).Select(p => p.Name).ToList();
        Assert.Empty(notScalar);
        var names = type.GetProperties().Select(p => p.Name).ToHashSet();
        Assert.Superset(SaleType(_shell).GetProperties().Select(p => p.Name).ToHashSet(), names);

        static bool IsScalar(Type t)
        {
            t = Nullable.GetUnderlyingType(t) ?? t;
            return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(DateTime) || t == typeof(DateOnly);
        }
    }

    [Fact]
    public void Rates_from_Get_BandcampExchangeRate_give_the_same_conversion()
    {
        var result = Run("$rates = Get-BandcampExchangeRate -StartDate 2024-03-01 -Path $zip; $sales | ConvertTo-BandcampCurrency GBP -ExchangeRate $rates");

        Assert.Single(result.Errors); // AUD
        Assert.Equal(7.91m, Prop(ConvertedByItem(result)[1], "ConvertedItemTotal"));
    }

    [Fact]
    public void Converted_sales_pipe_into_Import_BandcampRevenue_which_stores_their_conversion()
    {
        var result = Run("$sales | ConvertTo-BandcampCurrency EUR -ExchangeRatePath $csv | Import-BandcampRevenue -Database $db");

        Assert.Single(result.Errors); // AUD, from ConvertTo
        var summary = Assert.Single(result.Output);
        Assert.Equal(3, Prop(summary, "Inserted"));

        var rows = Run("Get-BandcampRevenue -Database $db");
        Assert.Empty(rows.Errors);
        var usd = rows.Output.Single(o => (long?)Prop(o, "TransactionItemId") == 1);
        Assert.Equal(("EUR", 9.25m, 8.05m, new DateOnly(2024, 3, 28), 0.9249838128m),
            (Prop(usd, "ReportingCurrency"), Prop(usd, "ConvertedItemTotal"), Prop(usd, "ConvertedNetAmount"), Prop(usd, "ExchangeRateDate"), Prop(usd, "ExchangeRate")));
    }

    [Fact]
    public void Converted_sales_piped_to_Get_BandcampRevenueSummary_are_summed_with_their_conversion()
    {
        var result = Run("$sales | ConvertTo-BandcampCurrency EUR -ExchangeRatePath $csv -ErrorAction SilentlyContinue | Get-BandcampRevenueSummary -GroupBy @()");

        var total = Assert.Single(result.Output);
        // 9.25 (USD) + 9.15 (JPY) + 5.00 (EUR); the AUD sale never reached the summary.
        Assert.Equal(("EUR", 23.40m, 0L), (Prop(total, "ReportingCurrency"), Prop(total, "ConvertedGross"), Prop(total, "UnconvertedCount")));
    }

    [Fact]
    public void Without_a_cache_the_error_tells_the_user_to_run_Update()
    {
        var before = Environment.GetEnvironmentVariable("BANDCAMP_EXCHANGE_RATE_PATH");
        Environment.SetEnvironmentVariable("BANDCAMP_EXCHANGE_RATE_PATH", Path.Combine(_files.Folder, "none", "eurofxref-hist.zip"));
        try
        {
            var result = Run("$sales | ConvertTo-BandcampCurrency EUR");

            var error = Assert.Single(result.Errors);
            Assert.Equal("BandcampExchangeRatesMissing,BandcampPS.Commands.ConvertToBandcampCurrencyCommand", error.FullyQualifiedErrorId);
            Assert.Contains("Run Update-BandcampExchangeRate", error.Exception.Message);
            Assert.Empty(result.Output);
        }
        finally
        {
            Environment.SetEnvironmentVariable("BANDCAMP_EXCHANGE_RATE_PATH", before);
        }
    }
}
