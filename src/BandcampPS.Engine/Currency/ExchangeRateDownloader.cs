using System.Net.Http.Headers;
using BandcampPS.Engine.Http;

namespace BandcampPS.Engine.Currency;

/// <summary>
/// Fetches the ECB rate history into a local cache file. The cached copy is only ever replaced by a
/// download that parses, and the swap is atomic, so a failed or cut-off download leaves the old rates usable.
/// </summary>
public sealed class ExchangeRateDownloader
{
    public const string DefaultSourceUrl = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip";
    public const string CacheFileName = "eurofxref-hist.zip";

    private readonly BandcampHttp _http;

    /// <param name="http">The engine's one HTTP pipeline (shared client, retries on 429/5xx/timeouts).</param>
    /// <param name="source">Where to download from; the ECB history zip when null (see <see cref="DefaultSource()"/>).</param>
    public ExchangeRateDownloader(BandcampHttp http, Uri? source = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
        Source = source ?? new Uri(DefaultSourceUrl);
    }

    /// <summary><c>$BANDCAMP_EXCHANGE_RATE_URI</c> when set, else null (the ECB).</summary>
    /// <exception cref="BandcampException">The variable is not an absolute http or https address.</exception>
    public static Uri? DefaultSource() => DefaultSource(BandcampEnvironment.ExchangeRateUri);

