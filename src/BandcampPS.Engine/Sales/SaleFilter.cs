namespace BandcampPS.Engine.Sales;

/// <summary>
/// Which item types to keep (-ItemType, -MusicOnly): applied as rows are parsed so unwanted rows never reach the
/// pipeline, and by the stores in the database (see <see cref="ItemTypes"/>), with the same meaning everywhere.
/// </summary>
public sealed class SaleFilter
{
    private readonly HashSet<string>? _itemTypes;

    /// <param name="itemTypes">Keep these types (case-insensitive); null or empty keeps every type.</param>
    /// <param name="musicOnly">Keep digital music only (album, track, bundle); with <paramref name="itemTypes"/>, both must hold.</param>
    public SaleFilter(IEnumerable<string>? itemTypes = null, bool musicOnly = false)
    {
        var types = itemTypes?.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim().ToLowerInvariant()).ToArray();
        IEnumerable<string>? kept = types is { Length: > 0 } ? types : null;
        if (musicOnly) kept = kept is null ? ItemTypes.DigitalMusic : kept.Where(ItemTypes.IsDigitalMusic);
        _itemTypes = kept is null ? null : new HashSet<string>(kept, StringComparer.OrdinalIgnoreCase);
        ItemTypeList = _itemTypes?.Order(StringComparer.Ordinal).ToArray();
    }

    public static SaleFilter All { get; } = new();

    /// <summary>
    /// The item types kept, lower case and sorted, or null for every type. Empty when nothing can match (e.g.
    /// -ItemType package -MusicOnly): the stores then return nothing, as the filter does.
    /// </summary>
    public IReadOnlyList<string>? ItemTypeList { get; }

    public bool Matches(BandcampSale sale) => Matches(sale.ItemType);

    public bool Matches(string? itemType) => _itemTypes is null || (itemType is not null && _itemTypes.Contains(itemType));

    /// <summary>For messages: "every item type", or the list.</summary>
    public override string ToString() => ItemTypeList is null ? "every item type" : string.Join(", ", ItemTypeList);
}
