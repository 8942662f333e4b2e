using System.Net;
using BandcampPS.Engine.Currency;
using BandcampPS.Engine.Http;

namespace BandcampPS.Engine.Tests.Currency;

public sealed class ExchangeRateDownloaderTests : IDisposable
{
    private static readonly Uri Source = new("https://rates.example/eurofxref-hist.zip");
    private static readonly byte[] OldCache = [0x50, 0x4B, 0x03, 0x04, 0x6F, 0x6C, 0x64]; // whatever was there, untouched

    private readonly TempFolder _folder = new();
    private readonly string _cache;

    public ExchangeRateDownloaderTests() => _cache = Path.Combine(_folder.Path, "BandcampPS", "eurofxref-hist.zip");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Downloads_checks_and_stores_the_rates()
    {
        byte[] zip = EcbFixture.ZipBytes();
        var handler = new StubHandler(_ => Ok(zip));

        var result = await Downloader(handler).DownloadAsync(_cache);

        Assert.Equal(new ExchangeRateDownloadResult(_cache, EcbFixture.Latest, 8, zip.Length, Changed: true, Source.AbsoluteUri), result);
        Assert.Equal(zip, File.ReadAllBytes(_cache));
        Assert.Equal([Source], handler.Requests);
        Assert.Equal(EcbFixture.Latest, ExchangeRateTable.Load(_cache).LatestDate);
        AssertNoTempFiles();
    }

    [Fact]
    public async Task Valid_download_replaces_the_cached_copy()
    {
        WriteOldCache();

        var result = await Downloader(new StubHandler(_ => Ok(EcbFixture.ZipBytes()))).DownloadAsync(_cache);

        Assert.Equal(EcbFixture.ZipBytes(), File.ReadAllBytes(_cache));
        Assert.True(result.Changed);
    }

    [Fact]
    public async Task Same_rates_again_are_reported_as_unchanged()
    {
        var downloader = Downloader(new StubHandler(_ => Ok(EcbFixture.ZipBytes())));
        await downloader.DownloadAsync(_cache);

        var again = await downloader.DownloadAsync(_cache);

        Assert.False(again.Changed);
        AssertNoTempFiles();
    }

    [Fact]
    public async Task A_prepared_download_that_is_not_committed_leaves_the_cache_as_it_was()
    {
        WriteOldCache();

        using (var download = await Downloader(new StubHandler(_ => Ok(EcbFixture.ZipBytes()))).PrepareAsync(_cache))
        {
            Assert.True(download.Result.Changed);
            Assert.Equal(EcbFixture.Latest, download.Table.LatestDate);
            Assert.Equal(OldCache, File.ReadAllBytes(_cache));
        }

        AssertCacheUntouched();
    }

    [Fact]
    public async Task Downloads_through_the_one_http_pipeline_with_its_user_agent_asking_for_a_zip()
    {
        HttpRequestMessage? seen = null;
        await Downloader(new StubHandler(request => { seen = request; return Ok(EcbFixture.ZipBytes()); })).DownloadAsync(_cache);

        Assert.Equal(BandcampHttp.UserAgent, seen!.Headers.UserAgent.ToString());
        Assert.Contains(seen.Headers.Accept, a => a.MediaType == "application/zip");
    }

    [Fact]
    public async Task A_transient_failure_is_retried_by_the_pipeline()
    {
        int calls = 0;
        var handler = new StubHandler(_ => ++calls == 1 ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) : Ok(EcbFixture.ZipBytes()));
        var http = new BandcampHttp(new HttpSettings { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(1) }, TimeProvider.System, new CollectingLog(), new HttpClient(handler));

        var result = await new ExchangeRateDownloader(http, Source).DownloadAsync(_cache);

