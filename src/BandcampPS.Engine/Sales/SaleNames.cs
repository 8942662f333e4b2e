using System.Globalization;

namespace BandcampPS.Engine.Sales;

/// <summary>How messages name one sale line: by its item id where Bandcamp numbered it, else by its transaction and item.</summary>
internal static class SaleNames
{
    /// <summary>"item 4242 (transaction 9001)", or "of transaction 9001 (album 'Night Studies')"; follows "Sale ".</summary>
    public static string Of(BandcampSale sale) =>
        sale.TransactionItemId?.ToString(CultureInfo.InvariantCulture) is { } id
            ? $"item {id} (transaction {sale.TransactionId})"
            : $"of transaction {sale.TransactionId} ({sale.ItemType} '{sale.ItemName}')";
}
