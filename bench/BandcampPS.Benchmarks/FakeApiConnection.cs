using BandcampPS.Engine;
using BandcampPS.Engine.Auth;
using BandcampPS.FakeApi;

namespace BandcampPS.Benchmarks;

/// <summary>The engine's own connection to the fake API, as Connect-Bandcamp would make it.</summary>
internal static class FakeApiConnection
{
    /// <param name="tokenCache">Shared by every phase: Bandcamp (and the fake) allows one live grant per client.</param>
    public static async Task<BandcampConnection> ConnectAsync(FakeBandcampServer server, string tokenCache)
    {
        var connection = new BandcampConnection(new BandcampConnectionOptions
        {
            Credentials = new ClientCredentials(server.Options.ClientId, server.ClientSecret),
            BaseUri = server.BaseUri,
            TokenCacheFolder = tokenCache,
        });
        await connection.ConnectAsync(CancellationToken.None);
        return connection;
    }
}
