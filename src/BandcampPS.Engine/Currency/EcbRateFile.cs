using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace BandcampPS.Engine.Currency;

/// <summary>
/// Reads the ECB history (<c>eurofxref-hist.zip</c> or its <c>eurofxref-hist.csv</c>): a header
/// <c>Date,USD,JPY,...,</c> and one line per business day, values in units per euro, <c>N/A</c> or empty
/// where a currency had no rate. Strict on purpose: a finance report must not be built on a half-read file.
/// </summary>
internal static class EcbRateFile
{
    public const string CsvEntryName = "eurofxref-hist.csv";

    /// <param name="displayName">How messages name the source; the file name when null.</param>
    public static ExchangeRateTable Load(string path, string? displayName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string fullPath = Path.GetFullPath(path);
        displayName ??= Path.GetFileName(fullPath);
        // FileShare.Delete so a concurrent download can still swap the file in.
        using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        return IsZip(stream) ? ReadZip(stream, fullPath, displayName) : ReadCsv(stream, fullPath, displayName);
    }

    private static bool IsZip(Stream stream)
    {
        Span<byte> signature = stackalloc byte[4];
        int read = stream.ReadAtLeast(signature, signature.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        return read == 4 && signature.SequenceEqual("PK\u0003\u0004"u8);
    }

    private static ExchangeRateTable ReadZip(Stream stream, string path, string displayName)
    {
        try
        {
            using var archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            var entry = archive.Entries.FirstOrDefault(e => e.Name.Equals(CsvEntryName, StringComparison.OrdinalIgnoreCase));
            if (entry is null)
            {
                var csvEntries = archive.Entries.Where(e => e.Name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)).ToList();
                if (csvEntries.Count != 1)
                    throw new ExchangeRateFileException($"{displayName} does not contain {CsvEntryName}.", path);
                entry = csvEntries[0];
            }
            using var csv = entry.Open();
            return ReadCsv(csv, path, $"{entry.Name} in {displayName}");
        }
        catch (InvalidDataException ex)
        {
            throw new ExchangeRateFileException($"{displayName} is not a readable zip archive: {ex.Message}", path, innerException: ex);
        }
    }

    private static ExchangeRateTable ReadCsv(Stream stream, string path, string displayName)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        var (currencies, headerCells) = ReadHeader(reader.ReadLine(), path, displayName);
        var builder = new RateGridBuilder();
        var lineOfDay = new Dictionary<DateOnly, int>();
        int lineNumber = 1;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            var row = new Row(line.Split(','), lineNumber, path, displayName);
            DateOnly date = row.ReadDate();
            if (!lineOfDay.TryAdd(date, lineNumber))
                throw row.Error(
                    $"{ExchangeRateTable.Iso(date)} appears on line {lineOfDay[date]} and again on line {lineNumber} of {displayName}.",
                    row.Cells[0]);
            row.CheckWidth(headerCells, currencies.Length);
            for (int c = 0; c < currencies.Length; c++)
            {
                if (row.ReadRate(c + 1, currencies[c]) is { } rate)
                    builder.TryAdd(currencies[c], date, rate);
            }
        }
        if (builder.IsEmpty)
            throw new ExchangeRateFileException($"{displayName} has no exchange rates.", path);
        return builder.Build();
    }

    private static (string[] Currencies, int Cells) ReadHeader(string? header, string path, string displayName)
    {
        if (header is null)
            throw new ExchangeRateFileException($"{displayName} is empty.", path, 1);
        string[] cells = header.Split(',');
        if (!cells[0].Trim().Equals("Date", StringComparison.OrdinalIgnoreCase))
        {
            string start = header.Length > 40 ? header[..40] + "…" : header;
            throw new ExchangeRateFileException(
                $"{displayName} is not an ECB euro reference rate file: line 1 should start with 'Date,' but is '{start}'.", path, 1, start);
        }
        // The ECB ends every line with a comma, which leaves an empty last column.
        int count = cells.Length > 1 && cells[^1].Trim().Length == 0 ? cells.Length - 2 : cells.Length - 1;
        var currencies = new string[count];
        for (int c = 0; c < count; c++)
        {
            string code = cells[c + 1].Trim().ToUpperInvariant();
            if (code.Length != 3 || !code.All(char.IsAsciiLetterUpper) || code == ExchangeRateTable.Euro || currencies.Contains(code))
                throw new ExchangeRateFileException(
                    $"Column {c + 2} of line 1 of {displayName} is '{cells[c + 1]}', not a currency code (or a repeated one).", path, 1, cells[c + 1]);
            currencies[c] = code;
        }
        return (currencies, cells.Length);
    }

    private readonly record struct Row(string[] Cells, int LineNumber, string Path, string DisplayName)
    {
        public DateOnly ReadDate() =>
            DateOnly.TryParseExact(Cells[0].Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? date
                : throw Error($"Date '{Cells[0]}' on line {LineNumber} of {DisplayName} is not a yyyy-MM-dd date.", Cells[0]);

        /// <summary>
        /// Exactly as many cells as the header: a cut-off line would otherwise read as trailing N/As, because
        /// the trailing comma makes "last value missing" and "last value empty" look alike.
        /// </summary>
        public void CheckWidth(int headerCells, int currencyCount)
        {
            if (Cells.Length != headerCells)
                throw Error($"Line {LineNumber} of {DisplayName} has {Cells.Length} comma-separated cells, but the header has {headerCells}.", null);
            if (Cells.Length > currencyCount + 1 && Cells[^1].Trim().Length > 0)
                throw Error($"Line {LineNumber} of {DisplayName} has a value, '{Cells[^1]}', under no currency.", Cells[^1]);
        }

        /// <summary>The rate in column <paramref name="column"/>, or null for N/A or empty.</summary>
        public decimal? ReadRate(int column, string currency)
        {
            string text = Cells[column].Trim();
            if (text.Length == 0 || text.Equals("N/A", StringComparison.OrdinalIgnoreCase))
                return null;
            if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal rate))
                throw Error($"Rate '{text}' for {currency} on line {LineNumber} of {DisplayName} is not a number.", text);
            if (rate <= 0m)
                throw Error($"Rate '{text}' for {currency} on line {LineNumber} of {DisplayName} is not a positive number.", text);
            return rate;
        }

        public ExchangeRateFileException Error(string message, string? value) => new(message, Path, LineNumber, value);
    }
}
