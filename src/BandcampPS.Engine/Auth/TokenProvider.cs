using BandcampPS.Engine.Diagnostics;

namespace BandcampPS.Engine.Auth;

/// <summary>
/// Hands out a valid access token, preferring in order: the token in memory, the token cached on disk
/// (another process may have renewed it), a refresh_token grant, and only then a client_credentials grant,
/// because Bandcamp allows one live grant per client (api.md 2.3). Renewal happens under a cross-process
/// lock so concurrent processes share one token instead of fighting over grants.
/// </summary>
public sealed class TokenProvider
{
    private readonly ClientCredentials _credentials;
    private readonly TokenCacheFile? _cache;
    private readonly TokenEndpoint _endpoint;
    private readonly TimeProvider _time;
    private readonly IBandcampLog _log;
    private readonly TokenSettings _settings;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private OAuthToken? _token;
    private bool _warnedNotWritable;
    private string? _cacheNotWritable;

    public TokenProvider(ClientCredentials credentials, TokenCacheFile? cache, TokenEndpoint endpoint, TimeProvider time, IBandcampLog log, TokenSettings settings)
    {
        _credentials = credentials;
        _cache = cache;
        _endpoint = endpoint;
        _time = time;
        _log = log;
        _settings = settings;
    }

    public DateTimeOffset? ExpiresAt => _token?.ExpiresAt;

    public async Task<string> GetAccessTokenAsync(CancellationToken cancellationToken)
    {
        if (_token is { } token && token.IsValidAt(_time.GetUtcNow(), _settings.RenewBefore)) return token.AccessToken;
        return await RenewAsync(rejected: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Bandcamp answered 401 to <paramref name="rejectedAccessToken"/>: get a different one.</summary>
    public Task<string> RenewAfterRejectionAsync(string rejectedAccessToken, CancellationToken cancellationToken) =>
        RenewAsync(rejectedAccessToken, cancellationToken);

    private async Task<string> RenewAsync(string? rejected, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var delay = _settings.DuplicateGrantDelay;
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    _token = await RenewUnderFileLockAsync(rejected, cancellationToken).ConfigureAwait(false);
                    return _token.AccessToken;
                }
                catch (BandcampTokenException ex) when (ex.ErrorCode == TokenEndpoint.DuplicateGrant)
                {
                    if (attempt >= _settings.DuplicateGrantAttempts)
                        throw new BandcampDuplicateGrantException(_credentials.ClientId, attempt);
                    _log.Warning($"Bandcamp answered duplicate_grant for client {_credentials.ClientId}; another process may be renewing the token. " +
                                 $"Checking the token cache again in {delay.TotalSeconds:0.#} s (attempt {attempt + 1} of {_settings.DuplicateGrantAttempts}).");
                    // The file lock is released while waiting, so a process that holds the grant can write its token for us to pick up.
                    await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                    delay *= 2;
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<OAuthToken> RenewUnderFileLockAsync(string? rejected, CancellationToken cancellationToken)
    {
        using var fileLock = await LockCacheAsync(cancellationToken).ConfigureAwait(false);

        var cached = _cache?.Read();
        var now = _time.GetUtcNow();
        if (cached is not null && cached.AccessToken != rejected && cached.IsValidAt(now, _settings.RenewBefore))
        {
            _log.Verbose($"Using the cached Bandcamp token for client {_credentials.ClientId} (valid until {cached.ExpiresAt:u}).");
            return cached;
        }

        // A token that cannot be saved is worse than none: Bandcamp keeps one live grant per client, and a refresh
        // rotates the refresh token, so the next process would find a dead one. Say so before asking for either.
        if (_cache is not null && fileLock is null) throw CacheNotWritable(_cache);

        var refreshToken = cached?.RefreshToken ?? _token?.RefreshToken;
        OAuthToken fresh;
        if (refreshToken is not null)
        {
            try
            {
                fresh = await _endpoint.RefreshAsync(_credentials, refreshToken, cancellationToken).ConfigureAwait(false);
            }
            catch (BandcampTokenException ex) when (ex.ErrorCode != TokenEndpoint.DuplicateGrant && ex.ErrorId != BandcampErrorIds.InvalidClient)
            {
                // The refresh token is spent or unknown: drop it and fall back to one client_credentials grant.
                _log.Verbose($"The refresh token was refused ({ex.ErrorCode}); requesting a new grant.");
                fresh = await _endpoint.RequestClientCredentialsAsync(_credentials, cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            fresh = await _endpoint.RequestClientCredentialsAsync(_credentials, cancellationToken).ConfigureAwait(false);
        }

        _cache?.Write(fresh);
        _log.Verbose($"Got a Bandcamp token for client {_credentials.ClientId}, valid until {fresh.ExpiresAt:u}.");
        return fresh;
    }

    /// <summary>
    /// The cross-process lock beside the cache file, or null when there is no cache or its folder cannot be written
    /// (a read-only file system, no permission): then a valid cached token is still used, read-only, with one warning.
    /// </summary>
    private async Task<CrossProcessFileLock?> LockCacheAsync(CancellationToken cancellationToken)
    {
        if (_cache is null) return null;
        try
        {
            _cache.EnsureFolder();
            return await CrossProcessFileLock.AcquireAsync(_cache.LockPath, _settings.LockTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (FileWriteErrors.MeansNotWritable(ex))
        {
            _cacheNotWritable = ex.Message;
            if (!_warnedNotWritable)
            {
                _warnedNotWritable = true;
                _log.Warning($"The token cache folder '{_cache.Folder}' is not writable ({ex.Message}); a valid cached token is used read-only, " +
                             "but a new one could not be saved there.");
            }
            return null;
        }
    }

    private BandcampException CacheNotWritable(TokenCacheFile cache) => new(BandcampErrorIds.TokenCacheNotWritable, BandcampErrorKind.PermissionDenied,
        $"A new Bandcamp token is needed for client {_credentials.ClientId}, but the token cache folder '{cache.Folder}' is not writable ({_cacheNotWritable}), " +
        "so the token could not be saved for the next run, and Bandcamp allows one live grant per client: an unsaved token would lock other processes out " +
        $"until it expires. No token was requested. Make the folder writable for this account, or pass -TokenCachePath (or set {BandcampEnvironment.TokenCacheVariable}) to a writable folder.",
        cache.Folder);

    /// <summary>Forgets the token in memory and, when asked, deletes the cache file.</summary>
    public bool Forget(bool deleteCache)
    {
        _token = null;
        return deleteCache && _cache is not null && _cache.Delete();
    }
}
