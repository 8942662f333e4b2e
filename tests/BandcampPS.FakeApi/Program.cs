using System.Globalization;
using System.Runtime.InteropServices;
using BandcampPS.FakeApi;

// Runs the fake alone, e.g. to point a hand-run PowerShell session at it:
//   dotnet run --project tests/BandcampPS.FakeApi -- --port 5099 --sales 100000 [--seed 42]
//       [--client-id 4242 --client-secret ...] [--shuffle] [--strict-grants] [--payouts-without-item-ids]
//       [--delay-ms 1000] [--rate-limit 5] [--from 2015-01-01 --to 2025-01-01]
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine("Options: --port N  --sales N  --seed N  --client-id ID  --client-secret S  --shuffle  --strict-grants  --payouts-without-item-ids  --delay-ms N  --rate-limit N  --from yyyy-MM-dd  --to yyyy-MM-dd");
    return 0;
}

var defaults = new FakeBandcampOptions();
FakeBandcampOptions options;
try
{
    var cli = CommandLine.Parse(args);
    options = new FakeBandcampOptions
    {
        Port = cli.Int("--port", 0),
        SaleCount = cli.Int("--sales", defaults.SaleCount),
        Seed = cli.Int("--seed", defaults.Seed),
        ClientId = cli.Text("--client-id", defaults.ClientId),
        ClientSecret = cli.Text("--client-secret", defaults.ClientSecret),
        ShuffleRows = cli.Flag("--shuffle"),
        PayoutsHaveItemIds = !cli.Flag("--payouts-without-item-ids"),
        ResponseDelay = TimeSpan.FromMilliseconds(cli.Int("--delay-ms", 0)),
        RateLimitPerSecond = cli.Int("--rate-limit", 0),
        SalesStartUtc = cli.Date("--from", defaults.SalesStartUtc),
        SalesEndUtc = cli.Date("--to", defaults.SalesEndUtc),
        DuplicateGrantMode = cli.Flag("--strict-grants") ? DuplicateGrantMode.UntilClientRegenerated : DuplicateGrantMode.UntilAccessTokenExpires,
    };
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var stop = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });

await using var server = await FakeBandcampServer.StartAsync(options);
var first = server.Sales.Count > 0 ? server.Sales.TimeOf(0).ToString("u", CultureInfo.InvariantCulture) : "-";
var last = server.Sales.Count > 0 ? server.Sales.TimeOf(server.Sales.Count - 1).ToString("u", CultureInfo.InvariantCulture) : "-";
Console.WriteLine($"""
    Fake Bandcamp API listening on {server.BaseUri}
      client id:     {options.ClientId}
      client secret: {options.ClientSecret}
      bands:         label {FakeBands.LabelId} (artists {FakeBands.FirstArtistId}, {FakeBands.SecondArtistId}), band {FakeBands.SoloBandId}
      sales:         {server.Sales.Count} (seed {options.Seed}), {first} .. {last}
      faults:        POST {server.BaseUri}_fake/faults/<knob>?requests=N&value=V, POST {server.BaseUri}_fake/reset, GET {server.BaseUri}_fake/stats
    Press Ctrl+C to stop.
    """);
await stop.Task;
Console.WriteLine("Stopping.");
return 0;
