using BandcampPS.Engine.Auth;
using Microsoft.Extensions.Time.Testing;

namespace BandcampPS.Engine.Tests.Auth;

public sealed class TokenCacheFileTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bcps-cache-" + Guid.NewGuid().ToString("N"));
    private readonly CollectingLog _log = new();
    private static readonly Uri Base = new("https://bandcamp.com/");

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private TokenCacheFile Cache(string clientId = "4242") => new(TokenCacheFile.ResolvePath(_folder, clientId, Base), clientId, Base, _log);

    [Fact]
    public void A_written_token_reads_back_and_no_temp_file_is_left()
    {
        var token = new OAuthToken("access.1", "refresh.1", DateTimeOffset.UtcNow.AddHours(1));
        Cache().Write(token);
        Assert.Equal(token, Cache().Read());
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Fact]
    public void The_file_is_readable_by_its_owner_only()
    {
        if (OperatingSystem.IsWindows()) return; // DPAPI protects it there; covered by the format test below.
        var cache = Cache();
        cache.Write(new OAuthToken("a", "r", DateTimeOffset.UtcNow.AddHours(1)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cache.FilePath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_folder));
    }

    [Fact]
    public void Each_client_id_and_base_uri_has_its_own_file()
    {
        var a = TokenCacheFile.ResolvePath(_folder, "1", Base);
        Assert.NotEqual(a, TokenCacheFile.ResolvePath(_folder, "2", Base));
        Assert.NotEqual(a, TokenCacheFile.ResolvePath(_folder, "1", new Uri("http://127.0.0.1:5000/")));
        Assert.Equal(a, TokenCacheFile.ResolvePath(_folder, "1", new Uri("https://BANDCAMP.com/")));
    }

    [Fact]
    public void A_corrupt_cache_is_set_aside_with_a_warning()
    {
        var cache = Cache();
        Directory.CreateDirectory(_folder);
        File.WriteAllText(cache.FilePath, "{ not json");
        Assert.Null(cache.Read());
        Assert.False(File.Exists(cache.FilePath));
        Assert.Single(Directory.GetFiles(_folder, "*.corrupt-*"));
        Assert.Contains(_log.Warnings, w => w.Contains("could not be read"));
        cache.Write(new OAuthToken("a", "r", DateTimeOffset.UtcNow.AddHours(1)));
        Assert.NotNull(cache.Read());
    }

    [Theory]
    [InlineData("""{"Version":1,"ClientId":"4242","BaseUri":"https://bandcamp.com/","AccessToken":"a","RefreshToken":"r"}""")]
    [InlineData("""{"Version":1,"ClientId":"4242","BaseUri":"https://bandcamp.com/","AccessToken":"a","RefreshToken":"r","ExpiresAt":"0001-01-01T00:00:00+00:00"}""")]
    public void A_cache_without_an_expiry_is_set_aside_with_a_warning_like_any_corrupt_file(string json)
    {
        if (OperatingSystem.IsWindows()) return; // the file is DPAPI-protected there, so plain JSON is corrupt anyway
        var cache = Cache();
        Directory.CreateDirectory(_folder);
        File.WriteAllText(cache.FilePath, json);

        Assert.Null(cache.Read());

        Assert.False(File.Exists(cache.FilePath));
        Assert.Single(Directory.GetFiles(_folder, "*.corrupt-*"));
        Assert.Contains(_log.Warnings, w => w.Contains("no valid expiry time"));
    }

    [Fact]
    public void A_token_expiring_at_the_start_of_time_is_simply_not_valid()
    {
        var token = new OAuthToken("a", "r", DateTimeOffset.MinValue);

        Assert.False(token.IsValidAt(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Delete_removes_the_cache() 
    {
        var cache = Cache();
        cache.Write(new OAuthToken("a", "r", DateTimeOffset.UtcNow.AddHours(1)));
        Assert.True(cache.Delete());
        Assert.Null(cache.Read());
    }

    [Fact]
    public void The_environment_variable_names_the_folder()
    {
        var previous = Environment.GetEnvironmentVariable(BandcampEnvironment.TokenCacheVariable);
        try
        {
            Environment.SetEnvironmentVariable(BandcampEnvironment.TokenCacheVariable, _folder);
            Assert.StartsWith(_folder, TokenCacheFile.ResolvePath(null, "7", Base));
        }
        finally
        {
            Environment.SetEnvironmentVariable(BandcampEnvironment.TokenCacheVariable, previous);
        }
    }

    [Fact]
    public async Task The_lock_is_exclusive_until_released()
    {
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, "x.lock");
        // The waiter polls on the fake clock, so it can only move when the test moves the clock: no sleeping.
        var time = new FakeTimeProvider();
        var first = await CrossProcessFileLock.AcquireAsync(path, TimeSpan.FromSeconds(5), time, default);
        var second = CrossProcessFileLock.AcquireAsync(path, TimeSpan.FromSeconds(5), time, default);
        Assert.False(second.IsCompleted);
        first.Dispose();
        time.Advance(TimeSpan.FromSeconds(1));
        (await second).Dispose();

        using var held = await CrossProcessFileLock.AcquireAsync(path, TimeSpan.FromSeconds(5), time, default);
        var waiting = CrossProcessFileLock.AcquireAsync(path, TimeSpan.FromMilliseconds(100), time, default);
        time.Advance(TimeSpan.FromMilliseconds(200));
        var error = await Assert.ThrowsAsync<BandcampException>(() => waiting);
        Assert.Equal(BandcampErrorIds.TokenCacheLocked, error.ErrorId);
    }

    [Fact]
    public async Task A_lock_file_that_cannot_be_created_fails_at_once_instead_of_waiting_for_a_holder()
    {
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, "x.lock");
        Directory.CreateDirectory(path); // opening a directory as a file is refused, as a read-only folder would be
        var time = new FakeTimeProvider();

        var attempt = CrossProcessFileLock.AcquireAsync(path, TimeSpan.FromSeconds(60), time, default);

        Assert.True(attempt.IsCompleted, "the lock waited for a holder that does not exist");
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => attempt);
    }
}
