using System.Text.Json;

namespace BandcampPS.FakeApi.Tests;

/// <summary>
/// Reads {"report":[…]} incrementally from a stream, counting rows as they arrive, so a test can act
/// part-way (and never holds the whole body). Throws JsonException on malformed or cut-off JSON.
/// </summary>
internal sealed class JsonRowReader(Stream stream)
{
    private byte[] _buffer = new byte[64 * 1024];
    private int _filled;
    private JsonReaderState _state;
    private bool _done;

    public long Rows { get; private set; }
    public long Bytes { get; private set; }

    /// <summary>Reads one more network chunk; false once the body has ended.</summary>
    public async Task<bool> ReadChunkAsync()
    {
        if (_done) return false;
        var read = await stream.ReadAsync(_buffer.AsMemory(_filled));
        Bytes += read;
        _filled += read;
        _done = read == 0;
        var consumed = Parse(_buffer.AsSpan(0, _filled), _done);
        Buffer.BlockCopy(_buffer, consumed, _buffer, 0, _filled - consumed);
        _filled -= consumed;
        if (_filled == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2); // one token bigger than the buffer
        return !_done;
    }

    private int Parse(ReadOnlySpan<byte> data, bool final)
    {
        var reader = new Utf8JsonReader(data, final, _state);
        while (reader.Read())
            if (reader.TokenType == JsonTokenType.StartObject && reader.CurrentDepth == 2) Rows++;
        _state = reader.CurrentState;
        return (int)reader.BytesConsumed;
    }
}
