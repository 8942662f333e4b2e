namespace BandcampPS.FakeApi;

/// <summary>
/// The deterministic sales of one fake server. Nothing is stored: sale i is rebuilt from (Seed, i)
/// whenever it is needed, so a million-row data set costs no memory. Indices run oldest to newest.
/// </summary>
public sealed class FakeSalesData
{
    private const int ShuffleBlock = 4096;
    private readonly SaleLayout _layout;
    private readonly SaleFactory _factory;

    public FakeSalesData(FakeBandcampOptions options)
    {
        Seed = options.Seed;
        _layout = new SaleLayout(options.Seed, options.SaleCount, options.SalesStartUtc, options.SalesEndUtc);
        _factory = new SaleFactory(options.Seed, _layout);
    }

    public int Seed { get; }
    public int Count => _layout.Count;

    public FakeSale Get(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return _factory.Build(index);
    }

    /// <summary>The time of sale i without building it (whole seconds, never decreasing with i).</summary>
    public DateTime TimeOf(int index) => _layout.TimeOf(index);

    /// <summary>Indices [Start, End) of all sales with startUtc &lt;= time &lt; endUtcExclusive.</summary>
    public (int Start, int End) IndexRange(DateTime startUtc, DateTime endUtcExclusive)
    {
        var start = _layout.LowerBound(AsUtc(startUtc));
        var end = _layout.LowerBound(AsUtc(endUtcExclusive));
        return (start, Math.Max(start, end));
    }

    /// <summary>
    /// The rows a report for bandId (a label: its artists' and its own rows; narrowed to
    /// memberBandId if given) contains in [startUtc, endUtcExclusive), oldest first.
    /// </summary>
    public IEnumerable<FakeSale> InRange(long bandId, long? memberBandId, DateTime startUtc, DateTime endUtcExclusive)
    {
        var (start, end) = IndexRange(startUtc, endUtcExclusive);
        for (int i = start; i < end; i++)
            if (_layout.Shape(i).BelongsTo(bandId, memberBandId)) yield return _factory.Build(i);
    }

    public int CountInRange(long bandId, long? memberBandId, DateTime startUtc, DateTime endUtcExclusive)
    {
        var (start, end) = IndexRange(startUtc, endUtcExclusive);
        int count = 0;
        for (int i = start; i < end; i++)
            if (_layout.Shape(i).BelongsTo(bandId, memberBandId)) count++;
        return count;
    }

    /// <summary>
    /// The same rows in the order the API sends them: newest first, or (shuffle) a deterministic
    /// shuffle of blocks and of the rows inside each block, so clients cannot rely on any order.
    /// </summary>
    public IEnumerable<FakeSale> InReportOrder(long bandId, long? memberBandId, DateTime startUtc, DateTime endUtcExclusive, bool shuffle)
    {
        var (start, end) = IndexRange(startUtc, endUtcExclusive);
        var indices = shuffle ? ShuffledIndices(start, end) : NewestFirst(start, end);
        foreach (var i in indices)
            if (_layout.Shape(i).BelongsTo(bandId, memberBandId)) yield return _factory.Build(i);
    }

    private static IEnumerable<int> NewestFirst(int start, int end)
    {
        for (int i = end - 1; i >= start; i--) yield return i;
    }

    private IEnumerable<int> ShuffledIndices(int start, int end)
    {
        var blocks = Enumerable.Range(0, (end - start + ShuffleBlock - 1) / ShuffleBlock).ToArray();
        Shuffle(blocks, blocks.Length, new RowRandom(Seed, -1, 99));
        var buffer = new int[ShuffleBlock];
        foreach (var block in blocks)
        {
            int first = start + block * ShuffleBlock, n = Math.Min(ShuffleBlock, end - first);
            for (int k = 0; k < n; k++) buffer[k] = first + k;
            Shuffle(buffer, n, new RowRandom(Seed, block, 98));
            for (int k = 0; k < n; k++) yield return buffer[k];
        }
    }

    private static void Shuffle(int[] items, int n, RowRandom random)
    {
        for (int k = n - 1; k > 0; k--)
        {
            int j = random.Below(k + 1);
            (items[k], items[j]) = (items[j], items[k]);
        }
    }

    // An Unspecified DateTime is taken as UTC, like Bandcamp takes request times.
    private static DateTime AsUtc(DateTime t) =>
        t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : DateTime.SpecifyKind(t, DateTimeKind.Utc);
}
