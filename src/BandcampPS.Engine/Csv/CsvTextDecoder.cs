using System.Text;

namespace BandcampPS.Engine.Csv;

/// <summary>
/// Turns the export's bytes into text. Bandcamp writes UTF-16LE with a byte order mark; files saved again
/// by other tools arrive as UTF-8 with or without a BOM, or now and then as UTF-16 that lost its BOM.
/// </summary>
internal static class CsvTextDecoder
{
    /// <summary>Enough for the BOM and the first header names, which are plain ASCII.</summary>
    private const int SampleSize = 64;

    private const int ReaderBufferSize = 64 * 1024;

    /// <summary>Opens a reader over <paramref name="stream"/>; disposing it leaves the stream open.</summary>
    public static TextReader Open(Stream stream)
    {
        var sample = new byte[SampleSize];
        var sampled = stream.ReadAtLeast(sample, SampleSize, throwOnEndOfStream: false);
        var text = new StreamReader(
            new PrefixedStream(sample, sampled, stream),
            GuessEncoding(sample.AsSpan(0, sampled)),
            // A BOM, when present, overrides the guess and is not returned as text.
            detectEncodingFromByteOrderMarks: true,
            ReaderBufferSize,
            leaveOpen: false);
        return new NulStrippingTextReader(text);
    }

    /// <summary>
    /// The encoding to assume when there is no BOM. ASCII text in UTF-16 has a zero in every other byte —
    /// the odd bytes for little-endian, the even ones for big-endian — which UTF-8 text never has.
    /// </summary>
    internal static Encoding GuessEncoding(ReadOnlySpan<byte> sample)
    {
        var pairs = sample.Length / 2;
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
}
