using System.Collections;
using System.Net;
using static BandcampPS.Module.Tests.ExchangeRateFiles;

namespace BandcampPS.Module.Tests;

/// <summary>Update-BandcampExchangeRate against a loopback server, and Get-BandcampExchangeRate on its file.</summary>
public sealed class ExchangeRateCmdletTests : IDisposable
{
    private readonly PowerShellHost _shell = new();
    private readonly ExchangeRateFiles _files = new();
    private readonly LoopbackFileServer _server = new(ZipBytes(ImportCurrencyTests.Ecb));
    private readonly string _cache;

    public ExchangeRateCmdletTests() => _cache = Path.Combine(_files.Folder, "cache", "eurofxref-hist.zip");

    public void Dispose()
    {
        _server.Dispose();
        _shell.Dispose();
        _files.Dispose();
    }

    private ScriptResult Run(string script) => _shell.Run(script, new Hashtable { ["uri"] = _server.Uri, ["cache"] = _cache, ["zip"] = _files.Zip });

    /// <summary>Runs with BANDCAMP_EXCHANGE_RATE_PATH set (tests run one at a time, see AssemblyInfo.cs).</summary>
    private ScriptResult RunWithDefaultCache(string script, string cachePath)
    {
        var before = Environment.GetEnvironmentVariable("BANDCAMP_EXCHANGE_RATE_PATH");
        Environment.SetEnvironmentVariable("BANDCAMP_EXCHANGE_RATE_PATH", cachePath);
        try { return Run(script); }
        finally { Environment.SetEnvironmentVariable("BANDCAMP_EXCHANGE_RATE_PATH", before); }
    }

    private void AssertOnlyTheCacheInItsFolder()
    {
        var files = Directory.GetFiles(Path.GetDirectoryName(_cache)!);
        Assert.Equal([_cache], files);
    }

    [Fact]
    public void Update_downloads_checks_and_stores_the_rates_and_says_what_it_stored()
    {
        var result = Run("Update-BandcampExchangeRate -Uri $uri -Path $cache");

        Assert.Empty(result.Errors);
        var stored = Assert.Single(result.Output);
        Assert.Equal("BandcampPS.Engine.Currency.ExchangeRateDownloadResult", stored.TypeNames[0]);
        Assert.Equal(_cache, Prop(stored, "Path"));
        Assert.Equal(new DateOnly(2024, 4, 3), Prop(stored, "LatestDate"));
        Assert.Equal(4, Prop(stored, "CurrencyCount"));
        Assert.Equal((long)_server.Body.Length, Prop(stored, "Bytes"));
        Assert.Equal(true, Prop(stored, "Changed"));
        Assert.Equal(_server.Uri.AbsoluteUri, Prop(stored, "Source"));
        Assert.Equal(_server.Body, File.ReadAllBytes(_cache));
        Assert.StartsWith("BandcampPS/", _server.LastUserAgent); // through the module's one HTTP pipeline
        AssertOnlyTheCacheInItsFolder();

        var again = Run("Update-BandcampExchangeRate -Uri $uri -Path $cache");
        Assert.Equal(false, Prop(Assert.Single(again.Output), "Changed"));
    }