        Assert.Equal(2, calls);
        Assert.Equal(EcbFixture.Latest, result.LatestDate);
    }

    [Fact]
    public async Task Error_page_served_as_success_does_not_replace_the_cached_copy()
    {
        WriteOldCache();
        var handler = new StubHandler(_ => Ok("<!DOCTYPE html><html>Maintenance</html>"u8.ToArray()));

        var ex = await Assert.ThrowsAsync<ExchangeRateFileException>(() => Downloader(handler).DownloadAsync(_cache));

        Assert.StartsWith($"The download is not usable, so {_cache} was left as it was. {Source.AbsoluteUri} is not an ECB", ex.Message);
        Assert.Equal(Source.AbsoluteUri, ex.Path);
        AssertCacheUntouched();
    }

    [Theory]
    [InlineData("cut off")]
    [InlineData("flipped byte")]
    public async Task Corrupt_zip_does_not_replace_the_cached_copy(string damage)
    {
        WriteOldCache();
        byte[] zip = EcbFixture.ZipBytes();
        if (damage == "cut off")
            zip = zip[..(zip.Length / 2)];
        else
            zip[60] ^= 0x55; // inside the compressed csv, just past the local header

        var ex = await Assert.ThrowsAsync<ExchangeRateFileException>(
            () => Downloader(new StubHandler(_ => Ok(zip))).DownloadAsync(_cache));

        Assert.Contains($"{Source.AbsoluteUri} is not a readable zip archive", ex.Message);
        AssertCacheUntouched();
    }

    [Fact]
    public async Task Malformed_rate_in_the_download_is_reported_with_its_line()
    {
        byte[] zip = EcbFixture.ZipBytes(EcbFixture.Csv.Replace("2024-03-28,1.0811,", "2024-03-28,abc,"));

        var ex = await Assert.ThrowsAsync<ExchangeRateFileException>(
            () => Downloader(new StubHandler(_ => Ok(zip))).DownloadAsync(_cache));

        Assert.Equal((4, "abc"), (ex.LineNumber, ex.Value));
        Assert.EndsWith($"Rate 'abc' for USD on line 4 of eurofxref-hist.csv in {Source.AbsoluteUri} is not a number.", ex.Message);
        Assert.Contains($"nothing was written to {_cache}", ex.Message);
        Assert.False(File.Exists(_cache));
        AssertNoTempFiles();
    }

    [Fact]
    public async Task Http_error_does_not_replace_the_cached_copy()
    {
        WriteOldCache();
        var handler = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));

        var ex = await Assert.ThrowsAsync<BandcampException>(() => Downloader(handler).DownloadAsync(_cache));

        Assert.Equal("BandcampExchangeRateDownloadFailed", ex.ErrorId);
        Assert.Equal($"{Source.AbsoluteUri} answered HTTP 503 Service Unavailable, so {_cache} was left as it was.", ex.Message);
        AssertCacheUntouched();
    }

    [Fact]
    public async Task Connection_dropped_mid_download_does_not_replace_the_cached_copy()
    {
        WriteOldCache();
        byte[] zip = EcbFixture.ZipBytes();
        var handler = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StreamContent(new DroppingStream(zip[..(zip.Length / 2)])),
        });

        // HttpContent.CopyToAsync reports a failed body read as HttpRequestException, as it would for a real reset.
        var ex = await Assert.ThrowsAsync<BandcampTransportException>(() => Downloader(handler).DownloadAsync(_cache));

        Assert.Contains("broke off", ex.Message);
        Assert.IsType<HttpRequestException>(ex.InnerException);

        AssertCacheUntouched();
    }

    [Fact]
    public async Task Cancelled_download_does_not_replace_the_cached_copy()
    {
        WriteOldCache();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Downloader(new StubHandler(_ => Ok(EcbFixture.ZipBytes()))).DownloadAsync(_cache, cancelled.Token));

        AssertCacheUntouched();
    }

    [Fact]
    public void Downloads_from_the_ecb_unless_told_otherwise()
    {
        var http = new BandcampHttp(new HttpSettings(), TimeProvider.System, new CollectingLog(), new HttpClient(new StubHandler(_ => Ok([]))));

        Assert.Equal(new Uri("https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip"), new ExchangeRateDownloader(http).Source);
    }

    [Fact]
    public void Cache_lives_in_local_application_data_by_default()
    {
        string localAppData = Path.Combine(_folder.Path, "AppData", "Local");

        Assert.Equal(Path.Combine(localAppData, "BandcampPS", "eurofxref-hist.zip"),
            ExchangeRateDownloader.DefaultCachePath(overridePath: null, localAppData));
    }

    [Fact]
    public void Environment_variable_overrides_the_cache_file_or_folder()
    {
        string file = Path.Combine(_folder.Path, "rates.zip");
        Assert.Equal(file, ExchangeRateDownloader.DefaultCachePath(file, "/ignored"));
        Assert.Equal(Path.Combine(_folder.Path, "eurofxref-hist.zip"), ExchangeRateDownloader.DefaultCachePath(_folder.Path, "/ignored"));
    }

    [Fact]
    public void No_profile_and_no_override_is_a_clear_error()
    {
        // A BandcampException like every engine failure, so each cmdlet that needs the default path reports the same ErrorId.
        var ex = Assert.Throws<BandcampException>(() => ExchangeRateDownloader.DefaultCachePath(null, ""));

        Assert.Equal(BandcampErrorIds.ExchangeRatePathUnavailable, ex.ErrorId);
        Assert.Equal(BandcampErrorKind.ResourceUnavailable, ex.Kind);
        Assert.Contains(BandcampEnvironment.ExchangeRatePathVariable, ex.Message);
    }

    [Fact]
    public async Task A_host_that_does_not_resolve_fails_on_the_first_attempt_saying_what_to_do_without_internet()
    {
        WriteOldCache();
        var handler = new StubHandler(_ => throw new HttpRequestException(HttpRequestError.NameResolutionError, "Name or service not known (rates.example:443)"));
        // Five retries allowed: a name that does not resolve must still be tried once only.
        var http = new BandcampHttp(new HttpSettings { MaxRetries = 5, BaseDelay = TimeSpan.FromMilliseconds(1) }, TimeProvider.System, new CollectingLog(), new HttpClient(handler));

        var ex = await Assert.ThrowsAsync<BandcampException>(() => new ExchangeRateDownloader(http, Source).DownloadAsync(_cache));

        Assert.Single(handler.Requests);
        Assert.Equal(BandcampErrorIds.ExchangeRateDownloadFailed, ex.ErrorId);
        Assert.Equal(BandcampErrorKind.ConnectionError, ex.Kind);
        Assert.StartsWith($"{Source.AbsoluteUri} could not be reached (", ex.Message);
        Assert.Contains($"{_cache} was left as it was", ex.Message);
        Assert.Contains("-ExchangeRatePath", ex.Message);
        Assert.Contains(BandcampEnvironment.ExchangeRateUriVariable, ex.Message);
        AssertCacheUntouched();
    }

    [Fact]
    public void A_mirror_named_in_the_environment_replaces_the_ecb_and_a_bad_one_is_refused()
    {
        Assert.Null(ExchangeRateDownloader.DefaultSource(null));
        Assert.Null(ExchangeRateDownloader.DefaultSource(" "));
        Assert.Equal(new Uri("http://127.0.0.1:8080/ecb/eurofxref-hist.zip"), ExchangeRateDownloader.DefaultSource("http://127.0.0.1:8080/ecb/eurofxref-hist.zip"));

        var ex = Assert.Throws<BandcampException>(() => ExchangeRateDownloader.DefaultSource("ftp://mirror/rates.zip"));
        Assert.Equal(BandcampErrorIds.ExchangeRateUriInvalid, ex.ErrorId);
        Assert.Contains(BandcampEnvironment.ExchangeRateUriVariable, ex.Message);
    }

    // No retries: a 503 must fail at once here, not after the pipeline's backoff.
    private static ExchangeRateDownloader Downloader(StubHandler handler) =>
        new(new BandcampHttp(new HttpSettings { MaxRetries = 0 }, TimeProvider.System, new CollectingLog(), new HttpClient(handler)), Source);

    private static HttpResponseMessage Ok(byte[] body) => new(HttpStatusCode.OK) { Content = new ByteArrayContent(body) };

    private void WriteOldCache()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_cache)!);
        File.WriteAllBytes(_cache, OldCache);
    }

    private void AssertCacheUntouched()
    {
        Assert.Equal(OldCache, File.ReadAllBytes(_cache));
        AssertNoTempFiles();
    }

    private void AssertNoTempFiles()
    {
        string folder = Path.GetDirectoryName(_cache)!;
        string[] files = Directory.Exists(folder) ? Directory.GetFiles(folder) : [];
        Assert.All(files, file => Assert.Equal(_cache, file));
    }

    private sealed class StubHandler(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
    {
        public List<Uri> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Requests.Add(request.RequestUri!);
            return Task.FromResult(respond(request));
        }
    }

    /// <summary>Serves some bytes, then fails the way a reset connection does.</summary>
    private sealed class DroppingStream(byte[] head) : MemoryStream(head)
    {
        public override int Read(byte[] buffer, int offset, int count) =>
            base.Read(buffer, offset, count) is > 0 and var read ? read : throw new IOException("Connection reset by peer.");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override int Read(Span<byte> buffer) =>
            base.Read(buffer) is > 0 and var read ? read : throw new IOException("Connection reset by peer.");
    }
}
