using System.Management.Automation;
using System.Text.RegularExpressions;
using BandcampPS.FakeApi;

namespace BandcampPS.Module.Tests;

public sealed class ConnectBandcampTests : IAsyncLifetime
{
    private FakeApiSession _s = null!;

    public async Task InitializeAsync() => _s = await FakeApiSession.StartAsync();
    public async Task DisposeAsync() => await _s.DisposeAsync();

    [Fact]
    public void PassThru_returns_a_connection_that_shows_no_secret()
    {
        var result = _s.Run(FakeApiSession.Connect + " -PassThru -Verbose -Debug");
        Assert.Empty(result.Errors);
        var connection = Assert.Single(result.Output);
        Assert.Equal(_s.Server.Options.ClientId, connection.Properties["ClientId"].Value);
        Assert.NotNull(connection.Properties["TokenExpiresAt"].Value);
        Assert.DoesNotContain(_s.Secret, result.AllText());
        Assert.DoesNotMatch(TokenShape(), result.AllText());
        Assert.Contains(result.Verbose, v => v.Contains("client_credentials grant"));
    }

    [Fact]
    public void A_connection_shows_scripts_what_they_read_and_none_of_the_API_calls_the_cmdlets_make()
    {
        // Scripts hold the connection (-PassThru, -Connection); calling GetSalesAsync on it would block on a task and
        // bypass the cmdlets' cancellation and errors, so only the four properties users read are public.
        var result = _s.Run(FakeApiSession.Connect + " -PassThru | ForEach-Object { " +
            "$_.PSObject.Methods.Name -join ','; $_.PSObject.Properties.Name -join ','; $_.GetType().GetConstructors().Count; " +
            "try { $_.Forget($true) } catch { $_.FullyQualifiedErrorId } }");
        Assert.Empty(result.Errors);
        // The properties' get_ accessors are listed with the methods; they are the properties below.
        static string Sorted(PSObject names) =>
            string.Join(",", names.ToString().Split(',').Where(n => !n.StartsWith("get_", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Equal(
            ["Equals,GetHashCode,GetType,ToString", "BaseUri,ClientId,TokenCachePath,TokenExpiresAt,TokenExpiresAtIso", "0", "MethodNotFound"],
            [Sorted(result.Output[0]), Sorted(result.Output[1]), result.Output[2].ToString(), result.Output[3].ToString()]);
        Assert.Empty(_s.Run("Get-BandcampBand").Errors); // still connected: nothing was forgotten
    }

    [Fact]
    public void A_new_process_reuses_the_cached_token_instead_of_asking_for_a_new_grant()
    {
        Assert.Empty(_s.Run(FakeApiSession.Connect).Errors);
        // Forget the in-memory session, as a new process would have nothing in memory.
        _s.Run("Disconnect-Bandcamp");
        var again = _s.Run(FakeApiSession.Connect + "; Get-BandcampBand");
        Assert.Empty(again.Errors);
        Assert.Equal(1L, _s.Server.Stats.ClientCredentialsGrants);
        Assert.Equal(0L, _s.Server.Stats.DuplicateGrantErrors);
    }

    [Fact]
    public void Two_processes_connecting_at_once_share_one_grant()
    {
        var environment = new Dictionary<string, string>
        {
            ["BANDCAMP_CLIENT_ID"] = _s.Server.Options.ClientId,
            ["BANDCAMP_CLIENT_SECRET"] = _s.Secret,
            ["BANDCAMP_BASE_URI"] = _s.Server.BaseUri.ToString(),
            ["BANDCAMP_TOKEN_CACHE"] = _s.TokenCache,
        };
        // Two scheduled jobs starting together with an empty cache: one asks for the grant, the other waits on
        // the cache lock and reuses it (a second grant would be refused with duplicate_grant while the first lives).
        var jobs = Enumerable.Range(0, 2).Select(_ => ChildPowerShell.Start("Connect-Bandcamp; Get-BandcampBand", environment)).ToList();
        foreach (var job in jobs)
        {
            var errors = job.StandardError.ReadToEnd();
            job.WaitForExit();
            Assert.True(job.ExitCode == 0, errors);
            job.Dispose();
        }
        Assert.Equal(1L, _s.Server.Stats.ClientCredentialsGrants);
        Assert.Equal(0L, _s.Server.Stats.DuplicateGrantErrors);
    }

    [Fact]
    public void The_token_cache_is_private_to_the_user()
    {
        Assert.Empty(_s.Run(FakeApiSession.Connect).Errors);
        var file = Assert.Single(Directory.GetFiles(_s.TokenCache, "token-*.dat"));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.DoesNotContain(_s.Secret, File.ReadAllText(file));
    }

    [Fact]
    public void Duplicate_grant_is_retried_after_rereading_the_cache()
    {
        _s.Server.Faults.DuplicateGrantOnNextGrant();
        var result = _s.Run(FakeApiSession.Connect);
        Assert.Empty(result.Errors);
        Assert.Contains(result.Warnings, w => w.Contains("duplicate_grant"));
    }

    [Fact]
    public void A_grant_held_elsewhere_fails_with_advice_not_a_raw_error()
    {
        Assert.Empty(_s.Run(FakeApiSession.Connect).Errors);
        // Another machine with its own (empty) token cache now asks for a grant while ours is live.
        var result = _s.Run("Disconnect-Bandcamp; " + FakeApiSession.Connect.Replace("$tokenCache", "($tokenCache + '-other')"));
        var error = Assert.Single(result.Errors);
        Assert.Equal("BandcampDuplicateGrant,BandcampPS.Commands.ConnectBandcampCommand", error.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.Contains("regenerate", error.Exception.Message);
        Assert.DoesNotContain(_s.Secret, result.AllText());
    }

    [Fact]
    public void A_wrong_secret_is_an_authentication_error_that_does_not_echo_the_secret()
    {
        var result = _s.Run("Connect-Bandcamp -ClientId $clientId -ClientSecret $wrong -BaseUri $baseUri -TokenCachePath $tokenCache".Replace("$wrong", "$secret2")
            .Insert(0, "$secret2 = $secret.Copy(); $secret2.AppendChar('x'); "));
        var error = Assert.Single(result.Errors);
        Assert.Equal("BandcampInvalidClient,BandcampPS.Commands.ConnectBandcampCommand", error.FullyQualifiedErrorId);
        Assert.DoesNotContain(_s.Secret, result.AllText());
    }

    [Fact]
    public void Credentials_can_come_from_a_PSCredential()
    {
        var result = _s.Run("$cred = [pscredential]::new($clientId, $secret); Connect-Bandcamp -Credential $cred -BaseUri $baseUri -TokenCachePath $tokenCache -PassThru");
        Assert.Empty(result.Errors);
        Assert.Single(result.Output);
    }

    [Fact]
    public void Credentials_and_settings_can_come_from_environment_variables_for_scheduled_tasks()
    {
        var script = """
            $env:BANDCAMP_CLIENT_ID = $clientId
            $env:BANDCAMP_CLIENT_SECRET = [System.Net.NetworkCredential]::new('', $secret).Password
            $env:BANDCAMP_BASE_URI = $baseUri
            $env:BANDCAMP_TOKEN_CACHE = $tokenCache
            try { Connect-Bandcamp -PassThru } finally {
                foreach ($name in 'BANDCAMP_CLIENT_ID', 'BANDCAMP_CLIENT_SECRET', 'BANDCAMP_BASE_URI', 'BANDCAMP_TOKEN_CACHE') {
                    [Environment]::SetEnvironmentVariable($name, $null)
                }
            }
            """;
        var result = _s.Run(script);
        Assert.Empty(result.Errors);
        Assert.StartsWith(_s.TokenCache, (string)Assert.Single(result.Output).Properties["TokenCachePath"].Value);
    }

    [Fact]
    public void No_credentials_at_all_says_how_to_give_them()
    {
        var result = _s.Run("[Environment]::SetEnvironmentVariable('BANDCAMP_CLIENT_ID', $null); Connect-Bandcamp");
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("BandcampCredentialsMissing", error.FullyQualifiedErrorId);
        Assert.Contains("BANDCAMP_CLIENT_SECRET", error.Exception.Message);
    }

    [Fact]
    public void Plain_http_is_refused_except_to_loopback()
    {
        var result = _s.Run("Connect-Bandcamp -ClientId 1 -ClientSecret $secret -BaseUri 'http://bandcamp.example/' -TokenCachePath $tokenCache");
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("BandcampBaseUriInsecure", error.FullyQualifiedErrorId);
        Assert.Equal("http://bandcamp.example/", error.TargetObject);
    }

    [Fact]
    public void A_base_uri_that_answers_with_a_plain_web_page_is_named_as_probably_wrong()
    {
        using var site = new LoopbackFileServer("<html><head><title>Welcome to nginx!</title></head><body>It works</body></html>"u8.ToArray())
        {
            ContentType = "text/html; charset=utf-8",
        };
        var baseUri = site.Uri.GetLeftPart(UriPartial.Authority) + "/";

        var result = _s.Run($"Connect-Bandcamp -ClientId 1 -ClientSecret $secret -BaseUri '{baseUri}' -TokenCachePath $tokenCache");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("BandcampBaseUriNotApi,", error.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains(baseUri, error.Exception.Message);
        Assert.Contains("https://bandcamp.com/", error.Exception.Message);
        Assert.Contains("Welcome to nginx!", error.Exception.Message);
    }

    [Fact]
    public void Disconnect_with_ClearTokenCache_deletes_the_cache()
    {
        Assert.Empty(_s.Run(FakeApiSession.Connect).Errors);
        Assert.NotEmpty(Directory.GetFiles(_s.TokenCache, "token-*.dat"));
        var result = _s.Run("Disconnect-Bandcamp -ClearTokenCache; Get-BandcampBand");
        Assert.Empty(Directory.GetFiles(_s.TokenCache, "token-*.dat"));
        Assert.StartsWith("BandcampNotConnected", Assert.Single(result.Errors).FullyQualifiedErrorId);
    }

    [Fact]
    public void Disconnect_WhatIf_leaves_the_session_and_the_token_cache_as_they_were()
    {
        Assert.Empty(_s.Run(FakeApiSession.Connect).Errors);
        var cacheFile = Assert.Single(Directory.GetFiles(_s.TokenCache, "token-*.dat"));

        var result = _s.Run("Disconnect-Bandcamp -WhatIf; Disconnect-Bandcamp -ClearTokenCache -WhatIf; Get-BandcampBand");

        Assert.Empty(result.Errors);
        Assert.Equal(2, result.Output.Count);
        Assert.True(File.Exists(cacheFile));
    }

    [Fact]
    public void A_cache_folder_that_cannot_be_written_still_serves_a_valid_cached_token_with_one_warning()
    {
        Assert.Empty(_s.Run(FakeApiSession.Connect + "; Disconnect-Bandcamp").Errors);
        var lockPath = Assert.Single(Directory.GetFiles(_s.TokenCache, "token-*.dat")) + ".lock";
        // Tests run as root, which file modes do not stop: a directory where the lock file goes is refused like a
        // read-only folder ("access denied"). Before the fix this failed at once, or waited 60 s on a read-only file system.
        if (File.Exists(lockPath)) File.Delete(lockPath);
        Directory.CreateDirectory(lockPath);

        var result = _s.Run(FakeApiSession.Connect + "; Get-BandcampBand");

        Assert.Empty(result.Errors);
        Assert.Equal(2, result.Output.Count);
        Assert.Contains("is not writable", Assert.Single(result.Warnings));
        Assert.Equal(1L, _s.Server.Stats.ClientCredentialsGrants);
    }

    [Fact]
    public void A_cache_file_without_an_expiry_is_set_aside_with_a_warning_and_the_connection_works()
    {
        if (OperatingSystem.IsWindows()) return; // the file is DPAPI-protected there
        Assert.Empty(_s.Run(FakeApiSession.Connect + "; Disconnect-Bandcamp").Errors);
        var file = Assert.Single(Directory.GetFiles(_s.TokenCache, "token-*.dat"));
        File.WriteAllText(file, System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(file), ",\"ExpiresAt\":\"[^\"]*\"", ""));
        _s.Server.ExpireAllAccessTokens(); // so the new grant is not refused as a duplicate of the first

        var result = _s.Run(FakeApiSession.Connect + "; Get-BandcampBand");

        Assert.Empty(result.Errors);
        Assert.Equal(2, result.Output.Count);
        Assert.Contains(result.Warnings, w => w.Contains("no valid expiry time"));
        Assert.Single(Directory.GetFiles(_s.TokenCache, "token-*.corrupt-*"));
    }

    [Fact]
    public void Requests_name_BandcampPS_in_the_user_agent()
    {
        Assert.Empty(_s.Run(FakeApiSession.Connect).Errors);
        Assert.Contains(_s.Server.Stats.UserAgents, ua => ua.StartsWith("BandcampPS/0.1.0"));
    }

    /// <summary>The fake's access tokens look like Bandcamp's: number.clientid.unixtime.base64.</summary>
    private Regex TokenShape() => new($@"\d+\.{Regex.Escape(_s.Server.Options.ClientId)}\.\d{{9,}}\.");
}
