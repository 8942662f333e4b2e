using System.Security.Cryptography;

namespace BandcampPS.FakeApi;

/// <summary>
/// Token strings shaped like the docs' samples (api.md 2.2): access "&lt;n&gt;.&lt;client&gt;.&lt;unixtime&gt;.&lt;base64&gt;=",
/// refresh "&lt;n&gt;.&lt;client&gt;.&lt;base64&gt;=". The base64 part contains + / =, so a client that does not
/// form-encode the refresh token breaks here as it would against Bandcamp.
/// </summary>
internal static class TokenShapes
{
    private static long _serial = 5_550_000_000;

    public static string Access(string clientId, DateTimeOffset issued) =>
        $"{Interlocked.Increment(ref _serial)}.{clientId}.{issued.ToUnixTimeSeconds()}.{RandomBase64()}";

    public static string Refresh(string clientId) => $"{Interlocked.Increment(ref _serial) % 1000}.{clientId}.{RandomBase64()}";

    // 23 random bytes encode to 32 characters ending in a single "=", like the samples.
    private static string RandomBase64() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(23));
}