    [Fact]
    public void A_corrupt_download_leaves_the_good_cache_as_it_was()
    {
        Assert.Empty(Run("Update-BandcampExchangeRate -Uri $uri -Path $cache").Errors);
        var good = File.ReadAllBytes(_cache);
        _server.Body = good[..(good.Length / 2)];

        var result = Run("Update-BandcampExchangeRate -Uri $uri -Path $cache");

        var error = Assert.Single(result.Errors);
        Assert.Equal("BandcampExchangeRateFileInvalid,BandcampPS.Commands.UpdateBandcampExchangeRateCommand", error.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Contains($"{_cache} was left as it was", error.Exception.Message);
        Assert.Empty(result.Output);
        Assert.Equal(good, File.ReadAllBytes(_cache));
        AssertOnlyTheCacheInItsFolder();
    }

    [Fact]
    public void An_http_error_leaves_the_cache_as_it_was()
    {
        Assert.Empty(Run("Update-BandcampExchangeRate -Uri $uri -Path $cache").Errors);
        var good = File.ReadAllBytes(_cache);
        _server.Status = HttpStatusCode.NotFound;

        var result = Run("Update-BandcampExchangeRate -Uri $uri -Path $cache");

        var error = Assert.Single(result.Errors);
        Assert.Equal("BandcampExchangeRateDownloadFailed,BandcampPS.Commands.UpdateBandcampExchangeRateCommand", error.FullyQualifiedErrorId);
        Assert.Contains("HTTP 404", error.Exception.Message);
        Assert.Equal(good, File.ReadAllBytes(_cache));
    }

    [Fact]
    public void WhatIf_downloads_and_checks_but_writes_nothing()
    {
        var result = Run("Update-BandcampExchangeRate -Uri $uri -Path $cache -WhatIf");

        Assert.Empty(result.Errors);
        Assert.Empty(result.Output);
        Assert.Equal(1, _server.Requests);
        Assert.False(Directory.Exists(Path.GetDirectoryName(_cache))); // not even the cache's folder
        Assert.Empty(Directory.GetFiles(Path.GetTempPath(), ".eurofxref-hist.zip.*.tmp")); // nor a staged file

        // Into an existing folder the file is staged beside the cache, and cleaned up just the same.
        Directory.CreateDirectory(Path.GetDirectoryName(_cache)!);
        Assert.Empty(Run("Update-BandcampExchangeRate -Uri $uri -Path $cache -WhatIf").Errors);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(_cache)!));
    }

    [Fact]
    public void A_first_update_creates_the_cache_folder()
    {
        var result = Run("Update-BandcampExchangeRate -Uri $uri -Path $cache");

        Assert.Empty(result.Errors);
        AssertOnlyTheCacheInItsFolder();
    }

    [Fact]
    public void Update_and_Get_use_the_cache_in_BANDCAMP_EXCHANGE_RATE_PATH_by_default()
    {
        var result = RunWithDefaultCache("Update-BandcampExchangeRate -Uri $uri | Out-Null; Get-BandcampExchangeRate USD -Date 2024-03-30", _cache);

        Assert.Empty(result.Errors);
        Assert.True(File.Exists(_cache));
        Assert.Equal(1.0811m, Prop(Assert.Single(result.Output), "UnitsPerEuro"));
    }

    [Fact]
    public void Get_on_a_saturday_after_good_friday_gives_thursdays_rate_and_date()
    {
        var result = Run("Get-BandcampExchangeRate USD -Date 2024-03-30 -Path $zip");

        Assert.Empty(result.Errors);
        var rate = Assert.Single(result.Output);
        Assert.Equal("BandcampPS.Engine.Currency.ExchangeRate", rate.TypeNames[0]);
        Assert.Equal((new DateOnly(2024, 3, 28), "USD", 1.0811m), (Prop(rate, "Date"), Prop(rate, "Currency"), Prop(rate, "UnitsPerEuro")));
    }

    [Fact]
    public void Get_without_a_currency_gives_every_currency_of_that_day()
    {
        var result = Run("Get-BandcampExchangeRate -Date 2024-03-30 -Path $zip");

        Assert.Empty(result.Errors);
        Assert.Equal(["CAD 1.4679", "GBP 0.8551", "JPY 163.45", "USD 1.0811"],
            result.Output.Select(o => $"{Prop(o, "Currency")} {Prop(o, "UnitsPerEuro")}"));
        Assert.All(result.Output, o => Assert.Equal(new DateOnly(2024, 3, 28), Prop(o, "Date")));
    }

    [Fact]
    public void Get_without_a_date_gives_the_newest_rates()
    {
        var result = Run("Get-BandcampExchangeRate GBP, jpy -Path $zip");

        Assert.Equal(["2024-04-03 GBP 0.8555", "2024-04-03 JPY 163.66"],
            result.Output.Select(o => $"{(DateOnly)Prop(o, "Date")!:yyyy-MM-dd} {Prop(o, "Currency")} {Prop(o, "UnitsPerEuro")}"));
    }

    [Fact]
    public void An_unknown_currency_is_one_error_naming_it_and_the_others_still_come()
    {
        var result = Run("Get-BandcampExchangeRate XYZ, USD -Date 2024-03-28 -Path $zip");

        var error = Assert.Single(result.Errors);
        Assert.Equal("BandcampExchangeRateNotFound,BandcampPS.Commands.GetBandcampExchangeRateCommand", error.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Contains("XYZ", error.Exception.Message);
        Assert.Equal("XYZ", error.TargetObject);
        Assert.Equal("USD", Prop(Assert.Single(result.Output), "Currency"));
    }

    [Fact]
    public void A_range_gives_every_published_rate_from_the_start_up_to_the_exclusive_end()
    {
        var result = Run("Get-BandcampExchangeRate USD -StartDate 2024-03-27 -EndDate 2024-04-02 -Path $zip");

        Assert.Empty(result.Errors);
        Assert.Equal(["2024-03-27 1.0824", "2024-03-28 1.0811"],
            result.Output.Select(o => $"{(DateOnly)Prop(o, "Date")!:yyyy-MM-dd} {Prop(o, "UnitsPerEuro")}"));
    }

    [Fact]
    public void Get_without_a_cache_tells_the_user_to_run_Update()
    {
        var result = RunWithDefaultCache("Get-BandcampExchangeRate USD", Path.Combine(_files.Folder, "none", "eurofxref-hist.zip"));

        var error = Assert.Single(result.Errors);
        Assert.Equal("BandcampExchangeRatesMissing,BandcampPS.Commands.GetBandcampExchangeRateCommand", error.FullyQualifiedErrorId);
        Assert.Contains("Run Update-BandcampExchangeRate", error.Exception.Message);
    }

    [Fact]
    public void A_day_after_the_cached_rates_is_an_error_saying_to_update_not_silence()
    {
        var result = Run("Get-BandcampExchangeRate -Date 2024-06-03 -Path $zip");

        var error = Assert.Single(result.Errors);
        Assert.Equal("BandcampExchangeRateNotFound,BandcampPS.Commands.GetBandcampExchangeRateCommand", error.FullyQualifiedErrorId);
        Assert.Contains("run Update-BandcampExchangeRate", error.Exception.Message);
        Assert.Empty(result.Output);
    }
}
