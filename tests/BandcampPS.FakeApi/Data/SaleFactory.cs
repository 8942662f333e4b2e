using System.Runtime.CompilerServices;

namespace BandcampPS.FakeApi;

/// <summary>Builds the full 53-field line item for sale i from its shape; pure in (seed, i).</summary>
internal sealed class SaleFactory(int seed, SaleLayout layout)
{
    private const ulong RowSalt = 10, CartSalt = 11, TxSalt = 12, ItemIdSalt = 13, RefundSalt = 14, PayoutSalt = 15;
    private const int RefundSearchWindow = 256;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public FakeSale Build(int index)
    {
        var shape = layout.Shape(index);
        return shape.Kind switch
        {
            SaleKind.Payout => PayoutRow.Build(this, shape),
            SaleKind.Refund => FindRefundedSale(shape) is { } original
                ? RefundRow.Build(this, shape, SaleRow.Build(this, original))
                // Nothing refundable before it (the very first rows): an ordinary sale instead.
                : SaleRow.Build(this, shape with { Kind = SaleKind.Album }),
            _ => SaleRow.Build(this, shape),
        };
    }

    public DateTime TimeOf(int index) => layout.TimeOf(index);

    /// <summary>All items of a cart share the leader's transaction id; numbers stay unique per cart.</summary>
    public long TransactionId(int leader) => 4_100_000_000L + leader * 7L + StableHash.Below(seed, leader, TxSalt, 7);

    /// <summary>Unique across the whole data set, and above 2^31.</summary>
    public long TransactionItemId(int index) => 2_600_000_000L + index * 3L + StableHash.Below(seed, index, ItemIdSalt, 3);

    public string PayoutTransactionId(int index) => "t" + (878_000_000L + index * 3L + StableHash.Below(seed, index, PayoutSalt, 3));

    public RowRandom RowDraws(int index) => new(seed, index, RowSalt);

    public RowRandom CartDraws(int leader) => new(seed, leader, CartSalt);

    /// <summary>
    /// An earlier paid sale of the same owner, drawn uniformly from everything before the refund,
    /// so it usually lies far back (in an earlier chunk of a chunked download).
    /// </summary>
    private SaleShape? FindRefundedSale(SaleShape refund)
    {
        if (refund.Index == 0) return null;
        var start = new RowRandom(seed, refund.Index, RefundSalt).Below(refund.Index);
        for (int k = start; k >= 0 && k > start - RefundSearchWindow; k--)
            if (IsRefundable(layout.Shape(k), refund)) return layout.Shape(k);
        for (int k = start + 1; k < refund.Index && k < start + RefundSearchWindow; k++)
            if (IsRefundable(layout.Shape(k), refund)) return layout.Shape(k);
        return null;
    }

    private static bool IsRefundable(SaleShape candidate, SaleShape refund) =>
        candidate.IsPaidSale && candidate.Slot == refund.Slot;
}
