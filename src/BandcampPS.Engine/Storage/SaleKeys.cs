using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using BandcampPS.Engine.Sales;

namespace BandcampPS.Engine.Storage;

/// <summary>
/// Builds <see cref="RevenueRow.SaleKey"/>. These strings are stored and compared on every re-import,
/// so the format can never change: a different key for the same line would store it twice.
/// </summary>
internal static class SaleKeys
{
    /// <summary>Bandcamp's own line id (API v4): unique per line item, the natural key.</summary>
    public static string ForItem(long transactionItemId) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"item:{transactionItemId}");

    /// <summary>
    /// For lines without an item id (the CSV export): the transaction id plus a hash of what tells lines of
    /// one order apart. Amounts and dates are left out on purpose: they may change at Bandcamp (refunds,
    /// time-zone handling of exports) and must update the row, not create another.
    /// </summary>
    public static string LineIdentity(BandcampSale sale)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encode(sale.ItemType, sale.Artist, sale.ItemName, sale.Package, sale.Option, sale.Sku), digest);
        return $"line:{sale.TransactionId.Trim()}:{Convert.ToHexString(digest[..8]).ToLowerInvariant()}";
    }

    public static string ForLine(string lineIdentity, int occurrence) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{lineIdentity}:{occurrence}");

    // Length-prefixed so ("ab", "c") and ("a", "bc") differ; null and "" are the same (the API sends
    // null where the CSV has an empty cell) and surrounding blanks are ignored.
    private static byte[] Encode(params string?[] fields)
    {
        using var buffer = new MemoryStream();
        Span<byte> length = stackalloc byte[4];
        foreach (var field in fields)
        {
            var bytes = Encoding.UTF8.GetBytes(field?.Trim() ?? "");
            BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
            buffer.Write(length);
            buffer.Write(bytes);
        }
        return buffer.ToArray();
    }
}
