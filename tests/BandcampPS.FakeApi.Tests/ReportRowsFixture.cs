using System.Text.Json;

namespace BandcampPS.FakeApi.Tests;

/// <summary>One server and the full label and band reports, shared by the row-shape tests.</summary>
public sealed class ReportRowsFixture : IAsyncLifetime
{
    public FakeBandcampServer Server { get; private set; } = null!;
    public JsonElement[] Rows { get; private set; } = [];

    public async Task InitializeAsync()
    {
        Server = await FakeBandcampServer.StartAsync(new FakeBandcampOptions { SaleCount = 3000 });
        using var client = new FakeApiClient(Server);
        var (access, _) = await client.GrantAsync();
        var label = await client.SalesReportAsync(FakeApiClient.ReportBody(FakeBands.LabelId, "2020-01-01", "2025-01-01"), access);
        var band = await client.SalesReportAsync(FakeApiClient.ReportBody(FakeBands.SoloBandId, "2020-01-01", "2025-01-01"), access);
        Rows = [.. Json.Rows(label), .. Json.Rows(band)];
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
