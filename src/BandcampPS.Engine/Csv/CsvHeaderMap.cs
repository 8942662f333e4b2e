namespace BandcampPS.Engine.Csv;

/// <summary>Where each known column sits in one file, and the header text the file uses for it.</summary>
internal sealed class CsvHeaderMap
{
    private static readonly CsvColumn[] RequiredColumns =
        [CsvColumn.Date, CsvColumn.ItemType, CsvColumn.Currency, CsvColumn.TransactionId];

    /// <summary>A file is useless for finance without some amount; any one of these is enough.</summary>
    private static readonly CsvColumn[] AmountColumns =
        [CsvColumn.ItemTotal, CsvColumn.NetAmount, CsvColumn.AmountYouReceived];

    private readonly int[] _indexes;
    private readonly string[] _headers;

    private CsvHeaderMap(int[] indexes, string[] headers, int fieldCount)
    {
        _indexes = indexes;
        _headers = headers;
        FieldCount = fieldCount;
    }

    /// <summary>How many fields the header has, which every record should have too.</summary>
    public int FieldCount { get; }

    /// <summary>The field index of <paramref name="column"/>, or -1 when the file lacks it.</summary>
    public int IndexOf(CsvColumn column) => _indexes[(int)column];

    /// <summary>The column's header as written in the file (trimmed), for messages the user can match to it.</summary>
    public string HeaderOf(CsvColumn column) => _headers[(int)column];

    /// <exception cref="CsvSchemaException">A required column is missing.</exception>
    public static CsvHeaderMap Create(IReadOnlyList<string> headerFields, string fileName)
    {
        var indexes = new int[CsvColumnNames.Count];
        Array.Fill(indexes, -1);
        var headers = new string[CsvColumnNames.Count];

        for (var i = 0; i < headerFields.Count; i++)
        {
            // The first of two columns with the same meaning wins; unknown columns are ignored.
            if (CsvColumnNames.TryFind(headerFields[i], out var column) && indexes[(int)column] < 0)
            {
                indexes[(int)column] = i;
                headers[(int)column] = headerFields[i].Replace("\0", "").Trim();
            }
        }

        var map = new CsvHeaderMap(indexes, headers, headerFields.Count);
        map.ThrowIfRequiredColumnsMissing(fileName);
        return map;
    }

    private void ThrowIfRequiredColumnsMissing(string fileName)
    {
        var missing = RequiredColumns.Where(c => IndexOf(c) < 0).Select(CsvColumnNames.WebName).ToList();
        var described = missing.Select(name => $"'{name}'").ToList();
        if (AmountColumns.All(c => IndexOf(c) < 0))
        {
            var amountNames = AmountColumns.Select(CsvColumnNames.WebName).ToList();
            missing.AddRange(amountNames);
            described.Add("one of " + string.Join(", ", amountNames.Select(name => $"'{name}'")));
        }

        if (missing.Count > 0)
        {
            throw new CsvSchemaException(
                fileName,
                missing,
                $"'{fileName}' is missing required column(s): {string.Join(", ", described)}");
        }
    }
}
