using BandcampPS.Engine.Auth;
using BandcampPS.Engine.Http;
using BandcampPS.Engine.Sales;
using BandcampPS.FakeApi;

namespace BandcampPS.Engine.Tests;

/// <summary>The fake Bandcamp API on loopback and an engine connection to it (no PowerShell, no token cache on disk).</summary>
internal sealed class FakeBandcamp : IAsyncDisposable
{
    private FakeBandcamp(FakeBandcampServer server, BandcampConnection connection, CollectingLog log)
    {
        Server = server;
        Connection = connection;
        Log = log;
    }

    public FakeBandcampServer Server { get; }
    public BandcampConnection Connection { get; }
    public CollectingLog Log { get; }

    public static readonly DateTime Start = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime End = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static async Task<FakeBandcamp> StartAsync(FakeBandcampOptions? options = null)
    {
        var server = await FakeBandcampServer.StartAsync(options ?? new FakeBandcampOptions());
        var log = new CollectingLog();
        var connection = new BandcampConnection(new BandcampConnectionOptions
        {
            Credentials = new ClientCredentials(server.Options.ClientId, server.ClientSecret),
            BaseUri = server.BaseUri,
            UseTokenCache = false,
            // Retries stay on (they are what is under test) but wait next to nothing.
            Http = new HttpSettings { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5), MaxRetryAfter = TimeSpan.Zero },
        }, log);
        await connection.ConnectAsync(CancellationToken.None);
        return new FakeBandcamp(server, connection, log);
    }

    public int Expected(long bandId, DateTime start, DateTime end, long? member = null) =>
        Server.Sales.CountInRange(bandId, member, start, end);

    /// <summary>Everything one read yields, in order.</summary>
    public async Task<List<SaleParseResult>> ReadAsync(SalesReportRequest request)
    {
        var items = new List<SaleParseResult>();
        await foreach (var item in Connection.GetSalesAsync(request, null, CancellationToken.None))
            items.Add(item);
        return items;
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
