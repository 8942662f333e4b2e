using System.Management.Automation;
using BandcampPS.FakeApi;
using static BandcampPS.FakeApi.FakeMerchCatalog;

namespace BandcampPS.Module.Tests;

/// <summary>The merch and order cmdlets through a real PowerShell pipeline against the fake API.</summary>
public sealed class MerchCmdletTests : IAsyncLifetime
{
    private FakeApiSession _s = null!;

    public async Task InitializeAsync() => _s = await FakeApiSession.StartAsync();
    public async Task DisposeAsync() => await _s.DisposeAsync();

    private FakeMerchState Merch => _s.Server.Merch;
    private long Calls(string route) => _s.Server.Stats.ApiRequestsFor(route);
    private List<FakeOrderItem> Unshipped(long band = FakeBands.LabelId) => Merch.Orders.Where(o => o.Package.BandId == band && o.ShipDate is null).ToList();

    private static T Prop<T>(PSObject o, string name) => (T)o.Properties[name].Value;

    [Fact]
    public void Merch_rows_are_typed_one_per_option_and_origin_and_bands_pipe_in()
    {
        var label = _s.RunConnected($"Get-BandcampMerch -BandId {FakeBands.LabelId}");
        Assert.Empty(label.Errors);
        Assert.Equal(6, label.Output.Count);
        Assert.Equal("BandcampPS.Engine.Merch.BandcampMerchItem", label.Output[0].TypeNames[0]);
        var vinyl = label.Output.Single(o => Prop<long>(o, "PackageId") == VinylPackageId && Prop<long?>(o, "OriginId") == UsOriginId);
        Assert.Equal(24.00m, Prop<decimal?>(vinyl, "Price"));
        Assert.Equal(40, Prop<int?>(vinyl, "QuantityAvailable"));

        var all = _s.Run("Get-BandcampBand -IncludeMemberBands | Get-BandcampMerch");
        Assert.Empty(all.Errors);
        Assert.Equal(7, all.Output.Count); // the label's six once (its artists' rows are the same), the band's CD

        var origins = _s.Run($"Get-BandcampShippingOrigin -BandId {FakeBands.LabelId}");
        Assert.Equal([UsOriginId, GermanyOriginId], origins.Output.Select(o => Prop<long>(o, "OriginId")));
    }

    [Fact]
    public void Orders_are_typed_with_utc_dates_decimal_money_and_filters_go_to_bandcamp()
    {
        var result = _s.RunConnected($"Get-BandcampOrder -BandId {FakeBands.LabelId}");
        Assert.Empty(result.Errors);
        Assert.Equal(Merch.Orders.Count(o => o.Package.BandId == FakeBands.LabelId), result.Output.Count);
        var order = result.Output[0];
        Assert.Equal("BandcampPS.Engine.Merch.BandcampOrder", order.TypeNames[0]);
        Assert.Equal(DateTimeKind.Utc, Prop<DateTime>(order, "OrderDate").Kind);
        Assert.IsType<decimal>(order.Properties["Shipping"].Value);
        Assert.Contains(result.Output, o => result.Output.Count(p => Prop<long>(p, "PaymentId") == Prop<long>(o, "PaymentId")) > 1);

        var unshipped = _s.Run($"Get-BandcampOrder -BandId {FakeBands.LabelId} -Unshipped");
        Assert.Equal(Unshipped().Count, unshipped.Output.Count);
        Assert.All(unshipped.Output, o => Assert.False(Prop<bool>(o, "IsShipped")));

        var germany = _s.Run($"Get-BandcampOrder -BandId {FakeBands.LabelId} -OriginId {GermanyOriginId} -Name vinyl -StartDate 2000-01-01");
        Assert.Equal(Merch.Orders.Count(o => o.OriginId == GermanyOriginId && o.Package.PackageId == VinylPackageId), germany.Output.Count);
        Assert.NotEmpty(germany.Output);
        Assert.All(germany.Output, o => Assert.Equal("Germany", Prop<string>(o, "ShipFromCountryName")));
    }

    [Fact]
    public void WhatIf_sends_nothing_for_any_change_but_still_reads()
    {
        var result = _s.RunConnected($"""
            Get-BandcampOrder -BandId {FakeBands.LabelId} -Unshipped | Set-BandcampOrderShipped -Carrier DHL -WhatIf
            Get-BandcampMerch -BandId {FakeBands.LabelId} | Where-Object OptionId | Set-BandcampMerchQuantity -QuantityAvailable 1 -WhatIf
            Get-BandcampMerch -BandId {FakeBands.LabelId} | Set-BandcampMerchSku -Sku NEW -WhatIf
            Set-BandcampOrderShipped -BandId {FakeBands.LabelId} -EndDate ([datetime]::UtcNow.AddDays(-1)) -WhatIf
            """);
        Assert.Empty(result.Errors);
        Assert.Empty(result.Output);
        foreach (var route in new[] { Routes.UpdateShipped, Routes.UpdateQuantities, Routes.UpdateSku, Routes.MarkDateRangeShipped })
            Assert.Equal(0, Calls(route));
        Assert.True(Calls(Routes.MerchDetails) > 0);
        Assert.NotEmpty(Unshipped());
        Assert.Equal((10, 4), Merch.Stock(ShirtSmallId, UsOriginId));
    }

