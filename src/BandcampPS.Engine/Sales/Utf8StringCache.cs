using System.Text;

namespace BandcampPS.Engine.Sales;

/// <summary>
/// Reuses one string instance for short values that repeat on every row (currency, item type, country code),
/// so a million-row report does not allocate a million copies of "USD".
/// </summary>
internal sealed class Utf8StringCache
{
    private const int Slots = 512;
    private const int MaxLength = 40;
    private readonly byte[]?[] _keys = new byte[Slots][];
    private readonly string?[] _values = new string[Slots];

    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxLength) return Encoding.UTF8.GetString(utf8);
        var slot = (int)(Hash(utf8) % Slots);
        var key = _keys[slot];
        if (key is not null && utf8.SequenceEqual(key)) return _values[slot]!;
        var value = Encoding.UTF8.GetString(utf8);
        _keys[slot] = utf8.ToArray();
        _values[slot] = value;
        return value;
    }

    private static uint Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = 2166136261u;
        foreach (var b in bytes) hash = (hash ^ b) * 16777619u;
        return hash;
    }
}
