using BandcampPS.Engine.Sales;

namespace BandcampPS.Engine.Storage;

/// <summary>
/// What a summary row is keyed by. Day implies Month and Year, Month implies Year (a month is a calendar
/// month of a year, not January of every year). Currency is always effectively a key for native amounts:
/// see <see cref="RevenueSummaryRow"/>.
/// </summary>
public enum RevenueGroupBy
{
    Year,
    Month,
    Day,
    Artist,

    /// <summary>The item name (album, track or merch title).</summary>
    Release,

    CatalogNumber,
    ItemType,

    /// <summary>Groups by CountryCode; the row also shows one Country name of the group.</summary>
    Country,

    Currency,
    Source,
    Band,
}

/// <summary>
/// Grouping and filters of a summary. Without <see cref="Source"/>, one source per band and month, as for
/// <see cref="RevenueQuery"/>: the API's rows where both sources hold the same band and calendar month.
/// </summary>
public sealed class RevenueSummaryQuery
{
    /// <summary>Order does not matter; duplicates are ignored. Empty: one grand total.</summary>
    public IReadOnlyList<RevenueGroupBy> GroupBy { get; init; } = [];

    public BandcampSaleSource? Source { get; init; }
    public long? BandId { get; init; }

    /// <summary>Inclusive.</summary>
    public DateTime? StartUtc { get; init; }

    /// <summary>Exclusive.</summary>
    public DateTime? EndUtc { get; init; }

    /// <summary>Item types (-ItemType, -MusicOnly), compared case-insensitively; default every type.</summary>
    public SaleFilter Items { get; init; } = SaleFilter.All;

    /// <summary>The same filters as rows to read (for <see cref="IRevenueStore.GetSourceOverlapAsync"/>).</summary>
    public RevenueQuery ToRowQuery() => new() { Source = Source, BandId = BandId, StartUtc = StartUtc, EndUtc = EndUtc, Items = Items };
}
