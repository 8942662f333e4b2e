using System.Text;

namespace BandcampPS.Engine.Csv;

/// <summary>Why a record could not be read as fields at all.</summary>
internal enum CsvRecordDamage
{
    None,

    /// <summary>A quoted field was still open when the file ended.</summary>
    QuoteOpenAtEnd,

    /// <summary>A quoted field was still open after <see cref="CsvRecordReader.MaxRecordChars"/> characters.</summary>
    QuoteOpenTooLong,

    /// <summary>One line alone is longer than <see cref="CsvRecordReader.MaxRecordChars"/> characters.</summary>
    LineTooLong,
}

/// <summary>
/// Splits CSV text into records of fields (RFC 4180: comma-separated, fields quoted with ", "" for a quote, line
/// breaks allowed inside quotes) with the lines each record spans. A record may hold at most
/// <see cref="MaxRecordChars"/> characters, so one unclosed quote cannot swallow the rest of a file into one field:
/// the record is reported as damaged, and <see cref="ReadAgainAfterFirstLine"/> lets reading go on at its second line.
/// Memory holds one record at most. Stray quotes are noted per field and kept as text.
/// </summary>
internal sealed class CsvRecordReader(TextReader text)
{
    /// <summary>The documented limit of one row, quoted line breaks included: far above any sales row (~1 KB).</summary>
    public const int MaxRecordChars = 64 * 1024;

    private const int MaxRawChars = 4096;

    private readonly CsvLineReader _lines = new(text, MaxRecordChars);
    private readonly List<CsvLine> _recordLines = [];
    private readonly List<string> _fields = [];
    private readonly List<int> _strayQuoteFields = [];
    private readonly StringBuilder _field = new();

    private enum State { FieldStart, Unquoted, Quoted, QuoteInQuoted, FieldEnded }

    public int Count => _fields.Count;

    public string this[int index] => _fields[index];

    /// <summary>The physical line the record starts on.</summary>
    public int StartLine => _recordLines[0].Number;

    /// <summary>The physical line the record ends on (its last quoted line break included).</summary>
    public int EndLine => _recordLines[^1].Number;

    public bool SpansLines => _recordLines.Count > 1;

    public CsvRecordDamage Damage { get; private set; }

    /// <summary>Indexes of the fields with a quote where RFC 4180 allows none, in order.</summary>
    public IReadOnlyList<int> StrayQuoteFields => _strayQuoteFields;

    /// <summary>The record as written, cut to its first few thousand characters for messages.</summary>
    public string RawRecord
    {
        get
        {
            var raw = new StringBuilder();
            foreach (var line in _recordLines)
            {
                if (raw.Length >= MaxRawChars) break;
                raw.Append(line.Text).Append(line.LineBreak);
            }
            // The last line break ends the record rather than belonging to it.
            var text = raw.ToString().TrimEnd('\r', '\n');
            return text.Length <= MaxRawChars ? text : text[..MaxRawChars];
        }
    }

    public bool Read()
    {
        _recordLines.Clear();
        _fields.Clear();
        _strayQuoteFields.Clear();
        _field.Clear();
        Damage = CsvRecordDamage.None;

        var line = _lines.Next();
        if (line is null) return false;
        var state = State.FieldStart;
        var chars = 0;
        while (true)
        {
            _recordLines.Add(line);
            chars += line.Text.Length + line.LineBreak.Length;
            if (line.Overlong || chars > MaxRecordChars)
            {
                Damage = state == State.Quoted ? CsvRecordDamage.QuoteOpenTooLong : CsvRecordDamage.LineTooLong;
                break;
            }

            state = Parse(line.Text, state);
            if (state != State.Quoted) return true;
            _field.Append(line.LineBreak);
            var next = _lines.Next();
            if (next is null)
            {
                Damage = CsvRecordDamage.QuoteOpenAtEnd;
                break;
            }
            line = next;
        }

        // Damaged: what was read of the last field stays, for the record's raw text only.
        EndField();
        return true;
    }

    /// <summary>
    /// Reads the lines of the current record after its first again, as the start of new records: after a damaged
    /// row, what its open quote swallowed is read as the rows it most likely is.
    /// </summary>
    public void ReadAgainAfterFirstLine()
    {
        if (SpansLines) _lines.ReadAgain(_recordLines.GetRange(1, _recordLines.Count - 1));
    }

    private State Parse(string line, State state)
    {
        var i = 0;
        while (i < line.Length)
        {
            var c = line[i];
            switch (state)
            {
                case State.FieldStart when c == '"':
                    state = State.Quoted;
                    i++;
                    break;
                case State.FieldStart or State.Unquoted:
                    // Up to the next comma or quote at once: most fields are plain, and taken without a copy to the builder.
                    var rest = line.AsSpan(i);
                    var stop = rest.IndexOfAny(',', '"');
                    var plain = stop < 0 ? rest : rest[..stop];
                    i += plain.Length;
                    if (state == State.FieldStart && (stop < 0 || rest[stop] == ','))
                    {
                        _fields.Add(new string(plain));
                        if (stop < 0) return State.FieldEnded;
                        i++;
                        break;
                    }
                    _field.Append(plain);
                    state = State.Unquoted;
                    if (stop < 0) break;
                    if (rest[stop] == ',') state = EndField();
                    else StrayQuote('"');
                    i++;
                    break;
                case State.Quoted:
                    var quoted = line.AsSpan(i);
                    var quote = quoted.IndexOf('"');
                    _field.Append(quote < 0 ? quoted : quoted[..quote]);
                    i += quote < 0 ? quoted.Length : quote + 1;
                    if (quote >= 0) state = State.QuoteInQuoted;
                    break;
                case State.QuoteInQuoted when c == '"':
                    _field.Append('"');
                    state = State.Quoted;
                    i++;
                    break;
                case State.QuoteInQuoted when c == ',':
                    state = EndField();
                    i++;
                    break;
                case State.QuoteInQuoted:
                    // Text after a closing quote: keep it, as text of a field that is not properly quoted.
                    StrayQuote(c);
                    state = State.Unquoted;
                    i++;
                    break;
            }
        }
        if (state == State.Quoted) return state;
        // The line ends the record, and its last field: empty after a comma, or what the builder holds.
        EndField();
        return State.FieldEnded;
    }

    private State EndField()
    {
        _fields.Add(_field.ToString());
        _field.Clear();
        return State.FieldStart;
    }

    private void StrayQuote(char kept)
    {
        _field.Append(kept);
        if (_strayQuoteFields.Count == 0 || _strayQuoteFields[^1] != _fields.Count) _strayQuoteFields.Add(_fields.Count);
    }
}
