using System.Text;

namespace BandcampPS.Engine.Csv;

/// <summary>One physical line of a CSV file: its 1-based number, its text and the line break that ended it.</summary>
/// <param name="Overlong">The line was longer than the reader keeps: <see cref="Text"/> holds only its start.</param>
internal sealed record CsvLine(int Number, string Text, string LineBreak, bool Overlong);

/// <summary>
/// Reads physical lines (CR LF, LF or a lone CR end one) without ever holding more than a bounded part of one, and
/// takes lines back to be read again, so the record reader can start over at the line after a damaged row.
/// </summary>
internal sealed class CsvLineReader(TextReader text, int maxLineChars)
{
    private readonly char[] _buffer = new char[64 * 1024];
    private readonly Stack<CsvLine> _again = new();
    private readonly StringBuilder _long = new();
    private int _position;
    private int _length;
    private int _lineNumber;

    public CsvLine? Next()
    {
        if (_again.TryPop(out var again)) return again;

        _long.Clear();
        var overlong = false;
        var started = false;
        while (true)
        {
            if (_position == _length && !Fill())
            {
                return started ? Line(_long.ToString(), "", overlong) : null;
            }
            started = true;

            var rest = _buffer.AsSpan(_position, _length - _position);
            var end = rest.IndexOfAny('\r', '\n');
            var content = end < 0 ? rest : rest[..end];
            _position += content.Length;
            if (end >= 0 && _long.Length == 0 && !overlong && content.Length <= maxLineChars)
            {
                // The usual case: the whole line is in the buffer.
                return Line(new string(content), TakeLineBreak(), overlong: false);
            }

            var room = maxLineChars - _long.Length;
            if (content.Length > room) overlong = true;
            _long.Append(content[..Math.Min(content.Length, Math.Max(room, 0))]);
            if (end >= 0) return Line(_long.ToString(), TakeLineBreak(), overlong);
        }
    }

    /// <summary>Makes <paramref name="lines"/> the next lines <see cref="Next"/> returns, in their order.</summary>
    public void ReadAgain(IReadOnlyList<CsvLine> lines)
    {
        for (var i = lines.Count - 1; i >= 0; i--) _again.Push(lines[i]);
    }

    private CsvLine Line(string content, string lineBreak, bool overlong) => new(++_lineNumber, content, lineBreak, overlong);

    private string TakeLineBreak()
    {
        if (_buffer[_position++] == '\n') return "\n";
        if (_position == _length) Fill();
        if (_position < _length && _buffer[_position] == '\n')
        {
            _position++;
            return "\r\n";
        }
        return "\r";
    }

    private bool Fill()
    {
        _length = text.Read(_buffer, 0, _buffer.Length);
        _position = 0;
        return _length > 0;
    }
}
