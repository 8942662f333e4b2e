using BandcampPS.Engine.Auth;
using BandcampPS.Engine.Http;
using BandcampPS.Engine.Tests.Http;
using Microsoft.Extensions.Time.Testing;

namespace BandcampPS.Engine.Tests.Auth;

/// <summary>The token provider against a canned token endpoint, on the fake clock.</summary>
public sealed class TokenProviderTests : IDisposable
{
    private static readonly Uri Base = new("https://bandcamp.com/");
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bcps-provider-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly CollectingLog _log = new();
    private readonly StubHttpHandler _tokenEndpoint = new(StubHttpHandler.Token());

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private TokenCacheFile Cache() => new(TokenCacheFile.ResolvePath(_folder, "4242", Base), "4242", Base, _log);

    private TokenProvider Provider()
    {
        var http = new BandcampHttp(new HttpSettings { MaxRetries = 0 }, _time, _log, new HttpClient(_tokenEndpoint));
        return new TokenProvider(new ClientCredentials("4242", "s3cr+t"), Cache(), new TokenEndpoint(Base, http, _time, _log), _time, _log, new TokenSettings());
    }

    /// <summary>
    /// A folder this process cannot create the lock file in. Tests run as root, where file modes do not stop a write,
    /// so the lock file's path is taken by a directory: opening it as a file is refused with "access denied".
    /// </summary>
    private void MakeLockFileUncreatable() => Directory.CreateDirectory(Cache().LockPath);

    [Fact]
    public async Task A_valid_cached_token_is_used_read_only_when_the_cache_folder_is_not_writable_with_one_warning()
    {
        Cache().Write(new OAuthToken("cached.1", "refresh.0", _time.GetUtcNow().AddMinutes(30)));
        MakeLockFileUncreatable();
        var provider = Provider();

        Assert.Equal("cached.1", await provider.GetAccessTokenAsync(default));
        // Another renewal (Bandcamp refused some other token) reads the cache again, without a second warning.
        Assert.Equal("cached.1", await provider.RenewAfterRejectionAsync("someone-elses", default));

        Assert.Empty(_tokenEndpoint.Requests);
        var warning = Assert.Single(_log.Warnings);
        Assert.Contains($"'{_folder}' is not writable", warning);
    }

    [Fact]
    public async Task A_new_token_that_could_not_be_saved_is_not_requested_and_the_error_names_the_folder_and_the_fix()
    {
        Cache().Write(new OAuthToken("expired.1", "refresh.0", _time.GetUtcNow().AddMinutes(-1)));
        MakeLockFileUncreatable();

        var error = await Assert.ThrowsAsync<BandcampException>(() => Provider().GetAccessTokenAsync(default));

        Assert.Equal(BandcampErrorIds.TokenCacheNotWritable, error.ErrorId);
        Assert.Equal(BandcampErrorKind.PermissionDenied, error.Kind);
        Assert.Contains($"'{_folder}' is not writable", error.Message);
        Assert.Contains("-TokenCachePath", error.Message);
        Assert.Empty(_tokenEndpoint.Requests);
    }

    [Fact]
    public async Task A_writable_cache_gets_a_grant_saves_it_and_warns_about_nothing()
    {
        Assert.Equal("access.1", await Provider().GetAccessTokenAsync(default));

        Assert.Equal("access.1", Cache().Read()!.AccessToken);
        Assert.Single(_tokenEndpoint.Requests);
        Assert.Empty(_log.Warnings);
    }

    [Fact]
    public async Task A_cache_file_without_an_expiry_is_replaced_by_a_new_grant()
    {
        if (OperatingSystem.IsWindows()) return; // DPAPI-protected there: plain JSON is corrupt anyway
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Cache().FilePath, """{"Version":1,"ClientId":"4242","BaseUri":"https://bandcamp.com/","AccessToken":"a","RefreshToken":null}""");

        Assert.Equal("access.1", await Provider().GetAccessTokenAsync(default));

        Assert.Contains(_log.Warnings, w => w.Contains("no valid expiry time"));
        Assert.Equal("access.1", Cache().Read()!.AccessToken);
    }

    [Theory]
    [InlineData(30, true)]  // EROFS: a read-only file system
    [InlineData(28, true)]  // ENOSPC: a full disk
    [InlineData(11, false)] // EWOULDBLOCK: another process holds the lock, worth waiting for
    public void Unix_write_errors_are_told_from_a_lock_held_elsewhere(int errno, bool notWritable)
    {
        if (OperatingSystem.IsWindows()) return;
        Assert.Equal(notWritable, FileWriteErrors.MeansNotWritable(new IOException("from the kernel", errno)));
        Assert.True(FileWriteErrors.MeansNotWritable(new UnauthorizedAccessException()));
        Assert.False(FileWriteErrors.MeansNotWritable(new DirectoryNotFoundException()));
    }
}
