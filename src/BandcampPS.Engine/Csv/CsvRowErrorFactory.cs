namespace BandcampPS.Engine.Csv;

/// <summary>Words the row errors of one file, so every message starts the same way: "Line 17 of 'sales.csv': …".</summary>
internal sealed class CsvRowErrorFactory(string fileName, CsvHeaderMap header)
{
    /// <summary>Enough of a value to recognise it, without copying a runaway quoted field into the message.</summary>
    private const int MaxQuotedLength = 120;

    public CsvRowError BadField(int lineNumber, CsvFieldProblem problem)
    {
        var column = header.HeaderOf(problem.Column);
        var what = problem.RawValue.Length == 0 ? column : $"{column} '{Shorten(problem.RawValue)}'";
        return new CsvRowError(
            fileName, lineNumber, problem.Kind, column, problem.RawValue, $"{Where(lineNumber)}: {what} {problem.Complaint}");
    }

    public CsvRowError WrongFieldCount(CsvRecordReader record, int fieldCount)
    {
        var line = record.StartLine;
        var message = record.SpansLines
            ? $"{Where(line)}: the record runs on to line {record.EndLine} and has {fieldCount} field(s) " +
              $"but the header has {header.FieldCount}; a quoted field may be missing its closing quote{GoingOn(line)}"
            : $"{Where(line)}: the line has {fieldCount} field(s) but the header has {header.FieldCount}; " +
              "it may be cut off or have an unquoted comma";
        return new CsvRowError(fileName, line, CsvRowErrorKind.WrongFieldCount, null, record.RawRecord, message);
    }

    /// <summary>A record that could not be split into fields: an unclosed quote, or a line longer than any row.</summary>
    public CsvRowError Damaged(CsvRecordReader record)
    {
        var line = record.StartLine;
        var limit = $"{CsvRecordReader.MaxRecordChars / 1024} K characters";
        var (kind, what) = record.Damage switch
        {
            CsvRecordDamage.QuoteOpenAtEnd => (CsvRowErrorKind.UnclosedQuote,
                "a quoted field opened on this line is never closed (the file ends inside it)"),
            CsvRecordDamage.QuoteOpenTooLong => (CsvRowErrorKind.UnclosedQuote,
                $"a quoted field opened on this line is not closed within {limit} (a row may be no longer), by line {record.EndLine}"),
            _ => (CsvRowErrorKind.RecordTooLong, $"the line is longer than {limit}, the most a row may hold"),
        };
        return new CsvRowError(fileName, line, kind, null, record.RawRecord, $"{Where(line)}: {what}; the row is skipped{GoingOn(line)}");
    }

    public CsvRowError MalformedQuotes(CsvRecordReader record, int field)
    {
        var line = record.StartLine;
        var value = record[field];
        return new CsvRowError(fileName, line, CsvRowErrorKind.MalformedQuotes, null, value,
            $"{Where(line)}: the field '{Shorten(value)}' has a quote where CSV does not allow one{(record.SpansLines ? GoingOn(line) : "")}");
    }

    private string Where(int lineNumber) => $"Line {lineNumber} of '{fileName}'";

    private static string GoingOn(int lineNumber) => $", and reading goes on at line {lineNumber + 1}";

    private static string Shorten(string value) =>
        value.Length <= MaxQuotedLength ? value : string.Concat(value.AsSpan(0, MaxQuotedLength), "…");
}
