using System.Globalization;
using BandcampPS.Engine.Sales;
using CsvHelper;
using CsvHelper.Configuration;

namespace BandcampPS.Engine.Csv;

/// <summary>
/// Reads the sales CSV that Bandcamp's web site exports (Tools → Sales Report → CSV) as
/// <see cref="BandcampSale"/> objects with <see cref="BandcampSaleSource.Csv"/>, one row at a time.
/// A bad row becomes a <see cref="CsvRowError"/> and the rows after it are still read; only a header
/// without the required columns stops the file, with a <see cref="CsvSchemaException"/>.
/// </summary>
public sealed class BandcampCsvReader
{
    private readonly CsvDateParser _dates;

    /// <param name="exportTimeZone">
    /// The zone the export's times are written in. Bandcamp does not document it; null means UTC.
    /// Sale dates are always converted to UTC.
    /// </param>
    /// <param name="bandId">The band or label the export belongs to; the file itself does not say.</param>
    public BandcampCsvReader(TimeZoneInfo? exportTimeZone = null, long bandId = 0)
    {
        ExportTimeZone = exportTimeZone ?? TimeZoneInfo.Utc;
        BandId = bandId;
        _dates = new CsvDateParser(exportTimeZone);
    }

    public TimeZoneInfo ExportTimeZone { get; }

    public long BandId { get; }

    /// <summary>
    /// Reads the file at <paramref name="path"/>. Nothing is opened until the results are enumerated,
    /// and the file is closed when the enumeration ends or is abandoned.
    /// </summary>
    /// <exception cref="CsvSchemaException">On the first MoveNext, when required columns are missing.</exception>
    public IEnumerable<CsvReadResult> Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return ReadFile(path);
    }

    /// <summary>
    /// Reads an export from <paramref name="stream"/>, which is read forward only and left open.
    /// </summary>
    /// <param name="fileName">The name used in messages, e.g. <c>sales.csv</c>.</param>
    /// <exception cref="CsvSchemaException">On the first MoveNext, when required columns are missing.</exception>
    public IEnumerable<CsvReadResult> Read(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(fileName);
        return ReadRecords(stream, fileName);
    }

    private IEnumerable<CsvReadResult> ReadFile(string path)
    {
        using var file = new FileStream(
            path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        foreach (var result in ReadRecords(file, Path.GetFileName(path)))
        {
            yield return result;
        }
    }

    private IEnumerable<CsvReadResult> ReadRecords(Stream stream, string fileName)
    {
        var quotes = new QuoteProblemTracker();
        using var parser = new CsvParser(CsvTextDecoder.Open(stream), CreateConfiguration(quotes), leaveOpen: false);

        var header = ReadHeader(parser, fileName);
        var mapper = new CsvSaleMapper(header, _dates, BandId);
        var errors = new CsvRowErrorFactory(fileName, header);

        // CsvHelper's RawRow is the line a record ends on; the next record starts on the line after.
        // Blank lines come through as records (IgnoreBlankLines is off), so no line goes uncounted.
        var lastLineRead = parser.RawRow;
        while (parser.Read())
        {
            var lineNumber = lastLineRead + 1;
            lastLineRead = parser.RawRow;
            quotes.Clear();

            // The export separates the pending sales from the rest with a line of commas alone.
            if (IsBlank(parser))
            {
                continue;
            }

            if (!HasHeaderFieldCount(parser, header.FieldCount))
            {
                yield return CsvReadResult.Failure(
                    errors.WrongFieldCount(lineNumber, lastLineRead, parser.Count, parser.RawRecord));
                continue;
            }

            var sale = mapper.Map(parser, out var problem);

            // CsvHelper reports a stray quote only when the field is first read, so this check comes after
            // mapping; a stray quote in a column the reader ignores cannot spoil a sale and is let be.
            if (quotes.TakeProblem() is { } badField)
            {
                yield return CsvReadResult.Failure(errors.MalformedQuotes(lineNumber, badField));
            }
            else
            {
                yield return sale is not null
                    ? CsvReadResult.Success(sale)
                    : CsvReadResult.Failure(errors.BadField(lineNumber, problem!.Value));
            }
        }
    }

    private static CsvHeaderMap ReadHeader(CsvParser parser, string fileName)
    {
        while (parser.Read())
        {
            if (!IsBlank(parser))
            {
                return CsvHeaderMap.Create(parser.Record ?? [], fileName);
            }
        }

        // An empty file lacks every column; say so in the same words as any other missing column.
        return CsvHeaderMap.Create([], fileName);
    }

    private static bool IsBlank(IParser record)
    {
        for (var i = 0; i < record.Count; i++)
        {
            if (!string.IsNullOrWhiteSpace(record[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Fewer fields than the header means a cut-off line; more means an unquoted comma shifted the values.
    /// Empty extra fields (a trailing comma) shift nothing and are allowed.
    /// </summary>
    private static bool HasHeaderFieldCount(IParser record, int headerFieldCount)
    {
        if (record.Count < headerFieldCount)
        {
            return false;
        }

        for (var i = headerFieldCount; i < record.Count; i++)
        {
            if (!string.IsNullOrWhiteSpace(record[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static CsvConfiguration CreateConfiguration(QuoteProblemTracker quotes) =>
        new(CultureInfo.InvariantCulture)
        {
            Delimiter = ",",
            Quote = '"',
            Mode = CsvMode.RFC4180,
            DetectDelimiter = false,
            IgnoreBlankLines = false,
            TrimOptions = TrimOptions.None,
            BadDataFound = quotes.Record,
            BufferSize = 64 * 1024,
        };

    /// <summary>Holds the first stray quote CsvHelper reports through its callback while a record's fields are read.</summary>
    private sealed class QuoteProblemTracker
    {
        private string? _field;

        public void Record(BadDataFoundArgs args) => _field ??= args.Field;

        public string? TakeProblem()
        {
            var field = _field;
            _field = null;
            return field;
        }

        public void Clear() => _field = null;
    }
}
