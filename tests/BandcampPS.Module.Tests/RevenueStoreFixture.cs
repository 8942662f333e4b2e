using System.Globalization;
using System.Management.Automation;
using System.Text;
using BandcampPS.FakeApi;
using Microsoft.Data.Sqlite;

namespace BandcampPS.Module.Tests;

/// <summary>
/// Two revenue databases filled once, through the module, from the fake API (every sale of the label and the plain
/// band) and from a Bandcamp CSV export of the plain band (Source = Csv): <see cref="Db"/> as imported, and
/// <see cref="ConvertedDb"/> imported with -Currency EUR and a small ECB rate file (<see cref="RatesPath"/>).
/// The runspace keeps the same sales in <c>$sales</c> (API then CSV), for the in-memory summaries.
/// </summary>
public sealed class RevenueStoreFixture : IAsyncLifetime
{
    public static readonly DateTime Start = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime End = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Units per euro, one constant rate per currency on every business day (see <see cref="WriteRates"/>).</summary>
    public static readonly IReadOnlyDictionary<string, decimal> UnitsPerEuro = new Dictionary<string, decimal>
    {
        ["USD"] = 1.0811m, ["JPY"] = 163.45m, ["GBP"] = 0.8548m, ["CAD"] = 1.4687m, ["AUD"] = 1.6439m, ["EUR"] = 1m,
    };

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bcps-read-" + Guid.NewGuid().ToString("N"));

    public FakeApiSession Session { get; private set; } = null!;
    public string Db => Path.Combine(_folder, "revenue.db");
    public string ConvertedDb => Path.Combine(_folder, "revenue-eur.db");
    public string RatesPath => Path.Combine(_folder, "eurofxref-hist.csv");
    public string CsvPath => Path.Combine(_folder, "solo-export.csv");

    /// <summary>The sales the API reports over [Start, End): every sale of the data set (label and plain band).</summary>
    public IReadOnlyList<FakeSale> ApiSales { get; private set; } = [];

    /// <summary>The plain band's sales, which the CSV export repeats with Source = Csv.</summary>
    public IReadOnlyList<FakeSale> CsvSales { get; private set; } = [];

    public int StoredCount => ApiSales.Count + CsvSales.Count;

    public async Task InitializeAsync()
    {
        Session = await FakeApiSession.StartAsync(new FakeBandcampOptions { SaleCount = 4000, Seed = 23 });
        Directory.CreateDirectory(_folder);
        var data = Session.Server.Sales;
        ApiSales = data.InRange(FakeBands.LabelId, null, Start, End).Concat(data.InRange(FakeBands.SoloBandId, null, Start, End)).ToList();
        CsvSales = data.InRange(FakeBands.SoloBandId, null, Start, End).ToList();
        using (var file = File.Create(CsvPath)) FakeCsvExport.Write(file, CsvSales);
        WriteRates(RatesPath);

        Run(FakeApiSession.Connect);
        Run($"$sales = @(Get-BandcampBand | Get-BandcampSale -StartDate 2020-01-01 -EndDate 2025-01-01) + @(Get-BandcampSale -Path '{CsvPath}' -BandId {FakeBands.SoloBandId})");
        Assert.Equal(StoredCount, (int)Run("$sales.Count").Output.Single().BaseObject);
        Run($"$sales | Import-BandcampRevenue -Database '{Db}'");
        Run($"$sales | Import-BandcampRevenue -Database '{ConvertedDb}' -Currency EUR -ExchangeRatePath '{RatesPath}'");
    }

    public async Task DisposeAsync()
    {
        await Session.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Runs a script that must not fail.</summary>
    public ScriptResult Run(string script)
    {
        var result = Session.Run(script);
        Assert.True(result.Errors.Count == 0, script + "\n" + string.Join("\n", result.Errors));
        return result;
    }

    /// <summary>EUR → other conversion of one amount, as CurrencyConversion rounds it (2 decimals for EUR, midpoints away from zero).</summary>
    public static decimal ToEur(decimal amount, string currency) =>
        Math.Round(amount / UnitsPerEuro[currency], 2, MidpointRounding.AwayFromZero);

    /// <summary>
    /// An ECB history file shaped like the real one (newest first, trailing comma): every weekday from shortly before
    /// the first sale to shortly after the last, with one constant rate per currency.
    /// </summary>
    private static void WriteRates(string path)
    {
        var text = new StringBuilder("Date,USD,JPY,GBP,CAD,AUD,\n");
        for (var day = new DateOnly(2025, 1, 3); day >= new DateOnly(2019, 12, 20); day = day.AddDays(-1))
        {
            if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) continue;
            text.Append(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            foreach (var currency in new[] { "USD", "JPY", "GBP", "CAD", "AUD" })
                text.Append(',').Append(UnitsPerEuro[currency].ToString(CultureInfo.InvariantCulture));
            text.Append(",\n");
        }
        File.WriteAllText(path, text.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    /// <summary>Every property of an output object, decimals as invariant text (so 8.5 and 8.50 differ).</summary>
    public static string Describe(PSObject o) =>
        string.Join("|", o.Properties.Select(p => p.Name + "=" + p.Value switch
        {
            null => "null",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            var v => v.ToString(),
        }));

    public static object? Prop(PSObject o, string name) => o.Properties[name].Value;
}

[CollectionDefinition(Name)]
public sealed class RevenueStoreCollection : ICollectionFixture<RevenueStoreFixture>
{
    public const string Name = "Revenue store read from the fake API";
}
