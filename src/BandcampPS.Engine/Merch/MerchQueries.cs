using BandcampPS.Engine.Bands;

namespace BandcampPS.Engine.Merch;

/// <summary>get_merch_details: the band's packages added in [StartUtc, EndUtc).</summary>
public sealed record MerchQuery(long BandId, long? MemberBandId = null, DateTime? StartUtc = null, DateTime? EndUtc = null, IReadOnlyList<long>? PackageIds = null)
{
    /// <summary>
    /// start_time is required by Bandcamp ("the earliest date an item was added"); before Bandcamp existed, so an
    /// omitted -StartDate means every package.
    /// </summary>
    public static readonly DateTime EarliestStart = new(2007, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public string Describe() => BandcampBand.Describe(BandId, MemberBandId);
}

/// <summary>get_orders: order items of a band, optionally narrowed by order date, shipping state, item name and origin.</summary>
public sealed record OrderQuery(long BandId, long? MemberBandId = null, DateTime? StartUtc = null, DateTime? EndUtc = null,
    bool UnshippedOnly = false, string? Name = null, long? OriginId = null)
{
    public string Describe() => BandcampBand.Describe(BandId, MemberBandId);
}

/// <summary>mark_date_range_as_shipped: every unshipped order of a band up to <see cref="EndUtc"/> (which must be past).</summary>
public sealed record DateRangeShipment(long BandId, DateTime EndUtc, long? MemberBandId = null, DateTime? StartUtc = null,
    long? OriginId = null, bool? EmailNotifications = null)
{
    public override string ToString() =>
        $"orders of {BandcampBand.Describe(BandId, MemberBandId)}{(OriginId is { } o ? $" from origin {o}" : "")} " +
        $"placed {(StartUtc is { } s ? $"from {s:yyyy-MM-dd HH:mm:ss}Z " : "")}before {EndUtc:yyyy-MM-dd HH:mm:ss}Z";
}
