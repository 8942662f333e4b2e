namespace BandcampPS.Engine.Sales;

/// <summary>Which sales to keep, applied as rows are parsed so unwanted rows never reach the pipeline.</summary>
public sealed class SaleFilter
{
    private readonly HashSet<string>? _itemTypes;

    public SaleFilter(IEnumerable<string>? itemTypes = null, bool musicOnly = false)
    {
        var types = itemTypes?.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).ToArray();
        _itemTypes = types is { Length: > 0 } ? new HashSet<string>(types, StringComparer.OrdinalIgnoreCase) : null;
        MusicOnly = musicOnly;
    }

    public static SaleFilter All { get; } = new();

    public bool MusicOnly { get; }

    /// <summary>
    /// The lower-case item types this filter keeps, for a store to select the same rows; null when it keeps every
    /// type. -MusicOnly is the music types (narrowed by an -ItemType list given too).
    /// </summary>
    public IReadOnlyCollection<string>? ItemTypes =>
        (MusicOnly, _itemTypes) switch
        {
            (false, null) => null,
            (false, { } types) => types.Select(t => t.ToLowerInvariant()).Order(StringComparer.Ordinal).ToArray(),
            (true, null) => Sales.ItemTypes.Music,
            (true, { } types) => Sales.ItemTypes.Music.Where(types.Contains).ToArray(),
        };

    public bool Matches(BandcampSale sale) =>
        (!MusicOnly || sale.IsMusic) && (_itemTypes is null || _itemTypes.Contains(sale.ItemType));
}
