namespace BandcampPS.Engine.Csv;

/// <summary>
/// The file's header lacks columns the reader cannot do without. Thrown once, before any row is read,
/// and naming every missing column so the user fixes the file in one go rather than one column a run.
/// </summary>
public sealed class CsvSchemaException : Exception
{
    public CsvSchemaException(string fileName, IReadOnlyList<string> missingColumns, string message)
        : base(message)
    {
        FileName = fileName;
        MissingColumns = missingColumns;
    }

    public string FileName { get; }

    /// <summary>
    /// The web export's names of the missing columns. When none of the amount columns is present,
    /// all three ('item total', 'net amount', 'amount you received') are listed: any one would do.
    /// </summary>
    public IReadOnlyList<string> MissingColumns { get; }
}
