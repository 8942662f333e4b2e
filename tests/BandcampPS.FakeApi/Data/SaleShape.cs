namespace BandcampPS.FakeApi;

internal enum SaleKind { Album, Track, Package, Bundle, FreeAlbum, FreeTrack, Payout, Refund }

/// <summary>Who a sale belongs to: the plain band, one of the label's artists, or the label itself.</summary>
internal enum BandSlot { Solo, FirstArtist, SecondArtist, LabelSelf }

/// <summary>
/// The cheap skeleton of sale i (kind, owner, cart leader): enough to filter and count a range
/// without building the 53 fields.
/// </summary>
internal readonly record struct SaleShape(int Index, int Leader, SaleKind Kind, BandSlot Slot)
{
    public long BandId => Slot == BandSlot.Solo ? FakeBands.SoloBandId : FakeBands.LabelId;

    public long? MemberBandId => Slot switch
    {
        BandSlot.FirstArtist => FakeBands.FirstArtistId,
        BandSlot.SecondArtist => FakeBands.SecondArtistId,
        BandSlot.LabelSelf => FakeBands.LabelId,
        _ => null,
    };

    public bool IsPaidSale => Kind is SaleKind.Album or SaleKind.Track or SaleKind.Package or SaleKind.Bundle;

    /// <summary>The rows a report for band_id (optionally narrowed to member_band_id) contains.</summary>
    public bool BelongsTo(long bandId, long? memberBandId) =>
        BandId == bandId && (memberBandId is null || memberBandId == (MemberBandId ?? BandId));
}
