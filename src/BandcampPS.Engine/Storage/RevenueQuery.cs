using BandcampPS.Engine.Sales;

namespace BandcampPS.Engine.Storage;

/// <summary>Filters for QueryAsync; every filter is optional and they combine with AND.</summary>
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

    /// <summary>Exact, case-insensitive.</summary>
    public string? ItemType { get; init; }

    /// <summary>Exact, case-insensitive.</summary>
    public string? CatalogNumber { get; init; }
}
