namespace BandcampPS.Engine.Currency;

/// <summary>
/// Fetches the ECB rate history into a local cache file. The cached copy is only ever replaced by a
/// download that parses, and the swap is atomic, so a failed or cut-off download leaves the old rates usable.
/// </summary>
public sealed class ExchangeRateDownloader
{
    public const string DefaultSourceUrl = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip";
    public const string CachePathVariable = "BANDCAMP_EXCHANGE_RATE_PATH";
    public const string CacheFileName = "eurofxref-hist.zip";

    private readonly HttpClient _httpClient;

    /// <param name="httpClient">The engine's shared client (with its retry pipeline); not disposed here.</param>
    /// <param name="source">Where to download from; the ECB history zip when null.</param>
    public ExchangeRateDownloader(HttpClient httpClient, Uri? source = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        _httpClient = httpClient;
        Source = source ?? new Uri(DefaultSourceUrl);
    }

    public Uri Source { get; }

    /// <summary>
    /// <c>$BANDCAMP_EXCHANGE_RATE_PATH</c> when set (a folder there gets <c>eurofxref-hist.zip</c> inside it),
    /// else <c>&lt;LocalApplicationData&gt;/BandcampPS/eurofxref-hist.zip</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">Neither is available, as under some schedulers with no profile.</exception>
    public static string DefaultCachePath() =>
        DefaultCachePath(Environment.GetEnvironmentVariable(CachePathVariable),
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
            throw new InvalidOperationException(
                $"There is no local application data folder to keep exchange rates in; set {CachePathVariable} to a file path.");
        return Path.Combine(localApplicationData, "BandcampPS", CacheFileName);
    }

    /// <summary>Downloads the rates, checks they parse, then atomically replaces <paramref name="destinationPath"/>.</summary>
    /// <param name="destinationPath">The cache file; <see cref="DefaultCachePath()"/> when null.</param>
    /// <exception cref="HttpRequestException">The server could not be reached or did not answer 2xx.</exception>
    /// <exception cref="ExchangeRateFileException">The download is not a valid rate history; the cache is untouched.</exception>
    public async Task<ExchangeRateDownloadResult> DownloadAsync(string? destinationPath = null, CancellationToken cancellationToken = default)
    {
        string destination = Path.GetFullPath(destinationPath ?? DefaultCachePath());
        string folder = Path.GetDirectoryName(destination)!;
        Directory.CreateDirectory(folder);
        // Same folder as the destination, so the final move is a rename on one volume.
        string temp = Path.Combine(folder, $".{Path.GetFileName(destination)}.{Guid.NewGuid():N}.tmp");
        try
        {
            long bytes = await DownloadToAsync(temp, cancellationToken).ConfigureAwait(false);
            ExchangeRateTable table = Validate(temp, destination);
            cancellationToken.ThrowIfCancellationRequested();
            File.Move(temp, destination, overwrite: true);
            return new ExchangeRateDownloadResult(destination, Source.AbsoluteUri, bytes, table.LatestDate!.Value, table.Currencies.Count);
        }
        finally
        {
            DeleteQuietly(temp); // nothing to delete once moved
        }
    }

    // A leftover temp file is untidy; masking the real error with a cleanup error would be worse.
    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    private async Task<long> DownloadToAsync(string temp, CancellationToken cancellationToken)
    {
        using var response = await _httpClient
            .GetAsync(Source, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        await using var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        await response.Content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
        file.Flush(flushToDisk: true); // the bytes are on disk before the rename makes them the cache
        return file.Length;
    }

    private ExchangeRateTable Validate(string temp, string destination)
    {
        try
        {
            return EcbRateFile.Load(temp, displayName: Source.AbsoluteUri);
        }
        catch (ExchangeRateFileException ex)
        {
            string kept = File.Exists(destination) ? $"{destination} was left as it was" : $"nothing was written to {destination}";
            throw new ExchangeRateFileException(
                $"The download is not usable, so {kept}. {ex.Message}", Source.AbsoluteUri, ex.LineNumber, ex.Value, ex);
        }
    }
}
