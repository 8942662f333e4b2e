namespace BandcampPS.Engine.Currency;

/// <summary>
/// An exchange rate file (or download) that is not a valid ECB euro reference rate history:
/// the message names the file, the line and the offending value where there is one.
/// </summary>
public sealed class ExchangeRateFileException : BandcampException
{
    public ExchangeRateFileException(
        string message, string path, int? lineNumber = null, string? value = null, Exception? innerException = null)
        : base(BandcampErrorIds.ExchangeRateFileInvalid, BandcampErrorKind.InvalidData, message, path, innerException)
    {
        Path = path;
        LineNumber = lineNumber;
        Value = value;
    }

    /// <summary>The file on disk, or the URL for a download, that failed to parse.</summary>
    public string Path { get; }

    /// <summary>1-based line of the CSV (the header is line 1), when one line is at fault.</summary>
    public int? LineNumber { get; }

    /// <summary>The text that could not be read, when one value is at fault.</summary>
    public string? Value { get; }
}
