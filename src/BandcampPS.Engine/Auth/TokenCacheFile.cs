using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BandcampPS.Engine.Diagnostics;

namespace BandcampPS.Engine.Auth;

/// <summary>
/// The on-disk token cache of one client id at one base URI, shared by every process of the user.
/// Protected or not written: DPAPI (current user) on Windows, mode 0600 in a 0700 folder elsewhere.
/// Written to a temp file and swapped in, so a reader never sees half a file. A corrupt cache is set
/// aside with a warning and recreated.
/// </summary>
public sealed class TokenCacheFile
{
    private static readonly byte[] Entropy = "BandcampPS token cache v1"u8.ToArray();

    /// <summary>
    /// An expiry before this is no expiry: a file without ExpiresAt deserialises to year 0001, and renewing
    /// "five minutes before" such a time cannot even be computed. Such a file is as corrupt as broken JSON.
    /// </summary>
    private static readonly DateTimeOffset EarliestPlausibleExpiry = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly IBandcampLog _log;

    public TokenCacheFile(string path, string clientId, Uri baseUri, IBandcampLog log)
    {
        FilePath = path;
        ClientId = clientId;
        BaseUri = baseUri;
        _log = log;
    }

    public string FilePath { get; }
    public string LockPath => FilePath + ".lock";
    public string Folder => Path.GetDirectoryName(FilePath)!;
    public string ClientId { get; }
    public Uri BaseUri { get; }

    /// <summary>
    /// The cache file for a client and base URI inside <paramref name="folder"/>, or, when null, the folder named by
    /// BANDCAMP_TOKEN_CACHE or the user's local application data folder.
    /// </summary>
    public static string ResolvePath(string? folder, string clientId, Uri baseUri)
    {
        folder ??= BandcampEnvironment.TokenCacheFolder;
        if (string.IsNullOrWhiteSpace(folder))
        {
            var appData = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
            if (string.IsNullOrWhiteSpace(appData))
            {
                throw new BandcampException(BandcampErrorIds.TokenCachePathUnavailable, BandcampErrorKind.InvalidArgument,
                    "This account has no local application data folder (common for scheduled tasks without a profile), so the token cache has nowhere to live. " +
                    $"Pass -TokenCachePath or set the {BandcampEnvironment.TokenCacheVariable} environment variable to a folder only this account can read.");
            }
            folder = Path.Combine(appData, "BandcampPS", "tokens");
        }
        var hostHash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(baseUri.AbsoluteUri.ToLowerInvariant())))[..12].ToLowerInvariant();
        var safeId = string.Concat(clientId.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_'));
        return Path.Combine(Path.GetFullPath(folder), $"token-{safeId}-{hostHash}.dat");
    }

    public OAuthToken? Read()
    {
        byte[] stored;
        try
        {
            stored = File.ReadAllBytes(FilePath);
        }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }

        try
        {
            var json = OperatingSystem.IsWindows() ? Unprotect(stored) : stored;
            var entry = JsonSerializer.Deserialize(json, TokenCacheJsonContext.Default.TokenCacheEntry)
                        ?? throw new JsonException("empty");
            if (entry.ClientId != ClientId || entry.BaseUri != BaseUri.AbsoluteUri || string.IsNullOrEmpty(entry.AccessToken))
                return null;
            if (entry.ExpiresAt < EarliestPlausibleExpiry)
            {
                SetAside("it has no valid expiry time");
                return null;
            }
            return new OAuthToken(entry.AccessToken, entry.RefreshToken, entry.ExpiresAt);
        }
        catch (Exception ex) when (ex is JsonException or CryptographicException or NotSupportedException)
        {
            SetAside(ex.GetType().Name);
            return null;
        }
    }

    /// <summary>Creates the cache folder (user-only on Unix) so the lock file beside the cache can be opened.</summary>
    public void EnsureFolder() => CreatePrivateDirectory(Folder);

    public void Write(OAuthToken token)
    {
        var directory = Path.GetDirectoryName(FilePath)!;
        CreatePrivateDirectory(directory);
        var entry = new TokenCacheEntry
        {
            ClientId = ClientId,
            BaseUri = BaseUri.AbsoluteUri,
            AccessToken = token.AccessToken,
            RefreshToken = token.RefreshToken,
            ExpiresAt = token.ExpiresAt,
        };
        var json = JsonSerializer.SerializeToUtf8Bytes(entry, TokenCacheJsonContext.Default.TokenCacheEntry);
        var content = OperatingSystem.IsWindows() ? Protect(json) : json;

        var temp = Path.Combine(directory, $".{Path.GetFileName(FilePath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, PrivateFileOptions()))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, FilePath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    public bool Delete()
    {
        var existed = File.Exists(FilePath);
        File.Delete(FilePath);
        if (File.Exists(LockPath)) File.Delete(LockPath);
        return existed;
    }

    private void SetAside(string reason)
    {
        var aside = $"{FilePath}.corrupt-{DateTime.UtcNow:yyyyMMddHHmmss}";
        try
        {
            File.Move(FilePath, aside, overwrite: true);
            _log.Warning($"The token cache '{FilePath}' could not be read ({reason}); it was moved to '{aside}' and a new one will be created.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _log.Warning($"The token cache '{FilePath}' could not be read ({reason}) and will be replaced.");
        }
    }

    private static FileStreamOptions PrivateFileOptions()
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        return options;
    }

    private static void CreatePrivateDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            return;
        }
        if (!Directory.Exists(directory))
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    [SupportedOSPlatform("windows")]
    private static byte[] Protect(byte[] data) => ProtectedData.Protect(data, Entropy, DataProtectionScope.CurrentUser);

    [SupportedOSPlatform("windows")]
    private static byte[] Unprotect(byte[] data) => ProtectedData.Unprotect(data, Entropy, DataProtectionScope.CurrentUser);
}

internal sealed class TokenCacheEntry
{
    public int Version { get; set; } = 1;
    public string ClientId { get; set; } = "";
    public string BaseUri { get; set; } = "";
    public string AccessToken { get; set; } = "";
    public string? RefreshToken { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(TokenCacheEntry))]
internal sealed partial class TokenCacheJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
