using BandcampPS.Engine.Auth;
using BandcampPS.Engine.Http;
using BandcampPS.Engine.Sales;
using BandcampPS.FakeApi;

namespace BandcampPS.Engine.Tests.Merch;

/// <summary>A fake Bandcamp API on loopback and an engine connection to it, on a clock the test controls.</summary>
internal sealed class EngineOverFake : IAsyncDisposable
{
    private EngineOverFake(FakeBandcampServer server, BandcampConnection connection, SteppingTimeProvider time, CollectingLog log)
    {
        Server = server;
        Connection = connection;
        Time = time;
        Log = log;
    }

    public FakeBandcampServer Server { get; }
    public BandcampConnection Connection { get; }
    public SteppingTimeProvider Time { get; }
    public CollectingLog Log { get; }

    public static async Task<EngineOverFake> StartAsync(FakeBandcampOptions? options = null, AsyncReportSettings? reports = null)
    {
        var server = await FakeBandcampServer.StartAsync(options ?? new FakeBandcampOptions { SaleCount = 2000 });
        var time = new SteppingTimeProvider();
        var log = new CollectingLog();
        var connection = new BandcampConnection(new BandcampConnectionOptions
        {
            Credentials = new ClientCredentials(server.Options.ClientId, server.ClientSecret),
            BaseUri = server.BaseUri,
            UseTokenCache = false,
            Time = time,
            Http = new HttpSettings { BaseDelay = TimeSpan.FromSeconds(2), AttemptTimeout = TimeSpan.FromDays(1) },
            AsyncReports = reports ?? new AsyncReportSettings(),
        }, log);
        return new EngineOverFake(server, connection, time, log);
    }

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
