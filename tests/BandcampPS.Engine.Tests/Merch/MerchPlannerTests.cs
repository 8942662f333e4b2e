using BandcampPS.Engine.Merch;

namespace BandcampPS.Engine.Tests.Merch;

/// <summary>Finding the one merch row a requested change means, or saying clearly why there is none.</summary>
public sealed class MerchPlannerTests
{
    private static BandcampMerchItem Row(long package, long? option, long? origin, string sku, int? available = 5, int sold = 1) => new()
    {
        BandId = 1, PackageId = package, OptionId = option, OriginId = origin, Sku = sku, Title = "Item " + package,
        QuantityAvailable = available, QuantitySold = sold,
    };

    private static readonly MerchPlanner Planner = new(
    [
        Row(10, null, 501, "LP", 40, 12), Row(10, null, 502, "LP", 15, 3),
        Row(20, 21, 501, "TS-S"), Row(20, 22, 501, "TS-M"),
        Row(30, null, null, "MC", null, 31),
        Row(40, null, 501, "DUP"), Row(41, null, 501, "DUP"),
    ]);

    private static MerchItemRef Sku(string sku, long? origin = null) => new(1, null, null, origin, sku);

    [Fact]
    public void A_sku_at_one_origin_takes_that_origins_sold_count_and_keeps_the_old_quantity()
    {
        var change = Planner.PlanQuantity(Sku("lp", 502), 20, null);
        Assert.Equal((10L, (long?)502, 3, (int?)15, 20), (change.PackageId, change.OriginId, change.QuantitySold, change.PreviousQuantityAvailable, change.QuantityAvailable));
    }

    [Fact]
    public void The_sold_count_last_seen_wins_over_the_one_read_now()
    {
        Assert.Equal(9, Planner.PlanQuantity(Sku("LP", 501), 20, lastSeenQuantitySold: 9).QuantitySold);
    }

    [Theory]
    [InlineData("LP", null, BandcampErrorIds.MerchItemAmbiguous, "OriginId")]
    [InlineData("LP", 999L, BandcampErrorIds.MerchItemNotFound, "origin 999")]
    [InlineData("DUP", null, BandcampErrorIds.MerchItemAmbiguous, "2 items")]
    [InlineData("NOPE", null, BandcampErrorIds.MerchItemNotFound, "SKU")]
    public void Skus_that_do_not_mean_one_row_are_one_clear_error(string sku, long? origin, string errorId, string hint)
    {
        var error = Assert.Throws<BandcampException>(() => Planner.PlanQuantity(Sku(sku, origin), 1, null));
        Assert.Equal(errorId, error.ErrorId);
        Assert.Contains(hint, error.Message);
        Assert.Contains(sku, error.Message);
    }

    [Fact]
    public void A_package_with_options_needs_the_option_and_a_negative_quantity_is_refused()
    {
        Assert.Equal(BandcampErrorIds.MerchItemAmbiguous, Assert.Throws<BandcampException>(() => Planner.PlanQuantity(new MerchItemRef(1, 20, null, null, null), 1, null)).ErrorId);
        Assert.Equal(22, Planner.PlanQuantity(new MerchItemRef(1, 20, 22, null, null), 1, null).OptionId);
        Assert.Equal(BandcampErrorIds.InvalidArgument, Assert.Throws<BandcampException>(() => Planner.PlanQuantity(Sku("MC"), -1, null)).ErrorId);
    }

    [Fact]
    public void A_new_sku_is_planned_once_per_package_or_option_whatever_the_origins()
    {
        var change = Planner.PlanSku(new MerchItemRef(1, 10, null, 502, null), " LP-2 ");
        Assert.Equal(("LP", "LP-2", (long?)null), (change.PreviousSku, change.Sku, change.OptionId));
    }
}
