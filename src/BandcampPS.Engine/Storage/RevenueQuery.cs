using BandcampPS.Engine.Sales;

namespace BandcampPS.Engine.Storage;

/// <summary>
/// Filters for QueryAsync; every filter is optional and they combine with AND. Without <see cref="Source"/>, one
/// source per band and month: where the API and a CSV export both hold rows of the same band in the same calendar
/// month (UTC), only the API's rows are returned (see <see cref="IRevenueStore.GetSourceOverlapAsync"/>).
/// </summary>
public sealed class RevenueQuery
{
    /// <summary>Inclusive.</summary>
    public DateTime? StartUtc { get; init; }

    /// <summary>Exclusive.</summary>
    public DateTime? EndUtc { get; init; }

    public BandcampSaleSource? Source { get; init; }
    public long? BandId { get; init; }

    /// <summary>
    /// PowerShell-style wildcard: <c>*</c> any run, <c>?</c> one character, everything else literal
    /// (so "AC/DC" or "100%" match themselves). Without wildcards it is an exact match. Case-insensitive
    /// (SQLite: for ASCII letters; SQL Server: as the database collation compares).
    /// </summary>
    public string? Artist { get; init; }

    /// <summary>Item types (-ItemType, -MusicOnly), compared case-insensitively; default every type.</summary>
    public SaleFilter Items { get; init; } = SaleFilter.All;

    /// <summary>Exact, case-insensitive.</summary>
    public string? CatalogNumber { get; init; }
}
