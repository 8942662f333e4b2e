using BandcampPS.Engine.Sales;
using BandcampPS.Engine.Storage;

namespace BandcampPS.Engine.Tests.Storage;

public class RevenueRowTests
{
    [Fact]
    public void Buyer_details_are_left_out_unless_asked_for()
    {
        var sale = SampleSales.Api(1);
        var without = RevenueRow.FromSale(sale, includeBuyerDetails: false);
        var with = RevenueRow.FromSale(sale, includeBuyerDetails: true);

        Assert.Equal((null, null, null), (without.BuyerName, without.BuyerEmail, without.ShipToStreet));
        Assert.Equal(("A. Buyer", "buyer@example.invalid", "1 Example Street"), (with.BuyerName, with.BuyerEmail, with.ShipToStreet));
        Assert.Equal(with with { BuyerName = null, BuyerEmail = null, ShipToStreet = null }, without);
    }

    [Fact]
    public void The_sale_fields_are_copied()
    {
        var row = RevenueRow.FromSale(SampleSales.Api(7), false);

        Assert.Equal(
            (global::BandcampPS.Engine.Sales.BandcampSaleSource.Api, 3000000001L, 3000000002L, "4100000007", 7L, "album", "Night Studies", "First Artist", "EUR"),
            (row.Source, row.BandId, row.MemberBandId!.Value, row.TransactionId, row.TransactionItemId!.Value, row.ItemType, row.ItemName, row.Artist, row.Currency));
        Assert.Equal((8.0m, 2.0m, 0.55m, 10.0m, 9.45m, 8.25m, "DE"), (row.ItemPrice!.Value, row.AdditionalFanContribution!.Value, row.TransactionFee!.Value, row.ItemTotal!.Value, row.AmountYouReceived!.Value, row.NetAmount!.Value, row.CountryCode));
        Assert.Null(row.ReportingCurrency);
        Assert.Null(row.ConvertedNetAmount);
    }

    [Fact]
    public void Every_field_the_row_shares_with_the_sale_is_copied_with_its_value()
    {
        var sale = SaleFields.EveryFieldFilled();

        var row = RevenueRow.FromSale(sale, includeBuyerDetails: true);

        var copied = SameNameCopy.CopiedNames(typeof(BandcampSale), typeof(RevenueRow));
        Assert.NotEmpty(copied);
        foreach (var name in copied)
            Assert.Equal(typeof(BandcampSale).GetProperty(name)!.GetValue(sale), typeof(RevenueRow).GetProperty(name)!.GetValue(row));
    }

    [Fact]
    public void Every_field_of_the_sale_reaches_the_store()
    {
        var stored = SameNameCopy.CopiedNames(typeof(BandcampSale), typeof(RevenueRow)).ToHashSet();

        var lost = SaleFields.Names.Where(name => !stored.Contains(name)).ToList();

        Assert.True(lost.Count == 0, $"Not stored: {string.Join(", ", lost)}");
    }

    [Fact]
    public void A_conversion_fills_every_converted_amount_and_keeps_nulls()
    {
        var row = SampleSales.Row(1) with { SellerTax = 1.50m, MarketplaceTax = null, Shipping = null };

        var converted = row.WithConversion("USD", 2m, new DateOnly(2024, 3, 27), amount => amount * 2m);

        Assert.Equal(("USD", 2m, new DateOnly(2024, 3, 27)), (converted.ReportingCurrency, converted.ExchangeRate!.Value, converted.ExchangeRateDate!.Value));
        Assert.Equal((20.0m, 18.90m, 16.50m, 1.10m, 3.00m), (converted.ConvertedItemTotal!.Value, converted.ConvertedAmountYouReceived!.Value, converted.ConvertedNetAmount!.Value, converted.ConvertedTransactionFee!.Value, converted.ConvertedTaxes!.Value));
        Assert.Null(converted.ConvertedShipping);
        Assert.Equal(row, converted with { ReportingCurrency = null, ExchangeRate = null, ExchangeRateDate = null, ConvertedItemTotal = null, ConvertedAmountYouReceived = null, ConvertedNetAmount = null, ConvertedTransactionFee = null, ConvertedTaxes = null });
    }

    [Fact]
    public void ToString_never_shows_buyer_details()
    {
        var row = RevenueRow.FromSale(SampleSales.Api(1), includeBuyerDetails: true);

        Assert.Equal("2024-03-27 08:28:49Z Api item:1 album 10.0 EUR", row.ToString());
    }

    [Theory]
    [InlineData("First*", "First%")]
    [InlineData("?irst", "_irst")]
    [InlineData("100% [Live]_\\", "100\\% \\[Live]\\_\\\\")]
    [InlineData("Exact", "Exact")]
    public void Wildcards_become_LIKE_patterns_and_everything_else_stays_literal(string wildcard, string pattern) =>
        Assert.Equal(pattern, LikePattern.FromWildcard(wildcard));
}
