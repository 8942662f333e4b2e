using System.Collections;
using System.Security;
using BandcampPS.FakeApi;

namespace BandcampPS.Module.Tests;

/// <summary>A fake Bandcamp API, a PowerShell runspace with the module, and a private token cache folder.</summary>
public sealed class FakeApiSession : IAsyncDisposable
{
    public FakeBandcampServer Server { get; }
    public PowerShellHost Shell { get; } = new();

    /// <summary>Everything the session writes lives under here (tests add siblings such as $tokenCache + '-other'); removed on dispose.</summary>
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "bcps-session-" + Guid.NewGuid().ToString("N"));

    public string TokenCache => Path.Combine(Folder, "tokens");

    private FakeApiSession(FakeBandcampServer server) => Server = server;

    public static async Task<FakeApiSession> StartAsync(FakeBandcampOptions? options = null) =>
        new(await FakeBandcampServer.StartAsync(options ?? new FakeBandcampOptions()));

    public string Secret => Server.Options.ClientSecret;

    public static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (var c in text) secure.AppendChar(c);
        secure.MakeReadOnly();
        return secure;
    }

    /// <summary>The variables every script can use: $fake, $baseUri, $clientId, $secret (SecureString), $tokenCache.</summary>
    public IDictionary Variables() => new Hashtable
    {
        ["fake"] = Server,
        ["baseUri"] = Server.BaseUri.ToString(),
        ["clientId"] = Server.Options.ClientId,
        ["secret"] = Secure(Secret),
        ["tokenCache"] = TokenCache,
    };

    public const string Connect = "Connect-Bandcamp -ClientId $clientId -ClientSecret $secret -BaseUri $baseUri -TokenCachePath $tokenCache -RetryBaseDelay '00:00:00.05'";

    public ScriptResult Run(string script) => Shell.Run(script, Variables());

    /// <summary>Connects, then runs the script; fails the test if connecting failed.</summary>
    public ScriptResult RunConnected(string script)
    {
        var connect = Run(Connect);
        Assert.True(connect.Errors.Count == 0, "Connect-Bandcamp failed: " + string.Join("; ", connect.Errors));
        return Run(script);
    }

    public async ValueTask DisposeAsync()
    {
        Shell.Run("Disconnect-Bandcamp -ErrorAction SilentlyContinue");
        Shell.Dispose();
        await Server.DisposeAsync();
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }
}
