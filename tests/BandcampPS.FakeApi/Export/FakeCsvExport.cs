using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace BandcampPS.FakeApi;

/// <summary>
/// Writes sales the way Bandcamp's web "export sales" CSV looks (api.md 8): UTF-16LE with a BOM,
/// lower-case space-separated headers (referrer, region/state), no transaction item id column,
/// dates as M/d/yy h:mmtt (UTC), money with two decimals, RFC 4180 quoting and CRLF line ends.
/// Public so tests can produce CSV files without a server.
/// </summary>
public static class FakeCsvExport
{
    private const int RowsPerWrite = 500;

    /// <summary>UTF-16 little-endian with a byte order mark, as the web export.</summary>
    public static Encoding DefaultEncoding { get; } = new UnicodeEncoding(bigEndian: false, byteOrderMark: true);

    public static void Write(Stream stream, IEnumerable<FakeSale> sales, Encoding? encoding = null)
    {
        using var writer = new StreamWriter(stream, encoding ?? DefaultEncoding, 1 << 16, leaveOpen: true);
        foreach (var chunk in Chunks(sales)) writer.Write(chunk);
    }

    /// <summary>The same, for streams that forbid synchronous writes (an HTTP response).</summary>
    public static async Task WriteAsync(Stream stream, IEnumerable<FakeSale> sales, Encoding? encoding = null, CancellationToken ct = default)
    {
        await using var writer = new StreamWriter(stream, encoding ?? DefaultEncoding, 1 << 16, leaveOpen: true);
        foreach (var chunk in Chunks(sales)) await writer.WriteAsync(chunk, ct);
        await writer.FlushAsync(ct);
    }

    // Text is built a few hundred rows at a time so both paths share one formatter and stay streaming.
    private static IEnumerable<StringBuilder> Chunks(IEnumerable<FakeSale> sales)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', FakeSaleFields.CsvHeaders.Select(Quote)).Append("\r\n");
        int rows = 0;
        foreach (var sale in sales)
        {
            AppendRow(text, sale);
            if (++rows % RowsPerWrite == 0)
            {
                yield return text;
                text.Clear();
            }
        }
        yield return text;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AppendRow(StringBuilder text, FakeSale sale)
    {
        var first = true;
        foreach (var field in FakeSaleFields.CsvColumns)
        {
            if (!first) text.Append(',');
            first = false;
            text.Append(Quote(FormatField(field, sale)));
        }
        text.Append("\r\n");
    }

    private static string FormatField(FakeSaleField field, FakeSale sale) => field.Kind switch
    {
        FakeSaleFieldKind.Date => sale.DateUtc.ToString(BandcampDates.CsvExportFormat, CultureInfo.InvariantCulture),
        FakeSaleFieldKind.Money => field.Money!(sale)?.ToString("0.00", CultureInfo.InvariantCulture) ?? "",
        FakeSaleFieldKind.Integer => field.Integer!(sale)?.ToString(CultureInfo.InvariantCulture) ?? "",
        _ => field.Text!(sale) ?? "",
    };

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";
}
