using BandcampPS.Engine.Sales;

namespace BandcampPS.Engine.Storage;

/// <summary>
/// The one way a sale gets its <see cref="RevenueRow.SaleKey"/> (the exactly-once guarantee), used by the read
/// path (to skip rows a re-requested chunk sends again), the importer, and reconciliation: the item id when Bandcamp
/// numbered the line; otherwise the line identity (transaction + item, <see cref="SaleKeys.LineIdentity"/>) numbered
/// among the identical lines of the same transaction that come one after another. A cart's identical lines are
/// adjacent in a report or an export, while the same line in a second, overlapping file or a re-read chunk is not,
/// so it gets the same key again and is not stored twice. Keys therefore depend on a transaction's own lines only,
/// never on how a range was chunked or cut. One keyer per stream (a report, a file, an import).
/// </summary>
internal sealed class SaleKeyer
{
    private readonly Dictionary<string, int> _lineOccurrences = new(StringComparer.Ordinal);
    private (BandcampSaleSource Source, string? TransactionId) _currentTransaction;

    public string KeyOf(BandcampSale sale)
    {
        if (_currentTransaction != (sale.Source, sale.TransactionId))
        {
            _currentTransaction = (sale.Source, sale.TransactionId);
            _lineOccurrences.Clear();
        }
        if (sale.TransactionItemId is { } itemId) return SaleKeys.ForItem(itemId);
        var identity = SaleKeys.LineIdentity(sale);
        _lineOccurrences.TryGetValue(identity, out var seen);
        _lineOccurrences[identity] = ++seen;
        return SaleKeys.ForLine(identity, seen);
    }

    /// <summary>The key a sale was given where it was read (<see cref="BandcampSale.SaleKey"/>), else its key in this stream.</summary>
    public string KeyOfCarried(BandcampSale sale) => sale.SaleKey ?? KeyOf(sale);
}
