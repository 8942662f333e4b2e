using System.Runtime.CompilerServices;

namespace BandcampPS.FakeApi;

/// <summary>
/// Decides, per index and without state, each sale's kind, owner, cart and time.
/// Times never decrease with the index (items of one cart share the leader's second; carts are
/// strictly increasing), so a date range maps to an index range by binary search.
/// </summary>
internal sealed class SaleLayout
{
    private const ulong KindSalt = 1, CartSalt = 2, SlotSalt = 3, TimeSalt = 4;
    private const int MaxCartSize = 4;

    private readonly int _seed;
    private readonly long _spanSeconds;
    private readonly long _gapSeconds;

    public SaleLayout(int seed, int count, DateTime startUtc, DateTime endUtc)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (endUtc <= startUtc) throw new ArgumentException("SalesEndUtc must be after SalesStartUtc.");
        _seed = seed;
        Count = count;
        StartUtc = DateTime.SpecifyKind(startUtc, DateTimeKind.Utc);
        _spanSeconds = (long)(endUtc - startUtc).TotalSeconds;
        _gapSeconds = count == 0 ? 1 : _spanSeconds / count;
        if (_gapSeconds < 1)
            throw new ArgumentException($"{count} sales need at least {count} seconds between SalesStartUtc and SalesEndUtc.");
    }

    public int Count { get; }
    public DateTime StartUtc { get; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public SaleShape Shape(int index)
    {
        var kind = RollKind(index);
        var leader = Leader(index);
        var slot = RollSlot(leader);
        // Payouts go to the account, not to one artist: the label's payouts sit under the label itself.
        if (kind == SaleKind.Payout && slot != BandSlot.Solo) slot = BandSlot.LabelSelf;
        return new SaleShape(index, leader, kind, slot);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public DateTime TimeOf(int index)
    {
        long leader = Leader(index);
        var jitter = StableHash.Below(_seed, leader, TimeSalt, (int)Math.Min(_gapSeconds, int.MaxValue));
        return StartUtc.AddSeconds(leader * _spanSeconds / Count + jitter);
    }

    /// <summary>First index whose time is at or after t (Count if none).</summary>
    public int LowerBound(DateTime t)
    {
        int lo = 0, hi = Count;
        while (lo < hi)
        {
            int mid = lo + (hi - lo) / 2;
            if (TimeOf(mid) < t) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private SaleKind RollKind(int index) => StableHash.Below(_seed, index, KindSalt, 1000) switch
    {
        < 10 => SaleKind.Payout,
        < 35 => SaleKind.Refund,
        < 75 => SaleKind.FreeAlbum,
        < 115 => SaleKind.FreeTrack,
        < 165 => SaleKind.Bundle,
        < 315 => SaleKind.Package,
        < 615 => SaleKind.Track,
        _ => SaleKind.Album,
    };

    private static bool Cartable(SaleKind kind) =>
        kind is SaleKind.Album or SaleKind.Track or SaleKind.Package or SaleKind.Bundle;

    // Carts never cross a block of MaxCartSize indices, which keeps Leader() local and consistent.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool ContinuesCart(int index) =>
        index % MaxCartSize != 0
        && StableHash.Below(_seed, index, CartSalt, 100) < 30
        && Cartable(RollKind(index))
        && Cartable(RollKind(index - 1));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Leader(int index)
    {
        while (ContinuesCart(index)) index--;
        return index;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private BandSlot RollSlot(int leader) => StableHash.Below(_seed, leader, SlotSalt, 100) switch
    {
        < 30 => BandSlot.Solo,
        < 63 => BandSlot.FirstArtist,
        < 96 => BandSlot.SecondArtist,
        _ => BandSlot.LabelSelf,
    };
}
