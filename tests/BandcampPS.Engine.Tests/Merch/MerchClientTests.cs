using BandcampPS.Engine.Merch;
using BandcampPS.FakeApi;
using static BandcampPS.FakeApi.FakeMerchCatalog;

namespace BandcampPS.Engine.Tests.Merch;

/// <summary>The merchorders client against the fake API: typed rows, batching, refusals, and logs that name ids only.</summary>
public sealed class MerchClientTests
{
    [Fact]
    public async Task Merch_is_one_row_per_option_and_origin_with_decimal_prices_and_unlimited_as_null()
    {
        await using var e = await EngineOverFake.StartAsync();
        var rows = await e.Connection.Merch.GetMerchAsync(new MerchQuery(FakeBands.LabelId), CancellationToken.None);

        var items = rows.Select(r => r.Item!).ToList();
        Assert.Equal(6, items.Count); // vinyl at 2 origins, 3 shirt sizes at 1, the cassette
        var vinylDe = items.Single(i => i.PackageId == VinylPackageId && i.OriginId == GermanyOriginId);
        Assert.Equal((15, 3), (vinylDe.QuantityAvailable, vinylDe.QuantitySold));
        Assert.Equal(55, vinylDe.PackageQuantityAvailable);
        Assert.Equal(24.00m, vinylDe.Price);
        Assert.Equal(FakeBands.FirstArtistId, vinylDe.MemberBandId);
        Assert.Equal("EXL-TS-M", items.Single(i => i.OptionId == ShirtMediumId).Sku);
        var cassette = items.Single(i => i.PackageId == CassettePackageId);
        Assert.True(cassette.IsUnlimited);
        Assert.Null(cassette.OriginId);
    }

    [Fact]
    public async Task Orders_read_string_money_as_decimal_and_both_date_forms_as_utc()
    {
        await using var e = await EngineOverFake.StartAsync();
        var rows = await e.Connection.Merch.GetOrdersAsync(new OrderQuery(FakeBands.LabelId), CancellationToken.None);

        Assert.All(rows, r => Assert.Null(r.Error));
        var orders = rows.Select(r => r.Item!).ToList();
        Assert.Equal(e.Server.Merch.Orders.Count(o => o.Package.BandId == FakeBands.LabelId), orders.Count);
        var fake = e.Server.Merch.Orders.First(o => o.ShipDate is not null && o.Package.BandId == FakeBands.LabelId);
        var order = orders.Single(o => o.SaleItemId == fake.SaleItemId);
        Assert.Equal(fake.Shipping, order.Shipping);
        Assert.Equal(fake.OrderTotal, order.OrderTotal);
        Assert.Equal(DateTimeKind.Utc, order.OrderDate.Kind);
        Assert.Equal(fake.OrderDate, order.OrderDate);
        Assert.Equal(fake.ShipDate, order.ShipDate);
        Assert.Equal(fake.Buyer.Name, order.ShipToName);
        Assert.DoesNotContain(fake.Buyer.Name, order.ToString());
    }

    [Fact]
    public async Task Quantities_go_in_one_call_and_a_stale_sold_count_is_refused_alone_without_a_retry()
    {
        await using var e = await EngineOverFake.StartAsync();
        var merch = (await e.Connection.Merch.GetMerchAsync(new MerchQuery(FakeBands.LabelId), CancellationToken.None)).Select(r => r.Item!).ToList();
        var planner = new MerchPlanner(merch);
        var changes = new[]
        {
            planner.PlanQuantity(new MerchItemRef(FakeBands.LabelId, null, null, UsOriginId, "EXL012-LP"), 30, null),
            planner.PlanQuantity(new MerchItemRef(FakeBands.LabelId, ShirtPackageId, ShirtLargeId, null, null), 9, null),
            planner.PlanQuantity(new MerchItemRef(FakeBands.LabelId, null, null, null, "exl-ts-s"), 11, null),
        };
        e.Server.Merch.Sell(ShirtLargeId); // a sale on Bandcamp after the read

        var applied = new List<BandcampMerchQuantityChange>();
        var refused = new List<(BandcampMerchQuantityChange Item, BandcampApiException Why)>();
        await e.Connection.Merch.UpdateQuantitiesAsync(changes, applied.Add, (i, ex) => refused.Add((i, ex)), CancellationToken.None);

        Assert.Equal([VinylPackageId, ShirtSmallId], applied.Select(a => a.OptionId ?? a.PackageId));
        var (item, why) = Assert.Single(refused);
        Assert.Equal(ShirtLargeId, item.OptionId);
        Assert.Equal(BandcampErrorIds.MerchQuantityConflict, MerchRefusals.Quantity(item, why).ErrorId);
        Assert.Equal((30, 12), e.Server.Merch.Stock(VinylPackageId, UsOriginId));
        Assert.Equal((5, 3), e.Server.Merch.Stock(ShirtLargeId, UsOriginId)); // the sale's count stands
        Assert.Equal(3, e.Server.Stats.ApiRequestsFor(Routes.UpdateQuantities)); // all, the rest, the stale one alone
    }

