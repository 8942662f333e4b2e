using System.Text;
using BandcampPS.Engine.Csv;
using BandcampPS.Engine.Sales;

namespace BandcampPS.Engine.Tests.Csv;

internal static class CsvTestFiles
{
    public static List<CsvReadResult> Read(byte[] bytes, BandcampCsvReader? reader = null, string fileName = "sales.csv") =>
        (reader ?? new BandcampCsvReader()).Read(new MemoryStream(bytes), fileName).ToList();

    /// <summary>Hand-written CSV text, encoded the way Bandcamp does (UTF-16LE with BOM) unless told otherwise.</summary>
    public static List<CsvReadResult> ReadText(string text, BandcampCsvReader? reader = null, Encoding? encoding = null) =>
        Read(Encode(text, encoding ?? BandcampCsvExportWriter.Utf16LeWithBom), reader);

    public static byte[] Encode(string text, Encoding encoding) => [.. encoding.GetPreamble(), .. encoding.GetBytes(text)];

    public static List<BandcampSale> Sales(this IEnumerable<CsvReadResult> results) =>
        results.Select(r => r.IsSale ? r.Sale : throw new Xunit.Sdk.XunitException(r.Error.Message)).ToList();

    public static List<CsvRowError> Errors(this IEnumerable<CsvReadResult> results) =>
        results.Where(r => !r.IsSale).Select(r => r.Error!).ToList();
}
