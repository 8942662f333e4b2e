using System.IO.Compression;
using System.Text;
using BandcampPS.Engine.Currency;

namespace BandcampPS.Engine.Tests.Currency;

/// <summary>
/// A week of ECB history around Easter 2024, shaped like the real file: newest first, a trailing comma,
/// N/A for currencies the ECB no longer quotes (CYP, RUB). Good Friday (29 March) and Easter Monday
/// (1 April) are TARGET holidays and have no line, nor do weekends. Not the ECB's real figures, and two
/// gaps are planted: GBP is N/A on 3 April and ISK is empty on 27 March, to exercise the fallbacks.
/// </summary>
internal static class EcbFixture
{
    public const string Csv =
        """
        Date,USD,JPY,BGN,CYP,CZK,GBP,HUF,RUB,ISK,KRW,
        2024-04-03,1.0783,163.66,1.9558,N/A,25.361,N/A,393.55,N/A,150.50,1451.79,
        2024-04-02,1.0749,163.30,1.9558,N/A,25.316,0.85570,393.98,N/A,150.30,1449.70,
        2024-03-28,1.0811,163.45,1.9558,N/A,25.305,0.85480,396.80,N/A,149.30,1456.41,
        2024-03-27,1.0826,163.78,1.9558,N/A,25.316,0.85830,395.73,N/A,,1451.31,
        2024-03-26,1.0846,164.10,1.9558,N/A,25.320,0.85820,394.46,N/A,149.90,1453.97,
        2024-03-25,1.0828,163.74,1.9558,N/A,25.259,0.85928,393.30,N/A,149.90,1450.60,
        2024-03-22,1.0823,163.92,1.9558,N/A,25.264,0.85795,393.03,N/A,149.10,1451.26,
        2024-03-21,1.0907,164.94,1.9558,N/A,25.120,0.85625,393.80,N/A,149.50,1453.43,

        """;

    public static readonly DateOnly MaundyThursday = new(2024, 3, 28);
    public static readonly DateOnly First = new(2024, 3, 21);
    public static readonly DateOnly Latest = new(2024, 4, 3);

    public static string WriteCsv(string folder, string csv = Csv, string fileName = "eurofxref-hist.csv")
    {
        string path = Path.Combine(folder, fileName);
        File.WriteAllText(path, csv, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return path;
    }

    public static byte[] ZipBytes(string csv = Csv, string entryName = "eurofxref-hist.csv")
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var entry = archive.CreateEntry(entryName);
            // A fixed time: CreateEntry stamps "now" to 2 s, so two calls across a boundary gave different bytes
            // and Valid_download_replaces_the_cached_copy failed now and then.
            entry.LastWriteTime = new DateTimeOffset(2024, 1, 2, 0, 0, 0, TimeSpan.Zero);
            using var writer = new StreamWriter(entry.Open());
            writer.Write(csv);
        }
        return buffer.ToArray();
    }

    public static string WriteZip(string folder, string csv = Csv, string fileName = "eurofxref-hist.zip")
    {
        string path = Path.Combine(folder, fileName);
        File.WriteAllBytes(path, ZipBytes(csv));
        return path;
    }

    /// <summary>A fresh table per test, since tests change <see cref="ExchangeRateTable.MaxRateAgeDays"/>.</summary>
    public static ExchangeRateTable Table()
    {
        using var folder = new TempFolder();
        return ExchangeRateTable.Load(WriteCsv(folder.Path));
    }
}

internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "BandcampPS.Tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