    [Fact]
    public void Piped_orders_are_marked_shipped_in_one_call_and_each_result_says_what_changed()
    {
        var waiting = Unshipped();
        var result = _s.RunConnected($"Get-BandcampOrder -BandId {FakeBands.LabelId} -Unshipped | Set-BandcampOrderShipped -Carrier DHL -ShipDate 2024-05-02 -Notify:$false");
        Assert.Empty(result.Errors);
        Assert.Equal(waiting.Count, result.Output.Count);
        Assert.Equal(1, Calls(Routes.UpdateShipped));
        Assert.All(result.Output, o => Assert.Equal("DHL", Prop<string>(o, "Carrier")));
        Assert.All(result.Output, o => Assert.Equal(false, Prop<bool?>(o, "Notify")));
        Assert.Empty(Unshipped());
        Assert.All(Merch.Orders.Where(o => waiting.Any(w => w.SaleItemId == o.SaleItemId)), o =>
        {
            Assert.Equal(new DateTime(2024, 5, 2), o.ShipDate);
            Assert.Equal(false, o.Notified);
        });
    }

    [Fact]
    public void A_refused_item_is_one_error_naming_it_and_the_others_go_through()
    {
        var waiting = Unshipped();
        const long unknown = 9100099999;
        var result = _s.RunConnected($"@({string.Join(", ", waiting.Select(o => o.SaleItemId))}, {unknown}) | ForEach-Object {{ [pscustomobject]@{{ SaleItemId = $_; TrackingCode = \"T$_\" }} }} | Set-BandcampOrderShipped -Carrier UPS");
        var error = Assert.Single(result.Errors);
        Assert.Equal("BandcampMerchUpdateRefused,BandcampPS.Commands.SetBandcampOrderShippedCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.WriteError, error.CategoryInfo.Category);
        Assert.Contains(unknown.ToString(), error.Exception.Message);
        Assert.Equal(unknown, Prop<long?>(PSObject.AsPSObject(error.TargetObject), "SaleItemId"));
        Assert.Equal(waiting.Count, result.Output.Count);
        Assert.Empty(Unshipped());
        Assert.All(Merch.Orders.Where(o => waiting.Any(w => w.SaleItemId == o.SaleItemId)), o => Assert.Equal($"T{o.SaleItemId}", o.TrackingCode));
        Assert.Equal(3, Calls(Routes.UpdateShipped)); // all, the rest, the refused one alone
    }

    [Fact]
    public void A_sale_since_the_read_is_a_conflict_naming_item_and_counts_and_is_never_retried()
    {
        var result = _s.RunConnected($"""
            $rows = Get-BandcampMerch -BandId {FakeBands.LabelId} | Where-Object OptionId
            $fake.Merch.Sell({ShirtLargeId})
            $rows | Set-BandcampMerchQuantity -QuantityAvailable 20
            """);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("BandcampMerchQuantityConflict,", error.FullyQualifiedErrorId);
        Assert.Contains(ShirtLargeId.ToString(), error.Exception.Message);
        Assert.Contains("2 sold", error.Exception.Message);
        Assert.Contains("is 3", error.Exception.Message);
        Assert.Equal(ShirtLargeId, Prop<long?>(PSObject.AsPSObject(error.TargetObject), "OptionId"));
        Assert.Equal(2, result.Output.Count);
        Assert.Equal((5, 3), Merch.Stock(ShirtLargeId, UsOriginId));
        Assert.Equal((20, 4), Merch.Stock(ShirtSmallId, UsOriginId));
        Assert.Equal(3, Calls(Routes.UpdateQuantities)); // all, the rest, the stale one alone: never with a fresh count
    }

    [Fact]
    public void Stock_by_sku_reports_what_changed_and_names_rows_it_cannot_place()
    {
        var result = _s.RunConnected($$"""
            @(
                [pscustomobject]@{ Sku = 'EXL012-LP'; OriginId = {{GermanyOriginId}}; QuantityAvailable = 9 }
                [pscustomobject]@{ Sku = 'EXL012-LP'; OriginId = ''; QuantityAvailable = 9 }
                [pscustomobject]@{ Sku = 'NO-SUCH'; OriginId = ''; QuantityAvailable = 1 }
                [pscustomobject]@{ Sku = 'exl-ts-m'; OriginId = ''; QuantityAvailable = 12 }
            ) | Set-BandcampMerchQuantity -BandId {{FakeBands.LabelId}}
            """);
        Assert.Equal(["BandcampMerchItemAmbiguous", "BandcampMerchItemNotFound"], result.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
        Assert.Contains("OriginId", result.Errors[0].Exception.Message);
        Assert.Contains("NO-SUCH", result.Errors[1].Exception.Message);
        Assert.Equal(new long[] { VinylPackageId, ShirtMediumId }, result.Output.Select(o => Prop<long?>(o, "OptionId") ?? Prop<long>(o, "PackageId")));
        Assert.Equal(15, Prop<int?>(result.Output[0], "PreviousQuantityAvailable"));
        Assert.Equal((9, 3), Merch.Stock(VinylPackageId, GermanyOriginId));
        Assert.Equal((12, 9), Merch.Stock(ShirtMediumId, UsOriginId));
        Assert.Equal(1, Calls(Routes.UpdateQuantities));
    }

    [Fact]
    public void Skus_are_set_once_per_item_whatever_the_origins_and_show_the_old_one()
    {
        var result = _s.RunConnected($"Get-BandcampMerch -BandId {FakeBands.LabelId} -PackageId {VinylPackageId} | Set-BandcampMerchSku -Sku 'EXL012-LP-BLK'");
        Assert.Empty(result.Errors);
        var change = Assert.Single(result.Output);
        Assert.Equal("EXL012-LP", Prop<string>(change, "PreviousSku"));
        Assert.Equal("EXL012-LP-BLK", Merch.Sku(VinylPackageId));

        Merch.RefuseUpdatesOf(CdPackageId);
        var refused = _s.Run($"Set-BandcampMerchSku -BandId {FakeBands.SoloBandId} -PackageId {CdPackageId} -Sku X");
        Assert.StartsWith("BandcampMerchUpdateRefused,", Assert.Single(refused.Errors).FullyQualifiedErrorId);
    }

    [Fact]
    public void A_date_range_is_marked_in_one_call_and_a_future_end_is_refused_before_sending()
    {
        var before = DateTime.UtcNow.AddDays(-3);
        var expected = Unshipped().Where(o => o.OrderDate < before).Select(o => o.SaleItemId).Order().ToList();
        var result = _s.RunConnected($"Set-BandcampOrderShipped -BandId {FakeBands.LabelId} -EndDate '{before:yyyy-MM-dd HH:mm:ss}' -Force");
        Assert.Empty(result.Errors);
        Assert.Equal(expected, result.Output.Select(o => Prop<long?>(o, "SaleItemId")!.Value).Order());
        Assert.Equal(1, Calls(Routes.MarkDateRangeShipped));

        var future = _s.Run($"Set-BandcampOrderShipped -BandId {FakeBands.LabelId} -EndDate ([datetime]::UtcNow.AddDays(1)) -Force");
        Assert.StartsWith("BandcampDateRangeInvalid,", Assert.Single(future.Errors).FullyQualifiedErrorId);
        Assert.Equal(1, Calls(Routes.MarkDateRangeShipped));
    }

    [Fact]
    public void Without_a_way_to_ask_a_date_range_marks_nothing_and_names_Force()
    {
        var unshipped = Unshipped().Count;
        // The test session has no host to ask on, like pwsh -NonInteractive or a job.
        var result = _s.RunConnected($"Set-BandcampOrderShipped -BandId {FakeBands.LabelId} -EndDate ([datetime]::UtcNow.AddDays(-1))");

        var error = Assert.Single(result.Errors);
        Assert.Equal("BandcampShipNotConfirmed,BandcampPS.Commands.SetBandcampOrderShippedCommand", error.FullyQualifiedErrorId);
        Assert.Contains("Add -Force", error.Exception.Message);
        Assert.Empty(result.Output);
        Assert.Equal(0, Calls(Routes.MarkDateRangeShipped));
        Assert.Equal(unshipped, Unshipped().Count);
    }

    [Fact]
    public void Buyer_details_never_reach_a_message_a_log_or_an_error()
    {
        var buyers = Merch.Orders.Select(o => o.Buyer).Distinct().ToList();
        var first = Unshipped()[0];
        Merch.RefuseUpdatesOf(first.SaleItemId);
        var result = _s.RunConnected($"""
            $DebugPreference = 'Continue'
            Get-BandcampOrder -BandId {FakeBands.LabelId} -Unshipped -Verbose |
                Set-BandcampOrderShipped -Carrier DHL -Notify -NotificationMessage "Dear {first.Buyer.Name}, your parcel is on its way" -Verbose
            Set-BandcampOrderShipped -BandId {FakeBands.LabelId} -EndDate ([datetime]::UtcNow.AddDays(-1)) -Force -Verbose
            """);
        Assert.Single(result.Errors);
        Assert.NotEmpty(result.Verbose);
        var messages = string.Join("\n", result.Verbose.Concat(result.Warnings).Concat(result.Debug).Concat(result.Information)
            .Concat(result.Errors.Select(e => $"{e} {e.Exception} {e.TargetObject} {e.ErrorDetails?.Message}")));
        foreach (var b in buyers)
            foreach (var detail in new[] { b.Name, b.Email, b.Phone, b.Street, b.City, b.Zip })
                Assert.DoesNotContain(detail, messages);
    }
}