    internal static Uri? DefaultSource(string? variable)
    {
        if (string.IsNullOrWhiteSpace(variable)) return null;
        if (Uri.TryCreate(variable.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
            return uri;
        throw new BandcampException(BandcampErrorIds.ExchangeRateUriInvalid, BandcampErrorKind.InvalidArgument,
            $"{BandcampEnvironment.ExchangeRateUriVariable} '{variable}' is not an absolute http or https address.", variable);
    }

    public Uri Source { get; }

    /// <summary>
    /// <c>$BANDCAMP_EXCHANGE_RATE_PATH</c> when set (a folder there gets <c>eurofxref-hist.zip</c> inside it),
    /// else <c>&lt;LocalApplicationData&gt;/BandcampPS/eurofxref-hist.zip</c>.
    /// </summary>
    /// <exception cref="BandcampException">ExchangeRatePathUnavailable: neither is available, as under some schedulers with no profile.</exception>
    public static string DefaultCachePath() =>
        DefaultCachePath(BandcampEnvironment.ExchangeRatePath,
            Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData));

    internal static string DefaultCachePath(string? overridePath, string localApplicationData)
    {
        if (!string.IsNullOrWhiteSpace(overridePath))
        {
            bool isFolder = Directory.Exists(overridePath)
                || overridePath.EndsWith(Path.DirectorySeparatorChar) || overridePath.EndsWith(Path.AltDirectorySeparatorChar);
            return Path.GetFullPath(isFolder ? Path.Combine(overridePath, CacheFileName) : overridePath);
        }
        if (string.IsNullOrEmpty(localApplicationData))
            throw new BandcampException(BandcampErrorIds.ExchangeRatePathUnavailable, BandcampErrorKind.ResourceUnavailable,
                $"There is no local application data folder to keep exchange rates in; set {BandcampEnvironment.ExchangeRatePathVariable} to a file path.");
        return Path.Combine(localApplicationData, "BandcampPS", CacheFileName);
    }

    /// <summary>Downloads the rates, checks they parse, then atomically replaces <paramref name="destinationPath"/>.</summary>
    /// <param name="destinationPath">The cache file; <see cref="DefaultCachePath()"/> when null.</param>
    /// <exception cref="BandcampException">The server could not be reached, did not answer 2xx, or the body broke off; the cache is untouched.</exception>
    /// <exception cref="ExchangeRateFileException">The download is not a valid rate history; the cache is untouched.</exception>
    public async Task<ExchangeRateDownloadResult> DownloadAsync(string? destinationPath = null, CancellationToken cancellationToken = default)
    {
        using var download = await PrepareAsync(destinationPath, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        download.Commit();
        return download.Result;
    }

    /// <summary>
    /// Downloads the rates into a temporary file beside <paramref name="destinationPath"/> and checks they parse,
    /// without replacing anything yet: the caller commits (or, under -WhatIf, does not). The cache is untouched on
    /// any failure.
    /// </summary>
    /// <exception cref="BandcampException">The server could not be reached, did not answer 2xx, or the body broke off.</exception>
    /// <exception cref="ExchangeRateFileException">The download is not a valid rate history.</exception>
    public async Task<ExchangeRateDownload> PrepareAsync(string? destinationPath = null, CancellationToken cancellationToken = default)
    {
        string destination = Path.GetFullPath(destinationPath ?? DefaultCachePath());
        string folder = Path.GetDirectoryName(destination)!;
        // Beside the destination, so the final move is an atomic rename on one volume. A folder that does not exist
        // yet holds no cache to protect: stage in the temp folder rather than create it before -WhatIf has answered.
        string staging = Directory.Exists(folder) ? folder : Path.GetTempPath();
        string temp = Path.Combine(staging, $".{Path.GetFileName(destination)}.{Guid.NewGuid():N}.tmp");
        try
        {
            long bytes = await DownloadToAsync(temp, destination, cancellationToken).ConfigureAwait(false);
            ExchangeRateTable table = Validate(temp, destination);
            bool changed = !SameContent(temp, destination);
            var result = new ExchangeRateDownloadResult(destination, table.LatestDate!.Value, table.Currencies.Count, bytes, changed, Source.AbsoluteUri);
            return new ExchangeRateDownload(temp, result, table);
        }
        catch
        {
            DeleteQuietly(temp);
            throw;
        }
    }

    // A leftover temp file is untidy; masking the real error with a cleanup error would be worse.
    internal static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static string Kept(string destination) =>
        File.Exists(destination) ? $"{destination} was left as it was" : $"nothing was written to {destination}";

    private async Task<long> DownloadToAsync(string temp, string destination, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(destination, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            int status = (int)response.StatusCode;
            throw new BandcampException(BandcampErrorIds.ExchangeRateDownloadFailed,
                status is 404 or 410 ? BandcampErrorKind.ObjectNotFound : BandcampErrorKind.ResourceUnavailable,
                $"{Source.AbsoluteUri} answered HTTP {status} {response.ReasonPhrase}, so {Kept(destination)}.", Source.AbsoluteUri);
        }
        await using var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        try
        {
            await response.Content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
        {
            throw new BandcampTransportException(
                $"The download from {Source.AbsoluteUri} broke off after {file.Length:N0} bytes, so {Kept(destination)}: {ex.Message}",
                Source.AbsoluteUri, ex);
        }
        file.Flush(flushToDisk: true); // the bytes are on disk before the rename makes them the cache
        return file.Length;
    }

    /// <summary>What a machine without internet does instead of downloading from the ECB.</summary>
    public const string OfflineAdvice =
        "Without internet access, copy eurofxref-hist.zip from a machine that has it (https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip) " +
        "and pass it with -ExchangeRatePath, or point " + BandcampEnvironment.ExchangeRatePathVariable + " at it; or download from a mirror with -Uri or " + BandcampEnvironment.ExchangeRateUriVariable + ".";

    private async Task<HttpResponseMessage> SendAsync(string destination, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Source)
            {
                Headers = { Accept = { new MediaTypeWithQualityHeaderValue("application/zip"), new MediaTypeWithQualityHeaderValue("*/*", 0.5) } },
            }, $"Downloading the exchange rates from {Source.AbsoluteUri}", cancellationToken, failOnHtml: false).ConfigureAwait(false);
        }
        catch (BandcampTransportException ex)
        {
            // Most often a server without internet: say what to do instead, in the one line a scheduled job's log shows.
            throw new BandcampException(BandcampErrorIds.ExchangeRateDownloadFailed, BandcampErrorKind.ConnectionError,
                $"{Source.AbsoluteUri} could not be reached ({ex.InnerException?.Message ?? ex.Message}), so {Kept(destination)}. " +
                OfflineAdvice, Source.AbsoluteUri, ex);
        }
    }

    private static bool SameContent(string a, string b)
    {
        if (!File.Exists(b)) return false;
        using var left = new FileStream(a, FileMode.Open, FileAccess.Read, FileShare.Read);
        using var right = new FileStream(b, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        if (left.Length != right.Length) return false;
        Span<byte> x = stackalloc byte[4096], y = stackalloc byte[4096];
        while (true)
        {
            int read = left.ReadAtLeast(x, x.Length, throwOnEndOfStream: false);
            if (read == 0) return true;
            if (right.ReadAtLeast(y[..read], read, throwOnEndOfStream: false) != read || !x[..read].SequenceEqual(y[..read])) return false;
        }
    }

    private ExchangeRateTable Validate(string temp, string destination)
    {
        try
        {
            return EcbRateFile.Load(temp, displayName: Source.AbsoluteUri);
        }
        catch (ExchangeRateFileException ex)
        {
            throw new ExchangeRateFileException(
                $"The download is not usable, so {Kept(destination)}. {ex.Message}", Source.AbsoluteUri, ex.LineNumber, ex.Value, ex);
        }
    }
}
