using System.Text;
using BandcampPS.Engine.Diagnostics;

namespace BandcampPS.Engine.Csv;

/// <summary>
/// Turns the export's bytes into text. Bandcamp writes UTF-16LE with a byte order mark; files saved again
/// by other tools arrive as UTF-8 with or without a BOM, now and then as UTF-16 that lost its BOM, and from
/// Excel's "CSV" save as Windows-1252, which is told from UTF-8 by not being valid UTF-8.
/// </summary>
internal static class CsvTextDecoder
{
    /// <summary>Enough for the BOM and the first header names, which are plain ASCII.</summary>
    private const int SampleSize = 64;

    /// <summary>How much of a stream that cannot be read twice (a pipe) is checked for being UTF-8.</summary>
    internal const int UnseekableCheckSize = 64 * 1024;

    private const int ReaderBufferSize = 64 * 1024;

    /// <summary>Opens a reader over <paramref name="stream"/>; disposing it leaves the stream open.</summary>
    /// <param name="encoding">The encoding the caller says the file has; null to tell it from the bytes.</param>
    /// <param name="fileName">Named in the warning when the file is read as Windows-1252.</param>
    public static TextReader Open(Stream stream, Encoding? encoding = null, string fileName = "", IBandcampLog? log = null)
    {
        var sample = new byte[encoding is null && !stream.CanSeek ? UnseekableCheckSize : SampleSize];
        var sampled = stream.ReadAtLeast(sample, sample.Length, throwOnEndOfStream: false);
        if (encoding is null)
        {
            encoding = Detect(sample.AsSpan(0, sampled), stream);
            if (encoding.CodePage == WindowsLatin1.CodePage)
            {
                (log ?? AmbientLog.Instance).Warning(
                    $"'{fileName}' is not valid UTF-8 and has no byte order mark, so it is read as Windows-1252 (what Excel's \"CSV\" save writes). " +
                    "If names or addresses look wrong, give the file's encoding with -Encoding (e.g. -Encoding utf8, -Encoding 1252).");
            }
        }
        var text = new StreamReader(
            new PrefixedStream(sample, sampled, stream),
            encoding,
            // A BOM, when present, overrides the guess and is not returned as text.
            detectEncodingFromByteOrderMarks: true,
            ReaderBufferSize,
            leaveOpen: false);
        return new NulStrippingTextReader(text);
    }

    internal static Encoding WindowsLatin1 { get; } = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;

    private static Encoding Detect(ReadOnlySpan<byte> sample, Stream rest)
    {
        if (HasByteOrderMark(sample)) return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false); // the reader follows the BOM
        var guess = GuessEncoding(sample);
        if (guess is not UTF8Encoding) return guess;
        return IsUtf8(sample, rest) ? guess : WindowsLatin1;
    }

    /// <summary>
    /// The encoding to assume when there is no BOM. ASCII text in UTF-16 has a zero in every other byte —
    /// the odd bytes for little-endian, the even ones for big-endian — which UTF-8 text never has.
    /// </summary>
    internal static Encoding GuessEncoding(ReadOnlySpan<byte> sample)
    {
        var pairs = Math.Min(sample.Length, SampleSize) / 2;
        if (pairs >= 2)
        {
            int zeroEven = 0, zeroOdd = 0;
            for (var i = 0; i < pairs * 2; i += 2)
            {
                zeroEven += sample[i] == 0 ? 1 : 0;
                zeroOdd += sample[i + 1] == 0 ? 1 : 0;
            }

            // Mostly rather than all, so a stray NUL or a non-ASCII letter early on does not defeat the test.
            if (zeroOdd * 4 >= pairs * 3 && zeroEven * 4 < pairs)
            {
                return new UnicodeEncoding(bigEndian: false, byteOrderMark: false);
            }

            if (zeroEven * 4 >= pairs * 3 && zeroOdd * 4 < pairs)
            {
                return new UnicodeEncoding(bigEndian: true, byteOrderMark: false);
            }
        }

        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
    }

    private static bool HasByteOrderMark(ReadOnlySpan<byte> sample) =>
        sample.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) || sample.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) ||
        sample.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || sample.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]);

    /// <summary>
    /// Whether the whole file is valid UTF-8: a stream that can seek is read through once and put back, so an
    /// invalid byte a million rows down decides before the first row is read; of one that cannot, the sample decides.
    /// </summary>
    private static bool IsUtf8(ReadOnlySpan<byte> sample, Stream rest)
    {
        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
        if (!rest.CanSeek) return Decodes(decoder, sample, flush: sample.Length < UnseekableCheckSize);
        var start = rest.Position;
        try
        {
            if (!Decodes(decoder, sample, flush: false)) return false;
            var buffer = new byte[ReaderBufferSize];
            int read;
            while ((read = rest.Read(buffer)) > 0)
            {
                if (!Decodes(decoder, buffer.AsSpan(0, read), flush: false)) return false;
            }
            return Decodes(decoder, [], flush: true);
        }
        finally
        {
            rest.Position = start;
        }
    }

    private static bool Decodes(Decoder decoder, ReadOnlySpan<byte> bytes, bool flush)
    {
        try
        {
            decoder.GetCharCount(bytes, flush);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
