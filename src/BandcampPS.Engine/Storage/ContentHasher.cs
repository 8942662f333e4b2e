using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace BandcampPS.Engine.Storage;

/// <summary>
/// A stable 128-bit digest of a row's stored content (<see cref="RevenueColumns.Content"/>), so a re-import
/// tells "identical" from "changed at Bandcamp" by comparing 16 bytes. Stable means: equal stored values
/// give equal hashes forever (8.5 and 8.50 are equal, as in decimal), on any machine or culture. Changing
/// the encoding makes every stored row count as Updated once; bump <see cref="FormatVersion"/> if you must.
/// Not thread-safe: one per thread.
/// </summary>
internal sealed class ContentHasher
{
    // 2: the conversion columns left out (version 1 hashed them, so a new rate looked like a change at Bandcamp), and
    // empty text hashed as null (CSV cannot tell the two apart, so a re-imported export looked changed everywhere).
    // Schema migration 2 rewrites every stored hash in this format.
    // 3: the twelve columns of schema 3 (PaidTo, DiscountCode, FeeType ...) hashed too; migration 3 rewrites the hashes.
    internal const byte FormatVersion = 3;
    private byte[] _buffer = new byte[1024];
    private int _length;

    /// <param name="values">The row's <see cref="RevenueColumns.Values"/>.</param>
    public UInt128 Hash(object?[] values)
    {
        _length = 0;
        Append(FormatVersion);
        foreach (var column in RevenueColumns.Content)
            AppendValue(values[(int)column]);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(_buffer.AsSpan(0, _length), digest);
        return BinaryPrimitives.ReadUInt128BigEndian(digest);
    }

    public static byte[] ToBytes(UInt128 hash)
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, hash);
        return bytes;
    }

    /// <summary>
    /// The hash a stored row carries. One of the wrong length (edited by hand, or damaged) reads as zero, which no
    /// row hashes to in practice: the row then counts as changed and is rewritten with its right hash, rather than
    /// failing the whole import.
    /// </summary>
    public static UInt128 FromStored(ReadOnlySpan<byte> bytes) =>
        bytes.Length == 16 ? BinaryPrimitives.ReadUInt128BigEndian(bytes) : UInt128.Zero;

    // Each value is tagged with its type and strings are length-prefixed, so no two different rows
    // serialize to the same bytes.
    private void AppendValue(object? value)
    {
        switch (value)
        {
            case null:
            case "":
                Append(0);
                break;
            case string text:
                Append(1);
                var byteCount = Encoding.UTF8.GetByteCount(text);
                BinaryPrimitives.WriteInt32LittleEndian(Reserve(4), byteCount);
                Encoding.UTF8.GetBytes(text, Reserve(byteCount));
                break;
            case long number:
                Append(2);
                BinaryPrimitives.WriteInt64LittleEndian(Reserve(8), number);
                break;
            case int number:
                Append(3);
                BinaryPrimitives.WriteInt32LittleEndian(Reserve(4), number);
                break;
            case decimal amount:
                Append(4);
                Span<int> bits = stackalloc int[4];
                decimal.GetBits(Normalize(amount), bits);
                foreach (var part in bits)
                    BinaryPrimitives.WriteInt32LittleEndian(Reserve(4), part);
                break;
            case DateTime time:
                Append(5);
                BinaryPrimitives.WriteInt64LittleEndian(Reserve(8), StoredValues.ToStoredTime(time).Ticks);
                break;
            case DateOnly date:
                Append(6);
                BinaryPrimitives.WriteInt32LittleEndian(Reserve(4), date.DayNumber);
                break;
            default:
                throw new InvalidOperationException($"No hash encoding for {value.GetType()}.");
        }
    }

    /// <summary>
    /// Drops trailing zeros (8.50 → 8.5) and the sign of zero, so equal amounts hash equally. The same bits as
    /// dividing by 1.0000000000000000000000000000m (what format version 2 was defined with), without a decimal
    /// division per amount: the mantissa is divided by ten while it ends in a zero.
    /// </summary>
    internal static decimal Normalize(decimal amount)
    {
        if (amount == 0m) return 0m;
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(amount, bits);
        var scale = (bits[3] >> 16) & 0xFF;
        if (scale == 0) return amount;
        var mantissa = ((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0];
        var stripped = scale;
        while (stripped > 0 && mantissa % 10 == 0)
        {
            mantissa /= 10;
            stripped--;
        }
        return stripped == scale ? amount
            : new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), (int)(uint)(mantissa >> 64), bits[3] < 0, (byte)stripped);
    }

    private void Append(byte value) => Reserve(1)[0] = value;

    private Span<byte> Reserve(int count)
    {
        if (_length + count > _buffer.Length)
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }
}
