using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Security;
using BandcampPS.Engine.Sales;
using BandcampPS.FakeApi;

namespace BandcampPS.Benchmarks;

/// <summary>
/// The PowerShell hop: <c>Get-BandcampBand | Get-BandcampSale | Out-Null</c> in a runspace of this process against the
/// engine reading the same report with no PowerShell, both over loopback HTTP from the fake API in this process, each
/// once warm (after a first, untimed read of one year). The fake server's CPU is in both figures, so their difference
/// is what PowerShell adds per sale: binding, WriteObject, the hand-over to the pipeline thread.
/// </summary>
internal static class HopPhase
{
    public static async Task<StageFloorsPhase.Stage> RunAsync(string manifest, FakeBandcampServer server, BenchRange range, string tokenCache)
    {
        var warmEnd = range.StartUtc.AddYears(1);
        var engine = await FakeApiConnection.ConnectAsync(server, tokenCache);
        await ReadAsync(engine, range.StartUtc, warmEnd);
        long rows = 0;
        var floor = await Cost.MeasureAsync(async () => rows = await ReadAsync(engine, range.StartUtc, range.EndUtc));

        using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        runspace.Open();
        Run(runspace, "Import-Module $args[0] -ErrorAction Stop", manifest);
        var secret = new SecureString();
        foreach (var c in server.ClientSecret) secret.AppendChar(c);
        Run(runspace, "Connect-Bandcamp -ClientId $args[0] -ClientSecret $args[1] -BaseUri $args[2] -TokenCachePath $args[3] -ErrorAction Stop",
            server.Options.ClientId, secret, server.BaseUri.ToString(), tokenCache);
        const string Stream = "Get-BandcampBand | Get-BandcampSale -StartDate $args[0] -EndDate $args[1] | Out-Null";
        Run(runspace, Stream, range.StartUtc, warmEnd);
        var measured = Cost.Measure(() => Run(runspace, Stream, range.StartUtc, range.EndUtc));
        return new StageFloorsPhase.Stage("PowerShell hop (Get-BandcampBand | Get-BandcampSale | Out-Null, in-process runspace)",
            "the engine reading the same report, no PowerShell", rows, measured, floor);
    }

    private static async Task<long> ReadAsync(BandcampPS.Engine.BandcampConnection connection, DateTime start, DateTime end)
    {
        long rows = 0;
        foreach (var bandId in FakeBands.TopLevelIds)
            await foreach (var row in connection.GetSalesAsync(new SalesReportRequest(bandId, null, start, end), null, CancellationToken.None))
                rows += row.Sale is null ? 0 : 1;
        return rows;
    }

    private static void Run(Runspace runspace, string script, params object[] arguments)
    {
        using var shell = PowerShell.Create();
        shell.Runspace = runspace;
        shell.AddScript(script);
        foreach (var argument in arguments) shell.AddArgument(argument);
        shell.Invoke();
        if (shell.HadErrors)
            throw new InvalidOperationException($"'{script}' failed: " + string.Join("; ", shell.Streams.Error.Select(e => $"{e.FullyQualifiedErrorId}: {e}")));
    }
}
