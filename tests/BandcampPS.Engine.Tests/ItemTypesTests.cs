using BandcampPS.Engine.Sales;

namespace BandcampPS.Engine.Tests;

public class ItemTypesTests
{
    [Theory]
    [InlineData("album", true)]
    [InlineData("track", true)]
    [InlineData("bundle", true)]
    [InlineData("Album", true)]
    [InlineData("package", false)]
    [InlineData("payout", false)]
    [InlineData("refund", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Digital_music_is_decided_by_item_type_alone(string? itemType, bool expected) =>
        Assert.Equal(expected, ItemTypes.IsDigitalMusic(itemType));

    [Theory]
    [InlineData("album", ItemKind.Sale)]
    [InlineData("pending sale", ItemKind.Sale)]
    [InlineData("subscription", ItemKind.Sale)] // a type Bandcamp may add counts as a sale
    [InlineData("Payout", ItemKind.Payout)]
    [InlineData("refund", ItemKind.Refund)]
    [InlineData("REVERSAL", ItemKind.Refund)]
    [InlineData("pending reversal", ItemKind.Refund)]
    [InlineData("cancelled reversal", ItemKind.Refund)]
    [InlineData("adjustment", ItemKind.Refund)]
    public void Each_row_counts_as_a_sale_a_refund_or_a_payout(string itemType, ItemKind expected) =>
        Assert.Equal(expected, ItemTypes.KindOf(itemType));

    [Theory]
    [InlineData("albums", "album")]
    [InlineData("Tracks", "track")]
    [InlineData("pending_sale", "pending sale")]
    [InlineData("packge", "package")]
    [InlineData("refnd", "refund")]
    public void An_unknown_item_type_is_refused_naming_the_known_ones_and_the_nearest(string typed, string nearest)
    {
        var error = Assert.Throws<BandcampException>(() => ItemTypes.Check(["album", typed], allowUnknown: false));
        Assert.Equal(BandcampErrorIds.ItemTypeUnknown, error.ErrorId);
        Assert.Equal(BandcampErrorKind.InvalidArgument, error.Kind);
        Assert.Contains($"'{typed}' (did you mean '{nearest}'?)", error.Message);
        Assert.Contains(string.Join(", ", ItemTypes.Known), error.Message);
        Assert.Contains("-AllowUnknownItemType", error.Message);
        Assert.Equal(typed, error.Target);
    }

    [Fact]
    public void Known_types_in_any_case_pass_and_unknown_ones_pass_when_allowed()
    {
        Assert.Empty(ItemTypes.Check(["ALBUM", " Pending Sale ", "payout"], allowUnknown: false));
        Assert.Empty(ItemTypes.Check(null, allowUnknown: false));
        Assert.Equal(["subscription"], ItemTypes.Check(["subscription", "album", "Subscription"], allowUnknown: true));
    }

    [Fact]
    public void MusicOnly_and_item_types_combine_and_the_list_the_stores_get_says_the_same()
    {
        Assert.Null(SaleFilter.All.ItemTypeList);
        Assert.Equal(["album", "bundle", "track"], new SaleFilter(musicOnly: true).ItemTypeList);
        Assert.Equal(["track"], new SaleFilter(["Track", "package"], musicOnly: true).ItemTypeList);
        Assert.Empty(new SaleFilter(["package"], musicOnly: true).ItemTypeList!);
        Assert.True(new SaleFilter(["PACKAGE"]).Matches("package"));
        Assert.False(new SaleFilter(["package"], musicOnly: true).Matches("package"));
    }
}
