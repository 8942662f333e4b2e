using System.Globalization;
using System.Management.Automation;
using BandcampPS.FakeApi;

namespace BandcampPS.Module.Tests;

/// <summary>
/// Compare-BandcampRevenue in a hosted runspace: the API's sales (fake server), the web CSV export of the same sales
/// (FakeCsvExport) and the rows Import-BandcampRevenue stored, reconciled with the pipelines a user types.
/// </summary>
public sealed class CompareBandcampRevenueTests : IAsyncLifetime
{
    private static readonly DateTime Start = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime End = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private const string Range = "-StartDate 2020-01-01 -EndDate 2025-01-01";
    private static readonly string Api = $"$api = @(Get-BandcampSale -BandId {FakeBands.SoloBandId} {Range})";

    private FakeApiSession _s = null!;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bcps-compare-" + Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        _s = await FakeApiSession.StartAsync(new FakeBandcampOptions { SaleCount = 1500, Seed = 31 });
        Directory.CreateDirectory(_folder);
        var connect = _s.Run(FakeApiSession.Connect);
        Assert.Empty(connect.Errors);
    }

    public async Task DisposeAsync()
    {
        await _s.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private List<FakeSale> Sales => _s.Server.Sales.InRange(FakeBands.SoloBandId, null, Start, End).ToList();

    private string WriteExport(string name, IEnumerable<FakeSale> sales)
    {
        var path = Path.Combine(_folder, name);
        using var file = File.Create(path);
        FakeCsvExport.Write(file, sales);
        return path;
    }

    private static string Csv(string path) => $"Get-BandcampSale -Path '{path}' -BandId {FakeBands.SoloBandId}";

    private static object? Prop(PSObject o, string name) => o.Properties[name]?.Value;

    private static string Kind(PSObject o) => Prop(o, "Kind")!.ToString()!;

    private static bool IsTotals(PSObject o) => Kind(o) is "TotalsAgree" or "TotalsDiffer";

    private static void AssertAllAgree(ScriptResult result, int expectedCurrencies)
    {
        Assert.True(result.Errors.Count == 0, string.Join("; ", result.Errors));
        Assert.True(result.Output.All(IsTotals), "Unexpected rows:\n" + string.Join("\n", result.Output.Where(o => !IsTotals(o)).Take(20)));
        Assert.Equal(expectedCurrencies, result.Output.Count);
        Assert.All(result.Output, o => Assert.Equal("TotalsAgree", Kind(o)));
        Assert.All(result.Output, o => Assert.Equal(Prop(o, "ReferenceCount"), Prop(o, "DifferenceCount")));
    }

    [Fact]
    public void The_api_and_the_csv_export_of_the_same_sales_compare_equal_both_ways()
    {
        var sales = Sales;
        var csv = WriteExport("same.csv", sales);
        var currencies = sales.Select(s => s.Currency).Distinct().Count();

        var result = _s.Run($"{Api}; {Csv(csv)} | Compare-BandcampRevenue -ReferenceObject $api");
        AssertAllAgree(result, currencies);
        Assert.Equal(sales.Count, result.Output.Sum(o => (int)Prop(o, "ReferenceCount")!));
        Assert.All(result.Output, o => Assert.Equal("BandcampPS.Engine.Reconciliation.BandcampRevenueDifference", o.TypeNames[0]));

        var reversed = _s.Run($"$csv = @({Csv(csv)}); Get-BandcampSale -BandId {FakeBands.SoloBandId} {Range} | Compare-BandcampRevenue $csv");
        AssertAllAgree(reversed, currencies);
    }

    [Fact]
    public void Planted_differences_are_each_found_and_nothing_else_is_reported()
    {
        var sales = Sales;
        var missing = sales.First(s => s.ItemType == "album");
        var refund = sales.First(s => s.ItemType == "refund");
        var centOff = sales.First(s => s.ItemType == "track" && s.Currency != "JPY" && s.NetAmount is not null);
        var extra = missing with { BandcampTransactionId = "4999999999", ItemName = "Planted extra line" };
        var planted = sales
            .Where(s => s != missing && s != refund)
            .Select(s => s == centOff ? s with { NetAmount = s.NetAmount + 0.01m } : s)
            .Append(extra);
        var csv = WriteExport("planted.csv", planted);

        var result = _s.Run($"{Api}; {Csv(csv)} | Compare-BandcampRevenue -ReferenceObject $api");
        Assert.Empty(result.Errors);
        var rows = result.Output.Where(o => !IsTotals(o)).ToList();
        Assert.True(rows.Count == 4, "Rows:\n" + string.Join("\n", rows));

        var onlyInReference = rows.Where(o => Kind(o) == "OnlyInReference").ToDictionary(o => (long)Prop(o, "TransactionItemId")!);
        Assert.Equal(new[] { missing.BandcampTransactionItemId, refund.BandcampTransactionItemId }.Order(), onlyInReference.Keys.Order());
        Assert.Equal("refund", Prop(onlyInReference[refund.BandcampTransactionItemId], "ItemType"));
        Assert.Equal(refund.ItemTotal, Prop(onlyInReference[refund.BandcampTransactionItemId], "ReferenceItemTotal"));
        Assert.Equal("item:" + missing.BandcampTransactionItemId, Prop(onlyInReference[missing.BandcampTransactionItemId], "Key"));

        var onlyInDifference = Assert.Single(rows, o => Kind(o) == "OnlyInDifference");
        Assert.Equal("4999999999", Prop(onlyInDifference, "TransactionId"));
        Assert.Equal($"line:4999999999/{extra.ItemType}/Planted extra line/1", Prop(onlyInDifference, "Key"));
        Assert.Null(Prop(onlyInDifference, "TransactionItemId"));

        var field = Assert.Single(rows, o => Kind(o) == "FieldDiffers");
        Assert.Equal("NetAmount", Prop(field, "Field"));
        Assert.Equal(centOff.BandcampTransactionItemId, Prop(field, "TransactionItemId"));
        Assert.Equal(centOff.NetAmount!.Value, decimal.Parse((string)Prop(field, "ReferenceValue")!, CultureInfo.InvariantCulture));
        Assert.Equal(centOff.NetAmount.Value + 0.01m, decimal.Parse((string)Prop(field, "DifferenceValue")!, CultureInfo.InvariantCulture));

        // Totals: per currency, each side's exact sum; only the currencies the planted lines are in differ.
        var totals = result.Output.Where(IsTotals).ToDictionary(o => (string)Prop(o, "Currency")!);
        var touched = new[] { missing.Currency, refund.Currency, centOff.Currency, extra.Currency }.ToHashSet();
        foreach (var (currency, row) in totals)
        {
            Assert.Equal(touched.Contains(currency) ? "TotalsDiffer" : "TotalsAgree", Kind(row));
            Assert.Equal(sales.Where(s => s.Currency == currency).Sum(s => s.ItemTotal ?? 0m), Prop(row, "ReferenceItemTotal"));
            Assert.Equal(planted.Where(s => s.Currency == currency).Sum(s => s.NetAmount ?? 0m), Prop(row, "DifferenceNetAmount"));
            Assert.Equal(sales.Count(s => s.Currency == currency), Prop(row, "ReferenceCount"));
        }
        Assert.Contains("NetAmount", (string)Prop(totals[centOff.Currency!], "Field")!);
    }

    [Fact]
    public void Stored_rows_read_back_compare_equal_with_the_api_sales()
    {
        var db = Path.Combine(_folder, "revenue.db");
        var csv = WriteExport("stored.csv", Sales);
        var currencies = Sales.Select(s => s.Currency).Distinct().Count();
        var import = _s.Run($"$null = Get-BandcampSale -BandId {FakeBands.SoloBandId} {Range} | Import-BandcampRevenue -Database '{db}'; " +
                            $"$null = {Csv(csv)} | Import-BandcampRevenue -Database '{db}'");
        Assert.Empty(import.Errors);

        AssertAllAgree(_s.Run($"$stored = @(Get-BandcampRevenue -Database '{db}' -Source Api); Get-BandcampSale -BandId {FakeBands.SoloBandId} {Range} | Compare-BandcampRevenue -ReferenceObject $stored"), currencies);
        AssertAllAgree(_s.Run($"{Api}; Get-BandcampRevenue -Database '{db}' -Source Csv | Compare-BandcampRevenue $api"), currencies);
    }

    [Fact]
    public void IncludeEqual_lists_every_match_and_SummaryOnly_only_the_totals()
    {
        var sales = Sales;
        var csv = WriteExport("all-but-one.csv", sales.Skip(1));
        var currencies = sales.Select(s => s.Currency).Distinct().Count();

        var all = _s.Run($"{Api}; {Csv(csv)} | Compare-BandcampRevenue -ReferenceObject $api -IncludeEqual");
        Assert.Empty(all.Errors);
        Assert.Equal(sales.Count - 1, all.Output.Count(o => Kind(o) == "Equal"));
        Assert.Equal(sales[0].BandcampTransactionItemId, Prop(Assert.Single(all.Output, o => Kind(o) == "OnlyInReference"), "TransactionItemId"));
        Assert.Equal(currencies, all.Output.Count(IsTotals));
        // Totals come last.
        Assert.All(all.Output.TakeLast(currencies), o => Assert.True(IsTotals(o)));

        var summary = _s.Run($"{Api}; {Csv(csv)} | Compare-BandcampRevenue -ReferenceObject $api -SummaryOnly");
        Assert.Empty(summary.Errors);
        Assert.Equal(currencies, summary.Output.Count);
        Assert.Equal(sales[0].Currency, Prop(Assert.Single(summary.Output, o => Kind(o) == "TotalsDiffer"), "Currency"));

        var both = _s.Run($"{Api}; {Csv(csv)} | Compare-BandcampRevenue -ReferenceObject $api -SummaryOnly -IncludeEqual");
        Assert.StartsWith("AmbiguousParameterSet", Assert.Single(both.Errors).FullyQualifiedErrorId);
    }

    [Fact]
    public void An_object_that_is_not_a_sale_is_a_non_terminating_error_naming_its_type_and_the_rest_is_compared()
    {
        var result = _s.Run($"{Api}; 'not a sale', $api[0], 42 | Compare-BandcampRevenue -ReferenceObject ($api[0..1] + @([datetime]::UtcNow)) -IncludeEqual");
        Assert.Equal(3, result.Errors.Count);
        Assert.All(result.Errors, e =>
        {
            Assert.Equal("BandcampInputTypeInvalid,BandcampPS.Commands.CompareBandcampRevenueCommand", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
        });
        Assert.Contains("System.DateTime", result.Errors[0].Exception.Message);
        Assert.Contains("-ReferenceObject", result.Errors[0].Exception.Message);
        Assert.Contains("System.String", result.Errors[1].Exception.Message);
        Assert.Equal("not a sale", result.Errors[1].TargetObject is PSObject p ? p.BaseObject : result.Errors[1].TargetObject);
        Assert.Contains("System.Int32", result.Errors[2].Exception.Message);

        Assert.Single(result.Output, o => Kind(o) == "Equal");
        Assert.Single(result.Output, o => Kind(o) == "OnlyInReference");
    }

    [Fact]
    public void Every_property_of_the_output_is_a_scalar_so_Export_Csv_writes_plain_columns()
    {
        var type = _s.Run("(Get-Command Compare-BandcampRevenue).OutputType[0].Type").Output.Single().BaseObject as Type;
        Assert.NotNull(type);
        Assert.Equal("BandcampPS.Engine.Reconciliation.BandcampRevenueDifference", type.FullName);
        foreach (var property in type.GetProperties())
        {
            var t = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            Assert.True(t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(DateTime), $"{property.Name} is {t}");
        }
    }
}
