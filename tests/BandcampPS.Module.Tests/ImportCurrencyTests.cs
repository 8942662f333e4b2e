using System.Globalization;
using BandcampPS.FakeApi;
using Microsoft.Data.Sqlite;

namespace BandcampPS.Module.Tests;

/// <summary>Import-BandcampRevenue -Currency against a small ECB file with a weekend, Easter and a missing currency.</summary>
public sealed class ImportCurrencyTests : IAsyncLifetime
{
    // Units per euro, as the ECB publishes them. Good Friday (29 Mar) and Easter Monday (1 Apr) have no line; AUD has no rates at all.
    internal const string Ecb = """
        Date,USD,JPY,GBP,CAD,
        2024-04-03,1.0793,163.66,0.8555,1.4658,
        2024-04-02,1.0749,163.01,0.8551,1.4597,
        2024-03-28,1.0811,163.45,0.8551,1.4679,
        2024-03-27,1.0824,164.08,0.8570,1.4704,
        2024-03-26,1.0855,164.22,0.8577,1.4750,
        2024-03-25,1.0835,163.83,0.8580,1.4714,
        2024-03-22,1.0823,163.98,0.8578,1.4694,
        """;

    private static readonly DateTime Start = new(2024, 3, 23, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime End = new(2024, 4, 4, 0, 0, 0, DateTimeKind.Utc);
    private FakeApiSession _s = null!;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bcps-fx-" + Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        _s = await FakeApiSession.StartAsync(new FakeBandcampOptions { SaleCount = 1500, Seed = 9, SalesStartUtc = Start, SalesEndUtc = End });
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, "eurofxref-hist.csv"), Ecb);
        Assert.Empty(_s.Run(FakeApiSession.Connect).Errors);
    }

    public async Task DisposeAsync()
    {
        await _s.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static readonly Dictionary<string, int> Column = new() { ["USD"] = 1, ["JPY"] = 2, ["GBP"] = 3, ["CAD"] = 4 };

    /// <summary>The rule, computed independently: the latest ECB day on or before the sale's day.</summary>
    private static (DateOnly Day, decimal UnitsPerEuro) RateOf(string currency, DateOnly day)
    {
        if (currency == "EUR") return (day, 1m); // nothing to convert: rate 1 on the sale's own day
        foreach (var line in Ecb.Split('\n').Skip(1).Where(l => l.Trim().Length > 0))
        {
            var cells = line.Trim().Split(',');
            var date = DateOnly.ParseExact(cells[0], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (date <= day) return (date, decimal.Parse(cells[Column[currency]], CultureInfo.InvariantCulture));
        }
        throw new InvalidOperationException();
    }

    [Fact]
    public void Amounts_are_converted_with_the_rate_of_the_day_or_the_last_earlier_one_and_missing_currencies_are_errors()
    {
        var db = Path.Combine(_folder, "fx.db");
        var result = _s.Run($"Get-BandcampBand | Get-BandcampSale -StartDate 2024-03-23 -EndDate 2024-04-04 | Import-BandcampRevenue -Database '{db}' -Currency EUR -ExchangeRatePath '{Path.Combine(_folder, "eurofxref-hist.csv")}'");

        var sales = _s.Server.Sales.InRange(FakeBands.LabelId, null, Start, End).Concat(_s.Server.Sales.InRange(FakeBands.SoloBandId, null, Start, End)).ToList();
        var aud = sales.Count(s => s.Currency == "AUD");
        Assert.True(aud > 0);
        Assert.Equal(aud, result.Errors.Count);
        Assert.All(result.Errors, e =>
        {
            Assert.StartsWith("BandcampExchangeRateNotFound", e.FullyQualifiedErrorId);
            Assert.Contains("AUD", e.Exception.Message);
        });

        using var connection = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Currency, SaleDate, ItemTotal, ConvertedItemTotal, ExchangeRateDate, ReportingCurrency FROM BandcampRevenue";
        using var reader = command.ExecuteReader();
        var rows = 0;
        var weekend = 0;
        while (reader.Read())
        {
            rows++;
            var currency = reader.GetString(0);
            var saleDay = DateOnly.FromDateTime(DateTime.Parse(reader.GetString(1), CultureInfo.InvariantCulture));
            var (rateDay, unitsPerEuro) = RateOf(currency, saleDay);
            Assert.Equal("EUR", reader.GetString(5));
            Assert.Equal(rateDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), reader.GetString(4)[..10]);
            if (reader.IsDBNull(2)) continue;
            var amount = decimal.Parse(reader.GetString(2), CultureInfo.InvariantCulture);
            var expected = Math.Round(amount / unitsPerEuro, 2, MidpointRounding.AwayFromZero);
            Assert.Equal(expected, decimal.Parse(reader.GetString(3), CultureInfo.InvariantCulture));
            if (saleDay.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || saleDay == new DateOnly(2024, 3, 29)) weekend++;
        }
        Assert.Equal(sales.Count - aud, rows);
        Assert.True(weekend > 0, "some sales fall on days without a rate");
    }

    [Fact]
    public void A_hand_computed_example()
    {
        // 10.00 USD sold on Saturday 30 March 2024: Good Friday has no rate, so Thursday's 1.0811 applies.
        // 10 / 1.0811 = 9.24983812...  -> 9.25 EUR, rate date 2024-03-28.
        Assert.Equal((new DateOnly(2024, 3, 28), 1.0811m), RateOf("USD", new DateOnly(2024, 3, 30)));
        Assert.Equal(9.25m, Math.Round(10m / 1.0811m, 2, MidpointRounding.AwayFromZero));
    }
}
