using System.Globalization;
using System.Text;
using BandcampPS.Engine.Sales;

namespace BandcampPS.Engine.Tests.Csv;

/// <summary>
/// Writes sales the way Bandcamp's web CSV export does — its column names and order, UTF-16LE with a BOM,
/// <c>1/15/24 5:21pm</c> dates, two-decimal money, RFC 4180 quoting — so tests can round-trip through the
/// reader. Written independently of the reader's column table, so a mistake in one shows up against the other.
/// Keeps count of physical lines, so a test knows the line each record starts on.
/// </summary>
internal sealed class BandcampCsvExportWriter : IDisposable
{
    /// <summary>UTF-16LE with a byte order mark, as Bandcamp writes it.</summary>
    public static readonly Encoding Utf16LeWithBom = new UnicodeEncoding(bigEndian: false, byteOrderMark: true);

    /// <summary>Currencies Bandcamp shows without decimals.</summary>
    private static readonly HashSet<string> ZeroDecimalCurrencies = ["JPY", "KRW", "HUF"];

    private static readonly (string Name, Func<BandcampSale, string?> Cell)[] AllColumns =
    [
        ("date", s => FormatDate(s.SaleDate)),
        ("paid to", s => s.PaidTo),
        ("item type", s => s.ItemType),
        ("item name", s => s.ItemName),
        ("artist", s => s.Artist),
        ("currency", s => s.Currency),
        ("item price", s => Money(s.ItemPrice, s)),
        ("quantity", s => s.Quantity?.ToString(CultureInfo.InvariantCulture)),
        ("discount code", s => s.DiscountCode),
        ("sub total", s => Money(s.SubTotal, s)),
        ("additional fan contribution", s => Money(s.AdditionalFanContribution, s)),
        ("seller tax", s => Money(s.SellerTax, s)),
        ("marketplace tax", s => Money(s.MarketplaceTax, s)),
        ("tax rate", s => s.TaxRate?.ToString("0.####", CultureInfo.InvariantCulture)),
        ("collection society share", s => Money(s.CollectionSocietyShare, s)),
        ("shipping", s => Money(s.Shipping, s)),
        ("ship from country name", s => s.ShipFromCountryName),
        ("transaction fee", s => Money(s.TransactionFee, s)),
        ("fee type", s => s.FeeType),
        ("item total", s => Money(s.ItemTotal, s)),
        ("amount you received", s => Money(s.AmountYouReceived, s)),
        ("paypal transaction id", s => s.PaypalTransactionId),
        ("net amount", s => Money(s.NetAmount, s)),
        ("package", s => s.Package),
        ("option", s => s.Option),
        ("item url", s => s.ItemUrl),
        ("catalog number", s => s.CatalogNumber),
        ("upc", s => s.Upc),
        ("isrc", s => s.Isrc),
        ("buyer name", s => s.BuyerName),
        ("buyer email", s => s.BuyerEmail),
        ("buyer phone", s => s.BuyerPhone),
        ("buyer note", s => s.BuyerNote),
        ("ship to name", s => s.ShipToName),
        ("ship to street", s => s.ShipToStreet),
        ("ship to street 2", s => s.ShipToStreet2),
        ("ship to city", s => s.ShipToCity),
        ("ship to state", s => s.ShipToState),
        ("ship to zip", s => s.ShipToZip),
        ("ship to country", s => s.ShipToCountry),
        ("ship to country code", s => s.ShipToCountryCode),
        ("ship date", s => s.ShipDate),
        ("ship notes", s => s.ShipNotes),
        ("country", s => s.Country),
        ("country code", s => s.CountryCode),
        ("region/state", s => s.RegionOrState),
        ("city", s => s.City),
        ("referrer", s => s.Referer),
        ("referrer url", s => s.RefererUrl),
        ("sku", s => s.Sku),
        ("bandcamp transaction id", s => s.TransactionId),
        ("bandcamp related transaction id", s => s.RelatedTransactionId),
    ];

    private readonly TextWriter _text;
    private readonly string _newLine;
    private readonly (string Name, Func<BandcampSale, string?> Cell)[] _columns;

    /// <param name="columns">Column names to write, in order; null for all of Bandcamp's.</param>
    public BandcampCsvExportWriter(
        Stream stream, Encoding? encoding = null, string newLine = "\r\n", IReadOnlyList<string>? columns = null)
    {
        _text = new StreamWriter(stream, encoding ?? Utf16LeWithBom, bufferSize: 64 * 1024, leaveOpen: true);
        _newLine = newLine;
        _columns = columns is null ? AllColumns : columns.Select(name => AllColumns.Single(c => c.Name == name)).ToArray();
    }

    /// <summary>Bandcamp's column names in Bandcamp's order.</summary>
    public static IReadOnlyList<string> ColumnNames { get; } = AllColumns.Select(c => c.Name).ToArray();

    public IReadOnlyList<string> Columns => _columns.Select(c => c.Name).ToArray();

    /// <summary>The 1-based physical line the next record will start on.</summary>
    public int NextLineNumber { get; private set; } = 1;

    public void WriteHeader() => WriteRecord(Columns);

    /// <returns>The line the sale's record starts on.</returns>
    public int WriteSale(BandcampSale sale) => WriteRecord(CellsOf(sale));

    /// <summary>The line of commas alone that the export puts before its pending sales.</summary>
    public int WritePendingSeparator() => WriteRecord(new string?[_columns.Length]);

    /// <returns>The line the record starts on.</returns>
    public int WriteRecord(IReadOnlyList<string?> cells)
    {
        var start = NextLineNumber;
        var record = string.Join(",", cells.Select(Quote)) + _newLine;
        NextLineNumber += record.Count(c => c == '\n');
        _text.Write(record);
        return start;
    }

    /// <summary>The sale's cells in this writer's column order, for tests that spoil one of them.</summary>
    public string?[] CellsOf(BandcampSale sale) => _columns.Select(c => c.Cell(sale)).ToArray();

    public int IndexOf(string columnName) => Array.FindIndex(_columns, c => c.Name == columnName);

    public void Dispose() => _text.Dispose();

    /// <summary>A whole export: header, sales, then (if any) the separator line and the pending sales.</summary>
    public static byte[] Export(
        IEnumerable<BandcampSale> sales,
        IEnumerable<BandcampSale>? pendingSales = null,
        Encoding? encoding = null,
        string newLine = "\r\n")
    {
        using var bytes = new MemoryStream();
        using (var writer = new BandcampCsvExportWriter(bytes, encoding, newLine))
        {
            writer.WriteHeader();
            foreach (var sale in sales)
            {
                writer.WriteSale(sale);
            }

            if (pendingSales is not null)
            {
                writer.WritePendingSeparator();
                foreach (var sale in pendingSales)
                {
                    writer.WriteSale(sale);
                }
            }
        }

        return bytes.ToArray();
    }

    /// <summary>Bandcamp's form: no leading zeros, two-digit year, lower-case am/pm glued to the minutes.</summary>
    public static string FormatDate(DateTime utc) =>
        utc.ToString("M/d/yy h:mm", CultureInfo.InvariantCulture) + (utc.Hour < 12 ? "am" : "pm");

    private static string? Money(decimal? amount, BandcampSale sale) =>
        amount?.ToString(ZeroDecimalCurrencies.Contains(sale.Currency) ? "0" : "0.00", CultureInfo.InvariantCulture);

    private static string Quote(string? cell)
    {
        if (string.IsNullOrEmpty(cell))
        {
            return "";
        }

        return cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + cell.Replace("\"", "\"\"") + "\"" : cell;
    }
}
