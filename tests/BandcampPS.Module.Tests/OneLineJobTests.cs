using System.Management.Automation;
using BandcampPS.FakeApi;
using Xunit.Abstractions;
using static BandcampPS.FakeApi.FakeMerchCatalog;

namespace BandcampPS.Module.Tests;

/// <summary>
/// The typical merch jobs of README and help, one line each, run as a user types them (with PowerShell's own
/// Import-Csv, Group-Object, Export-Csv) against the fake API. Each test prints what the job shows, for the record.
/// </summary>
public sealed class OneLineJobTests(ITestOutputHelper output) : IAsyncLifetime
{
    private FakeApiSession _s = null!;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bcps-jobs-" + Guid.NewGuid().ToString("N"));

    /// <summary>PowerShell's utility cmdlets are not in a bare hosted runspace; pwsh has them.</summary>
    private const string ImportUtility = "Import-Module -Assembly ([System.Reflection.Assembly]::Load('Microsoft.PowerShell.Commands.Utility'))";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _s = await FakeApiSession.StartAsync();
        var connected = _s.RunConnected($"{ImportUtility}; $null = $ExecutionContext.SessionState.Path.SetLocation('{_folder}')");
        Assert.Empty(connected.Errors);
    }

    public async Task DisposeAsync()
    {
        await _s.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private List<FakeOrderItem> Unshipped() => _s.Server.Merch.Orders.Where(o => o.Package.BandId == FakeBands.LabelId && o.ShipDate is null).ToList();

    /// <summary>Runs the job once, and shows its output as pwsh would (the module's table views) in the test log.</summary>
    private ScriptResult Job(string line)
    {
        var result = _s.Run($"$jobOutput = @({line}); $jobOutput");
        var shown = _s.Run("$jobOutput | Format-Table -AutoSize | Out-String -Width 160");
        output.WriteLine("PS> " + line);
        foreach (var error in result.Errors) output.WriteLine($"{error.InvocationInfo?.MyCommand?.Name ?? "error"}: {error.Exception.Message}");
        foreach (var text in shown.Output) output.WriteLine(text.ToString()!.TrimEnd());
        return result;
    }

    [Fact]
    public void Ship_everything_in_a_carriers_csv()
    {
        var rows = Unshipped().Take(4).ToList();
        File.WriteAllLines(Path.Combine(_folder, "dhl.csv"), ["SaleItemId,TrackingCode", .. rows.Select(o => $"{o.SaleItemId},JD0146{o.SaleItemId % 1000000:D6}")]);

        var result = Job("Import-Csv ./dhl.csv | Set-BandcampOrderShipped -Carrier DHL");

        Assert.Empty(result.Errors);
        Assert.Equal(rows.Select(o => (long?)o.SaleItemId), result.Output.Select(o => (long?)o.Properties["SaleItemId"].Value));
        Assert.Equal(1, _s.Server.Stats.ApiRequestsFor(Routes.UpdateShipped));
        var shipped = _s.Server.Merch.Orders.Where(o => rows.Any(r => r.SaleItemId == o.SaleItemId)).ToList();
        Assert.All(shipped, o => Assert.Equal(("DHL", $"JD0146{o.SaleItemId % 1000000:D6}"), (o.Carrier, o.TrackingCode)));
        Assert.All(shipped, o => Assert.NotNull(o.ShipDate));
    }

    [Fact]
    public void Unshipped_orders_older_than_three_days_per_country()
    {
        var line = $"Get-BandcampOrder -BandId {FakeBands.LabelId} -Unshipped -EndDate (Get-Date).AddDays(-3) | Group-Object ShipToCountry -NoElement | Sort-Object Count -Descending";
        var result = Job(line);

        Assert.Empty(result.Errors);
        var cutoff = DateTime.UtcNow.AddDays(-3);
        var expected = Unshipped().Where(o => o.OrderDate < cutoff).GroupBy(o => o.Buyer.Country).ToDictionary(g => g.Key, g => g.Count());
        Assert.NotEmpty(expected);
        Assert.Equal(expected, result.Output.ToDictionary(g => (string)g.Properties["Name"].Value, g => (int)g.Properties["Count"].Value));
        Assert.Equal(expected.Values.OrderDescending(), result.Output.Select(g => (int)g.Properties["Count"].Value));
    }

    [Fact]
    public void Export_a_packing_list()
    {
        var line = $"Get-BandcampOrder -BandId {FakeBands.LabelId} -Unshipped | Sort-Object PaymentId | Select-Object PaymentId, SaleItemId, Quantity, ItemName, Option, Sku, ShipToName, ShipToStreet, ShipToStreet2, ShipToCity, ShipToState, ShipToZip, ShipToCountry | Export-Csv ./packing-list.csv -NoTypeInformation";
        var result = _s.Run(line);

        Assert.Empty(result.Errors);
        var lines = File.ReadAllLines(Path.Combine(_folder, "packing-list.csv"));
        Assert.Equal("\"PaymentId\",\"SaleItemId\",\"Quantity\",\"ItemName\",\"Option\",\"Sku\",\"ShipToName\",\"ShipToStreet\",\"ShipToStreet2\",\"ShipToCity\",\"ShipToState\",\"ShipToZip\",\"ShipToCountry\"", lines[0]);
        var waiting = Unshipped();
        Assert.Equal(waiting.Count, lines.Length - 1);
        Assert.All(waiting, o => Assert.Contains(lines, l => l.Contains($"\"{o.SaleItemId}\"") && l.Contains($"\"{o.Buyer.Street}\"")));
        output.WriteLine("PS> " + line);
        output.WriteLine("PS> Get-Content ./packing-list.csv");
        foreach (var l in lines) output.WriteLine(l);
    }

    [Fact]
    public void Set_stock_from_a_warehouse_csv_with_WhatIf_first()
    {
        File.WriteAllLines(Path.Combine(_folder, "stock.csv"),
        [
            "Sku,OriginId,QuantityAvailable",
            $"EXL012-LP,{UsOriginId},35",
            $"EXL012-LP,{GermanyOriginId},20",
            "EXL-TS-M,,12",
            "SOLO-CD,,80",
        ]);
        var line = $"Import-Csv ./stock.csv | Set-BandcampMerchQuantity -BandId {FakeBands.LabelId}";

        var dryRun = Job(line + " -WhatIf");
        Assert.Empty(dryRun.Output);
        Assert.StartsWith("BandcampMerchItemNotFound,", Assert.Single(dryRun.Errors).FullyQualifiedErrorId); // the CD is the other band's
        Assert.Equal(0, _s.Server.Stats.ApiRequestsFor(Routes.UpdateQuantities));
        Assert.Equal((40, 12), _s.Server.Merch.Stock(VinylPackageId, UsOriginId));

        var real = Job(line);
        Assert.Single(real.Errors);
        Assert.Equal(3, real.Output.Count);
        Assert.Equal((35, 12), _s.Server.Merch.Stock(VinylPackageId, UsOriginId));
        Assert.Equal((20, 3), _s.Server.Merch.Stock(VinylPackageId, GermanyOriginId));
        Assert.Equal((12, 9), _s.Server.Merch.Stock(ShirtMediumId, UsOriginId));
    }
}
