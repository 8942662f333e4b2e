using System.Text.Json;

namespace BandcampPS.Engine.Sales;

/// <summary>
/// Incremental parser of a sales report body: <c>{"report": [ {...}, ... ]}</c> (v4), a bare array (async
/// downloads), or Bandcamp's error envelope <c>{"error": true, "error_message": "..."}</c>. It is fed whatever
/// bytes have arrived, emits every line item that is complete, and tells how many bytes it consumed; the caller
/// keeps the rest for the next call. Nothing but the current row is ever held in memory.
/// </summary>
internal sealed class SalesReportParser(long bandId, long? memberBandId, string description)
{
    private enum Stage { BeforeRoot, InRootObject, InReport, Done }

    private readonly SaleRowReader _rows = new(bandId, memberBandId);
    private Stage _stage;
    private JsonReaderState _state;
    private bool _bareArray;
    private bool _sawReport;
    private bool _sawError;
    private string? _errorMessage;

    public bool IsDone => _stage == Stage.Done;

    /// <summary>Parses what it can of <paramref name="data"/>; returns the bytes consumed. Throws on malformed or (when final) truncated JSON.</summary>
    public int Parse(ReadOnlySpan<byte> data, bool isFinalBlock, List<SaleParseResult> results)
    {
        var reader = new Utf8JsonReader(data, isFinalBlock, _state);
        var consumed = 0;
        while (_stage != Stage.Done)
        {
            var rewind = reader;
            if (!Step(ref reader, data, results))
            {
                reader = rewind;
                break;
            }
            consumed = (int)reader.BytesConsumed;
            _state = reader.CurrentState;
        }
        if (_stage == Stage.Done) Finish();
        return consumed;
    }

    /// <summary>One complete token group; false when the data ends inside it (nothing is then consumed).</summary>
    private bool Step(ref Utf8JsonReader reader, ReadOnlySpan<byte> data, List<SaleParseResult> results)
    {
        if (!reader.Read()) return false;
        switch (_stage)
        {
            case Stage.BeforeRoot:
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    _bareArray = _sawReport = true;
                    _stage = Stage.InReport;
                }
                else if (reader.TokenType == JsonTokenType.StartObject) _stage = Stage.InRootObject;
                else throw Malformed($"starts with {reader.TokenType}");
                return true;

            case Stage.InRootObject:
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    _stage = Stage.Done;
                    return true;
                }
                return ReadRootProperty(ref reader);

            default: // InReport
                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    _stage = _bareArray ? Stage.Done : Stage.InRootObject;
                    return true;
                }
                if (reader.TokenType != JsonTokenType.StartObject) throw Malformed($"has a {reader.TokenType} where a line item was expected");
                var rowStart = reader;
                try
                {
                    // Null: the data ends inside the row; the caller rewinds to before it and waits for more.
                    if (_rows.TryRead(ref reader, data) is not { } row) return false;
                    results.Add(row);
                    return true;
                }
                catch (Exception ex) when (ex is InvalidOperationException or FormatException or OverflowException)
                {
                    // A row no field rule foresaw: it becomes one error and the reader moves past it, so the rows
                    // after it still come. Only once the whole row is in the buffer, so the error quotes it whole.
                    var probe = rowStart;
                    if (!probe.TrySkip()) return false;
                    results.Add(SaleParseResult.Failed(UnreadableRow(data[(int)rowStart.TokenStartIndex..(int)probe.BytesConsumed], ex)));
                    reader = probe;
                    return true;
                }
        }
    }

    private bool ReadRootProperty(ref Utf8JsonReader reader)
    {
        var isReport = reader.ValueTextEquals("report"u8);
        var isError = reader.ValueTextEquals("error"u8);
        var isMessage = reader.ValueTextEquals("error_message"u8);
        if (!reader.Read()) return false;
        if (isReport && reader.TokenType == JsonTokenType.StartArray)
        {
            _sawReport = true;
            _stage = Stage.InReport;
            return true;
        }
        if (isError) _sawError = reader.TokenType is JsonTokenType.True or JsonTokenType.String;
        if (isMessage && reader.TokenType == JsonTokenType.String) _errorMessage = reader.GetString();
        return reader.TrySkip();
    }

    private void Finish()
    {
        if (_sawError) throw new BandcampApiException(description, _errorMessage ?? "no reason given", 200);
        if (!_sawReport) throw Malformed("has no 'report' list");
    }

    private BandcampSaleParseError UnreadableRow(ReadOnlySpan<byte> row, Exception problem)
    {
        var quoted = SaleRowReader.Quote(row);
        return new BandcampSaleParseError
        {
            Field = null,
            Value = quoted,
            Message = $"A row of {description} could not be read ({problem.Message}); it was left out and the rest of the report still flows. It begins: {quoted}",
        };
    }

    private BandcampTransportException Malformed(string problem) =>
        new($"The answer to {description} is not a sales report: it {problem}.", description);
}
