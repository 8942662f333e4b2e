using System.Collections;
using System.Management.Automation;
using BandcampPS.FakeApi;
using Microsoft.Data.Sqlite;
using static BandcampPS.Module.Tests.ExchangeRateFiles;

namespace BandcampPS.Module.Tests;

/// <summary>
/// Every cmdlet that converts into a reporting currency says it the same way: -Currency, -ExchangeRatePath and
/// -ExchangeRate, of the same types, checked and completed the same way (issue 11, point 3).
/// </summary>
public sealed class ConversionParameterTests : IAsyncLifetime
{
    private static readonly string[] Converting =
        ["ConvertTo-BandcampCurrency", "Get-BandcampRevenueSummary", "Import-BandcampRevenue", "Sync-BandcampRevenue"];

    private static readonly DateTime Start = new(2024, 3, 23, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime End = new(2024, 4, 4, 0, 0, 0, DateTimeKind.Utc);

    private FakeApiSession _s = null!;
    private readonly ExchangeRateFiles _files = new();

    public async Task InitializeAsync() =>
        _s = await FakeApiSession.StartAsync(new FakeBandcampOptions { SaleCount = 600, Seed = 9, SalesStartUtc = Start, SalesEndUtc = End });

    public async Task DisposeAsync()
    {
        await _s.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _files.Dispose();
    }

    private CmdletInfo Command(string name) => (CmdletInfo)_s.Run($"Get-Command {name}").Output.Single().BaseObject;

    [Fact]
    public void The_cmdlets_that_convert_are_the_ones_with_an_ExchangeRatePath()
    {
        var all = _s.Run("(Get-Module BandcampPS).ExportedCmdlets.Values").Output.Select(o => (CmdletInfo)o.BaseObject);
        Assert.Equal(Converting, all.Where(c => c.Parameters.ContainsKey("ExchangeRatePath")).Select(c => c.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("ConvertTo-BandcampCurrency")]
    [InlineData("Get-BandcampRevenueSummary")]
    [InlineData("Import-BandcampRevenue")]
    [InlineData("Sync-BandcampRevenue")]
    public void Each_takes_Currency_ExchangeRatePath_and_ExchangeRate_typed_checked_and_completed_alike(string name)
    {
        var parameters = Command(name).Parameters;

        var currency = parameters["Currency"];
        Assert.Equal(typeof(string), currency.ParameterType);
        Assert.Equal("^[A-Za-z]{3}$", Assert.Single(currency.Attributes.OfType<ValidatePatternAttribute>()).RegexPattern);
        Assert.Equal("CurrencyCompleter", Assert.Single(currency.Attributes.OfType<ArgumentCompleterAttribute>()).Type?.Name);

        var path = parameters["ExchangeRatePath"];
        Assert.Equal(typeof(string), path.ParameterType);
        Assert.Single(path.Attributes.OfType<ValidateNotNullOrEmptyAttribute>());

        var rates = parameters["ExchangeRate"];
        Assert.Equal("BandcampPS.Engine.Currency.ExchangeRate[]", rates.ParameterType.FullName);
        Assert.Single(rates.Attributes.OfType<ValidateNotNullAttribute>());
    }

    [Fact]
    public void The_summary_takes_Currency_and_its_former_name_ReportingCurrency_alike()
    {
        var type = SaleType(_s.Shell);
        var sales = new[]
        {
            Sale(type, 1, "USD", 10.00m, new DateTime(2024, 3, 30, 18, 5, 0, DateTimeKind.Utc)),
            Sale(type, 2, "JPY", 1500m, new DateTime(2024, 3, 24, 9, 0, 0, DateTimeKind.Utc)),
        };
        PSObject Total(string parameter)
        {
            var result = _s.Shell.Run($"$sales | Get-BandcampRevenueSummary -GroupBy @() {parameter} EUR -ExchangeRatePath $csv",
                new Hashtable { ["sales"] = sales, ["csv"] = _files.Csv });
            Assert.Empty(result.Errors);
            return Assert.Single(result.Output);
        }

        var total = Total("-Currency");
        // 10.00 USD at Thursday's 1.0811 = 9.25 EUR; 1500 JPY at Friday's 163.98 = 9.15 EUR.
        Assert.Equal(("EUR", 18.40m, 0L), (Prop(total, "ReportingCurrency"), Prop(total, "ConvertedGross"), Prop(total, "UnconvertedCount")));
        var old = Total("-ReportingCurrency");
        Assert.Equal((Prop(total, "ReportingCurrency"), Prop(total, "ConvertedGross")), (Prop(old, "ReportingCurrency"), Prop(old, "ConvertedGross")));
    }

    [Fact]
    public void Sync_converts_with_ExchangeRate_objects_and_needs_no_rate_file()
    {
        var db = Path.Combine(_files.Folder, "sync.db");
        var before = Environment.GetEnvironmentVariable("BANDCAMP_EXCHANGE_RATE_PATH");
        // No cached rates anywhere: only the objects can convert.
        Environment.SetEnvironmentVariable("BANDCAMP_EXCHANGE_RATE_PATH", Path.Combine(_files.Folder, "no-cache", "eurofxref-hist.zip"));
        try
        {
            var result = _s.RunConnected(
                $"$rates = Get-BandcampExchangeRate -Path '{_files.Csv}' -StartDate 2024-03-01; " +
                $"Sync-BandcampRevenue -Database '{db}' -Since 2024-03-23 -EndDate 2024-04-04 -Currency EUR -ExchangeRate $rates");

            var sales = _s.Server.Sales.InRange(FakeBands.LabelId, null, Start, End).Concat(_s.Server.Sales.InRange(FakeBands.SoloBandId, null, Start, End)).ToList();
            var aud = sales.Count(s => s.Currency == "AUD"); // the rates have none: one error each, the others are stored
            Assert.All(result.Errors, e => Assert.StartsWith("BandcampExchangeRateNotFound", e.FullyQualifiedErrorId));
            Assert.Equal(aud, result.Errors.Count);

            var rows = _s.Run($"Get-BandcampRevenue -Database '{db}'").Output;
            Assert.Equal(sales.Count - aud, rows.Count);
            Assert.All(rows, r => Assert.Equal("EUR", Prop(r, "ReportingCurrency")));
        }
        finally
        {
            Environment.SetEnvironmentVariable("BANDCAMP_EXCHANGE_RATE_PATH", before);
        }
    }

    [Fact]
    public void Sync_checks_the_currency_against_the_ExchangeRate_objects_before_any_band_is_read()
    {
        var result = _s.RunConnected(
            $"Sync-BandcampRevenue -Database '{Path.Combine(_files.Folder, "none.db")}' -Since 2024-03-23 -Currency XYZ " +
            $"-ExchangeRate (Get-BandcampExchangeRate -Path '{_files.Csv}')");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("BandcampCurrencyNotInRates", error.FullyQualifiedErrorId);
        Assert.Contains("the -ExchangeRate objects", error.Exception.Message);
        Assert.Equal(0, _s.Server.Stats.SalesReportRequests);
        Assert.False(File.Exists(Path.Combine(_files.Folder, "none.db")));
    }
}
