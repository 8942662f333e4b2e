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
}
