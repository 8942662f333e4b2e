using System.Text;
using BandcampPS.Engine.Diagnostics;
using BandcampPS.Engine.Sales;

namespace BandcampPS.Engine.Csv;

/// <summary>
/// Reads the sales CSV that Bandcamp's web site exports (Tools → Sales Report → CSV) as
/// <see cref="BandcampSale"/> objects with <see cref="BandcampSaleSource.Csv"/>, one row at a time.
/// A bad row becomes a <see cref="CsvRowError"/> and the rows after it are still read — after an unclosed quote
/// too: a row may hold at most <see cref="MaxRowChars"/> characters, and reading goes on at the line after the
/// one the quote opened on. Only a header without the required columns stops the file, with a
/// <see cref="CsvSchemaException"/>. Memory holds one row, whatever the file's size.
/// </summary>
public sealed class BandcampCsvReader
{
    /// <summary>The most one row may hold, quoted line breaks included (64 K characters).</summary>
    public const int MaxRowChars = CsvRecordReader.MaxRecordChars;

    private readonly CsvDateParser _dates;
    private readonly IBandcampLog _log;

    /// <param name="exportTimeZone">
    /// The zone the export's times are written in. Bandcamp does not document it; null means UTC.
    /// Sale dates are always converted to UTC.
    /// </param>
    /// <param name="bandId">The band or label the export belongs to; the file itself does not say.</param>
    /// <param name="encoding">
    /// The files' encoding; null tells it from the bytes: a byte order mark (Bandcamp's export is UTF-16LE with
    /// one), UTF-16 without one, else UTF-8 — or Windows-1252, with a warning, when the file is not valid UTF-8.
    /// </param>
    /// <param name="log">Where the Windows-1252 warning goes; default the ambient log.</param>
    public BandcampCsvReader(TimeZoneInfo? exportTimeZone = null, long bandId = 0, Encoding? encoding = null, IBandcampLog? log = null)
    {
        ExportTimeZone = exportTimeZone ?? TimeZoneInfo.Utc;
        BandId = bandId;
        Encoding = encoding;
        _log = log ?? AmbientLog.Instance;
        _dates = new CsvDateParser(exportTimeZone);
    }

    public TimeZoneInfo ExportTimeZone { get; }

    public long BandId { get; }

    public Encoding? Encoding { get; }

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
    /// Reads an export from <paramref name="stream"/>, which is read forward only and left open. A stream that can
    /// seek is read through once first to tell UTF-8 from Windows-1252; of one that cannot, its first 64 KB decide.
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
        using var text = CsvTextDecoder.Open(stream, Encoding, fileName, _log);
        var record = new CsvRecordReader(text);

        var header = ReadHeader(record, fileName);
        var mapper = new CsvSaleMapper(header, _dates, BandId);
        var errors = new CsvRowErrorFactory(fileName, header);
        var mapped = MappedFields(header);

        while (record.Read())
        {
            if (record.Damage != CsvRecordDamage.None)
            {
                yield return CsvReadResult.Failure(errors.Damaged(record));
                record.ReadAgainAfterFirstLine();
                continue;
            }

            // The export separates the pending sales from the rest with a line of commas alone.
            if (IsBlank(record))
            {
                continue;
            }

            if (!HasHeaderFieldCount(record, header.FieldCount))
            {
                yield return CsvReadResult.Failure(errors.WrongFieldCount(record, record.Count));
                // A row that ran on over several lines most likely swallowed its neighbours with an open quote.
                record.ReadAgainAfterFirstLine();
                continue;
            }

            // A stray quote in a column the reader ignores cannot spoil a sale and is let be, unless the row
            // runs over several lines: then the quote may have swallowed the rows after it.
            if (FirstStrayQuote(record, mapped) is { } badField)
            {
                yield return CsvReadResult.Failure(errors.MalformedQuotes(record, badField));
                record.ReadAgainAfterFirstLine();
                continue;
            }

            var sale = mapper.Map(record, out var problem);
            yield return sale is not null
                ? CsvReadResult.Success(sale)
                : CsvReadResult.Failure(errors.BadField(record.StartLine, problem!.Value));
        }
    }

    private static CsvHeaderMap ReadHeader(CsvRecordReader record, string fileName)
    {
        while (record.Read())
        {
            if (record.Damage == CsvRecordDamage.None && !IsBlank(record))
            {
                var fields = new string[record.Count];
                for (var i = 0; i < fields.Length; i++) fields[i] = record[i];
                return CsvHeaderMap.Create(fields, fileName);
            }
        }

        // An empty file lacks every column; say so in the same words as any other missing column.
        return CsvHeaderMap.Create([], fileName);
    }

    /// <summary>The field indexes the reader maps to a sale's properties.</summary>
    private static bool[] MappedFields(CsvHeaderMap header)
    {
        var mapped = new bool[header.FieldCount];
        foreach (var column in Enum.GetValues<CsvColumn>())
        {
            if (header.IndexOf(column) is >= 0 and var index && index < mapped.Length) mapped[index] = true;
        }
        return mapped;
    }

    private static int? FirstStrayQuote(CsvRecordReader record, bool[] mapped)
    {
        foreach (var field in record.StrayQuoteFields)
        {
            if (record.SpansLines || (field < mapped.Length && mapped[field])) return field;
        }
        return null;
    }

    private static bool IsBlank(CsvRecordReader record)
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
    private static bool HasHeaderFieldCount(CsvRecordReader record, int headerFieldCount)
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
}