    [Fact]
    public async Task Update_bodies_are_logged_by_id_only_never_the_message_to_the_buyer()
    {
        await using var e = await EngineOverFake.StartAsync();
        var order = e.Server.Merch.Orders.First(o => o.ShipDate is null);
        var shipment = new BandcampOrderShipment
        {
            SaleItemId = order.SaleItemId, Carrier = "DHL", TrackingCode = "JD0001", NotificationMessage = $"Dear {order.Buyer.Name}, it is on its way",
        };

        await e.Connection.Merch.UpdateShippedAsync([shipment], _ => { }, (_, ex) => throw ex, CancellationToken.None);

        Assert.Equal("JD0001", e.Server.Merch.Orders.Single(o => o.SaleItemId == order.SaleItemId).TrackingCode);
        Assert.Contains($"s:{order.SaleItemId}", e.Log.All);
        Assert.DoesNotContain(order.Buyer.Name, e.Log.All);
    }

    [Fact]
    public async Task More_items_than_a_batch_go_in_as_few_calls_as_batches()
    {
        await using var e = await EngineOverFake.StartAsync();
        var ids = e.Server.Merch.Orders.Select(o => o.SaleItemId).ToList();
        var shipments = Enumerable.Range(0, MerchOrdersClient.BatchSize * 2 + 50)
            .Select(i => new BandcampOrderShipment { SaleItemId = ids[i % ids.Count], Carrier = "DHL" }).ToList();

        var applied = 0;
        await e.Connection.Merch.UpdateShippedAsync(shipments, _ => applied++, (_, ex) => throw ex, CancellationToken.None);

        Assert.Equal(shipments.Count, applied);
        Assert.Equal(3, e.Server.Stats.ApiRequestsFor(Routes.UpdateShipped));
        Assert.All(e.Server.Merch.Orders, o => Assert.Equal("DHL", o.Carrier));
    }

    [Fact]
    public void An_unreadable_order_row_is_one_error_named_by_its_id_and_the_others_are_read()
    {
        using var answer = System.Text.Json.JsonDocument.Parse("""
            {"success": true, "items": [
              {"sale_item_id": 1001, "payment_id": 2001, "order_date": "31 Foo 2024 99:99:99 GMT", "buyer_name": "Ada Example", "sub_total": 10},
              {"sale_item_id": 1002, "payment_id": 2001, "order_date": "2024-05-01 10:00:00", "buyer_name": "Ada Example", "shipping": "5.5", "quantity": "2"}
            ]}
            """);

        var rows = OrderParser.Parse(answer.RootElement, FakeBands.LabelId, null);

        Assert.Equal(BandcampErrorIds.MerchDataInvalid, rows[0].Error!.ErrorId);
        Assert.Contains("order item 1001", rows[0].Error!.Message);
        Assert.Contains("order_date", rows[0].Error!.Message);
        Assert.DoesNotContain("Ada", rows[0].Error!.Message);
        Assert.Equal((5.5m, 2, new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc)), (rows[1].Item!.Shipping, rows[1].Item!.Quantity, rows[1].Item!.OrderDate));
    }

    [Fact]
    public void A_row_that_is_not_an_object_is_one_error_and_the_rows_around_it_are_read()
    {
        using var orders = System.Text.Json.JsonDocument.Parse("""
            {"success": true, "items": [1, {"sale_item_id": 1002, "payment_id": 2001, "order_date": "2024-05-01 10:00:00"}]}
            """);
        using var merch = System.Text.Json.JsonDocument.Parse("""
            {"success": true, "items": [{"package_id": 3001, "title": "LP"}, ["package_id", 3002], {"package_id": 3003, "title": "Tape"}]}
            """);
        using var origins = System.Text.Json.JsonDocument.Parse("""
            {"success": true, "shipping_origins": [null, {"origin_id": 4001, "country_name": "Germany"}]}
            """);

        var orderRows = OrderParser.Parse(orders.RootElement, FakeBands.LabelId, null);
        var merchRows = MerchDetailsParser.Parse(merch.RootElement, FakeBands.LabelId);
        var originRows = ShippingOriginParser.Parse(origins.RootElement);

        Assert.Equal([null, 1002L], orderRows.Select(r => r.Item?.SaleItemId));
        Assert.Contains("sale_item_id is missing", Assert.Single(orderRows, r => r.Error is not null).Error!.Message);
        Assert.Equal([3001L, null, 3003L], merchRows.Select(r => r.Item?.PackageId));
        Assert.Contains("package_id is missing", Assert.Single(merchRows, r => r.Error is not null).Error!.Message);
        Assert.Equal([null, 4001L], originRows.Select(r => r.Item?.OriginId));
        Assert.Contains("origin_id is missing", Assert.Single(originRows, r => r.Error is not null).Error!.Message);
        Assert.All([orderRows[0].Error!, merchRows[1].Error!, originRows[0].Error!], error => Assert.Equal(BandcampErrorIds.MerchDataInvalid, error.ErrorId));
    }
}
