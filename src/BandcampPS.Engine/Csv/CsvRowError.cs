namespace BandcampPS.Engine.Csv;

/// <summary>One row of a CSV export that could not be read as a sale. The rows around it are still read.</summary>
public sealed class CsvRowError
{
    internal CsvRowError(
        string fileName, int lineNumber, CsvRowErrorKind kind, string? column, string? rawValue, string message)
    {
        FileName = fileName;
        LineNumber = lineNumber;
        Kind = kind;
        Column = column;
        RawValue = rawValue;
        Message = message;
    }

    public string FileName { get; }

    /// <summary>
    /// The 1-based physical line on which the record starts, as a text editor counts lines — a record
    /// whose quoted fields hold line breaks spans several lines.
    /// </summary>
    public int LineNumber { get; }

    public CsvRowErrorKind Kind { get; }

    /// <summary>The column's header as written in the file; null when the whole line is damaged.</summary>
    public string? Column { get; }

    /// <summary>The value as found in the file (the whole record when the line is damaged).</summary>
    public string? RawValue { get; }

    /// <summary>Says where and what, e.g. <c>Line 17 of 'sales.csv': date '31/31/24 9:99pm' is not a date …</c>.</summary>
    public string Message { get; }

    public override string ToString() => Message;
}
