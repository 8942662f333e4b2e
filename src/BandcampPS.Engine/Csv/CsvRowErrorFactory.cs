namespace BandcampPS.Engine.Csv;

/// <summary>Words the row errors of one file, so every message starts the same way: "Line 17 of 'sales.csv': …".</summary>
internal sealed class CsvRowErrorFactory(string fileName, CsvHeaderMap header)
{
    /// <summary>Enough of a value to recognise it, without copying a runaway quoted field into the message.</summary>
    private const int MaxQuotedLength = 120;

    /// <summary>
    /// A damaged record is kept for the user to inspect, but an unclosed quote can make it the rest of the
    /// file, so only its start is kept.
    /// </summary>
    private const int MaxRawRecordLength = 4096;

    public CsvRowError BadField(int lineNumber, CsvFieldProblem problem)
    {
        var column = header.HeaderOf(problem.Column);
        var what = problem.RawValue.Length == 0 ? column : $"{column} '{Shorten(problem.RawValue)}'";
        return new CsvRowError(
            fileName, lineNumber, problem.Kind, column, problem.RawValue, $"{Where(lineNumber)}: {what} {problem.Complaint}");
    }

    public CsvRowError WrongFieldCount(int lineNumber, int lastLineNumber, int fieldCount, string rawRecord)
    {
        var raw = rawRecord.Length <= MaxRawRecordLength ? rawRecord : rawRecord[..MaxRawRecordLength];
        var message = lastLineNumber > lineNumber
            ? $"{Where(lineNumber)}: the record runs on to line {lastLineNumber} and has {fieldCount} field(s) " +
              $"but the header has {header.FieldCount}; a quoted field may be missing its closing quote"
            : $"{Where(lineNumber)}: the line has {fieldCount} field(s) but the header has {header.FieldCount}; " +
              "it may be cut off or have an unquoted comma";
        return new CsvRowError(fileName, lineNumber, CsvRowErrorKind.WrongFieldCount, null, raw, message);
    }

    public CsvRowError MalformedQuotes(int lineNumber, string field) =>
        new(fileName, lineNumber, CsvRowErrorKind.MalformedQuotes, null, field,
            $"{Where(lineNumber)}: the field '{Shorten(field)}' has a quote where CSV does not allow one");

    private string Where(int lineNumber) => $"Line {lineNumber} of '{fileName}'";

    private static string Shorten(string value) =>
        value.Length <= MaxQuotedLength ? value : string.Concat(value.AsSpan(0, MaxQuotedLength), "…");
}
