using System.Management.Automation;
using BandcampPS.Engine;
using BandcampPS.Engine.Currency;
using BandcampPS.Engine.Diagnostics;
using BandcampPS.Engine.Http;
using BandcampPS.Infrastructure;

namespace BandcampPS.Commands;

/// <summary>
/// Downloads the ECB euro reference rate history into the cache every -Currency conversion uses. The download must
/// parse as an ECB file before it atomically replaces the cached copy, so a bad download never destroys good rates.
/// </summary>
[Cmdlet(VerbsData.Update, "BandcampExchangeRate", SupportsShouldProcess = true)]
[OutputType(typeof(ExchangeRateDownloadResult))]
public sealed class UpdateBandcampExchangeRateCommand : BandcampCmdlet
{
    /// <summary>The file to keep the rates in; default BANDCAMP_EXCHANGE_RATE_PATH or the local application data folder.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>Where to download from (a mirror, or a local test server); default BANDCAMP_EXCHANGE_RATE_URI, else the ECB's eurofxref-hist.zip.</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? Uri { get; set; }

    protected override void EndProcessing()
    {
        var source = Uri is null ? Terminating(ExchangeRateDownloader.DefaultSource) : Checked(Uri);
        var destination = Terminating(() => Path is null ? ExchangeRateDownloader.DefaultCachePath() : UserPaths.Resolve(this, nameof(Path), Path), Path);
        var downloader = new ExchangeRateDownloader(new BandcampHttp(new HttpSettings(), Clock, AmbientLog.Instance), source);
        WriteVerbose($"Downloading the ECB exchange rates from {downloader.Source.AbsoluteUri} to {destination}.");

        // Downloaded and checked under -WhatIf too, so the dry run tells what a real run would store.
        using (var download = Terminating(() => RunEngine(ct => downloader.PrepareAsync(destination, ct)), downloader.Source.AbsoluteUri))
        {
            var result = download.Result;
            var action = $"Replace the cached exchange rates with {result.CurrencyCount} currencies up to {result.LatestDate:yyyy-MM-dd} " +
                         $"({result.Bytes:N0} bytes{(result.Changed ? "" : ", the same as the cached copy")}) from {result.Source}";
            if (!ShouldProcess(destination, action)) return;
            Terminating(download.Commit, destination);
            WriteVerbose(result.Changed ? $"Stored the rates up to {result.LatestDate:yyyy-MM-dd} in {destination}." : $"{destination} already held these rates.");
            WriteObject(result);
        }
    }

    /// <summary>-Uri as given, when it is an absolute http or https address; anything else ends the command.</summary>
    private Uri Checked(Uri uri)
    {
        if (!uri.IsAbsoluteUri || (uri.Scheme != System.Uri.UriSchemeHttps && uri.Scheme != System.Uri.UriSchemeHttp))
            ThrowTerminatingError(ErrorRecords.Create(BandcampErrorIds.ExchangeRateUriInvalid, ErrorCategory.InvalidArgument,
                $"-Uri '{uri}' is not an absolute http or https address.", uri));
        return uri;
    }
}
