namespace BandcampPS.Engine.Currency;

/// <summary>
/// A downloaded rate history that parsed, waiting next to the cache file for <see cref="Commit"/> to swap it in.
/// Disposing without committing deletes it and leaves the cache as it was (a -WhatIf run, an error, Ctrl+C).
/// </summary>
public sealed class ExchangeRateDownload : IDisposable
{
    private readonly string _tempPath;
    private bool _committed;

    internal ExchangeRateDownload(string tempPath, ExchangeRateDownloadResult result, ExchangeRateTable table)
    {
        _tempPath = tempPath;
        Result = result;
        Table = table;
    }

    /// <summary>What the cache will hold once committed; <see cref="ExchangeRateDownloadResult.Changed"/> compares it with the cache now.</summary>
    public ExchangeRateDownloadResult Result { get; }

    /// <summary>The downloaded rates, already parsed.</summary>
    public ExchangeRateTable Table { get; }

    /// <summary>Atomically replaces the cache file with the download (a rename within one folder).</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_committed, this);
        Directory.CreateDirectory(Path.GetDirectoryName(Result.Path)!);
        File.Move(_tempPath, Result.Path, overwrite: true);
        _committed = true;
    }

    public void Dispose()
    {
        if (_committed) return;
        _committed = true;
        ExchangeRateDownloader.DeleteQuietly(_tempPath);
    }
}
