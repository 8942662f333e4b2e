using BandcampPS.Engine.Sales;

namespace BandcampPS.Engine.Storage;

/// <summary>The rows ClearAsync deletes: one source, optionally some bands, optionally [StartUtc, EndUtc).</summary>
public sealed class RevenueClearScope
{
    public required BandcampSaleSource Source { get; init; }

    /// <summary>Null means every band of the source. An empty list is refused: it is more likely a bug than a wish.</summary>
    public IReadOnlyCollection<long>? BandIds { get; init; }

    /// <summary>Inclusive.</summary>
    public DateTime? StartUtc { get; init; }

    /// <summary>Exclusive, like the API's end_time.</summary>
    public DateTime? EndUtc { get; init; }

    /// <summary>
    /// Rows in scope whose SaleKey is here are kept: -ClearExisting clears at the end of its one transaction,
    /// once the rows of the run are known, deleting only what the run did not bring again.
    /// </summary>
    public IReadOnlySet<string>? KeepSaleKeys { get; init; }

    internal void Validate()
    {
        if (BandIds is { Count: 0 })
            throw new ArgumentException("BandIds is empty: pass null to clear every band, or the bands to clear.", nameof(BandIds));
    }

    internal bool Contains(BandcampSaleSource source, long bandId, DateTime saleDate) =>
        source == Source
        && (BandIds is null || BandIds.Contains(bandId))
        && (StartUtc is null || saleDate >= StoredValues.Utc(StartUtc.Value))
        && (EndUtc is null || saleDate < StoredValues.Utc(EndUtc.Value));
}
