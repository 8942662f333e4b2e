using System.Net;
using System.Text.Json;
using static BandcampPS.FakeApi.FakeMerchCatalog;

namespace BandcampPS.FakeApi.Tests;

/// <summary>The merchorders methods of the fake (api.md 6, 9.16), over real HTTP.</summary>
public sealed class MerchEndpointTests : IAsyncLifetime
{
    private FakeBandcampServer _server = null!;
    private FakeApiClient _client = null!;
    private string _access = "";

    public async Task InitializeAsync()
    {
        _server = await FakeBandcampServer.StartAsync(new FakeBandcampOptions());
        _client = new FakeApiClient(_server);
        (_access, _) = await _client.GrantAsync();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    private async Task<JsonElement> PostAsync(string route, string body)
    {
        using var response = await _client.PostApiAsync(route, _access, body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await FakeApiClient.ReadJsonAsync(response);
    }

    [Fact]
    public async Task Merch_details_carry_options_and_per_origin_quantities_and_need_a_start_time()
    {
        var answer = await PostAsync(Routes.MerchDetails, $"{{\"band_id\":{FakeBands.LabelId},\"start_time\":\"2000-01-01\"}}");
        Assert.True(answer.GetProperty("success").GetBoolean());
        var items = answer.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(3, items.Count);
        var vinyl = items.Single(i => i.GetProperty("package_id").GetInt64() == VinylPackageId);
        Assert.Equal(55, vinyl.GetProperty("quantity_available").GetInt32());
        Assert.Equal(2, vinyl.GetProperty("origin_quantities").GetArrayLength());
        var shirt = items.Single(i => i.GetProperty("package_id").GetInt64() == ShirtPackageId);
        Assert.Equal(3, shirt.GetProperty("options").GetArrayLength());
        Assert.Equal(3, shirt.GetProperty("origin_quantities")[0].GetProperty("option_quantities").GetArrayLength());
        var cassette = items.Single(i => i.GetProperty("package_id").GetInt64() == CassettePackageId);
        Assert.Equal(JsonValueKind.Null, cassette.GetProperty("quantity_available").ValueKind);

        Json.AssertApiError(await PostAsync(Routes.MerchDetails, $"{{\"band_id\":{FakeBands.LabelId}}}"), "start_time");
        Json.AssertApiError(await PostAsync(Routes.MerchDetails, $"{{\"band_id\":{FakeBands.FirstArtistId},\"start_time\":\"2000-01-01\"}}"), "access");
    }

    [Fact]
    public async Task A_stale_quantity_sold_refuses_the_whole_update_naming_the_item_and_changes_nothing()
    {
        var before = _server.Merch.Stock(ShirtSmallId, UsOriginId);
        _server.Merch.Sell(ShirtLargeId);
        var body = $$"""
            {"items":[
              {"id":{{ShirtSmallId}},"id_type":"o","quantity_sold":{{before.Sold}},"quantity_available":50,"origin_id":{{UsOriginId}}},
              {"id":{{ShirtLargeId}},"id_type":"o","quantity_sold":2,"quantity_available":50,"origin_id":{{UsOriginId}}}]}
            """;
        var refused = await PostAsync(Routes.UpdateQuantities, body);
        Json.AssertApiError(refused, $"quantity_sold for item {ShirtLargeId} is 3, not 2");
        Assert.Equal(before, _server.Merch.Stock(ShirtSmallId, UsOriginId));

        var alone = await PostAsync(Routes.UpdateQuantities,
            $"{{\"items\":[{{\"id\":{ShirtSmallId},\"id_type\":\"o\",\"quantity_sold\":{before.Sold},\"quantity_available\":50}}]}}");
        Assert.True(alone.GetProperty("success").GetBoolean());
        Assert.Equal((50, before.Sold), _server.Merch.Stock(ShirtSmallId, UsOriginId));
    }

    [Fact]
    public async Task Quantities_of_an_item_with_two_origins_need_the_origin()
    {
        var (_, sold) = _server.Merch.Stock(VinylPackageId, GermanyOriginId);
        Json.AssertApiError(await PostAsync(Routes.UpdateQuantities,
            $"{{\"items\":[{{\"id\":{VinylPackageId},\"id_type\":\"p\",\"quantity_sold\":{sold},\"quantity_available\":9}}]}}"), "origin_id is required");
        Json.AssertApiError(await PostAsync(Routes.UpdateQuantities,
            $"{{\"items\":[{{\"id\":{ShirtPackageId},\"id_type\":\"p\",\"quantity_sold\":0,\"quantity_available\":9}}]}}"), "has options");
    }

    [Fact]
    public async Task Update_shipped_is_all_or_nothing_and_names_an_unknown_id()
    {
        var unshipped = _server.Merch.Orders.First(o => o.ShipDate is null);
        var body = $$"""{"items":[{"id":{{unshipped.SaleItemId}},"id_type":"s","carrier":"DHL","tracking_code":"T1"},{"id":1234567,"id_type":"s"}]}""";
        Json.AssertApiError(await PostAsync(Routes.UpdateShipped, body), "Unknown sale item id 1234567");
        Assert.Null(_server.Merch.Orders.Single(o => o.SaleItemId == unshipped.SaleItemId).ShipDate);

        var ok = await PostAsync(Routes.UpdateShipped, $$"""{"items":[{"id":{{unshipped.PaymentId}},"id_type":"p","carrier":"DHL","tracking_code":"T1","ship_date":"2024-05-02"}]}""");
        Assert.True(ok.GetProperty("success").GetBoolean());
        var shipped = _server.Merch.Orders.Where(o => o.PaymentId == unshipped.PaymentId).ToList();
        Assert.All(shipped, o => Assert.Equal(new DateTime(2024, 5, 2), o.ShipDate));
        Assert.All(shipped, o => Assert.Equal("T1", o.TrackingCode));
    }

    [Fact]
    public async Task Orders_filter_by_unshipped_and_send_shipping_as_a_string_and_dates_in_two_forms()
    {
        var answer = await PostAsync(Routes.Orders, $"{{\"band_id\":{FakeBands.LabelId},\"unshipped_only\":true}}");
        var items = answer.GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(items);
        Assert.All(items, i => Assert.Equal(JsonValueKind.Null, i.GetProperty("ship_date").ValueKind));
        Assert.Equal(JsonValueKind.String, items[0].GetProperty("shipping").ValueKind);
        Assert.EndsWith(" GMT", items[0].GetProperty("order_date").GetString());

        var all = await PostAsync(Routes.Orders, $"{{\"band_id\":{FakeBands.LabelId}}}");
        var shipped = all.GetProperty("items").EnumerateArray().First(i => i.GetProperty("ship_date").ValueKind == JsonValueKind.String);
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$", shipped.GetProperty("ship_date").GetString());
    }

    [Fact]
    public async Task Marking_a_date_range_refuses_a_future_end_and_marks_only_unshipped_orders_of_the_range()
    {
        Json.AssertApiError(await PostAsync(Routes.MarkDateRangeShipped, $"{{\"band_id\":{FakeBands.LabelId},\"end_time\":\"2999-01-01\"}}"), "past");

        var end = DateTime.UtcNow.AddDays(-3);
        var expected = _server.Merch.Orders.Where(o => o.Package.BandId == FakeBands.LabelId && o.ShipDate is null && o.OrderDate < end).Select(o => o.SaleItemId).ToHashSet();
        var answer = await PostAsync(Routes.MarkDateRangeShipped, $"{{\"band_id\":{FakeBands.LabelId},\"end_time\":\"{end:yyyy-MM-dd HH:mm:ss}\"}}");
        var marked = answer.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("sale_item_id").GetInt64()).ToHashSet();
        Assert.NotEmpty(marked);
        Assert.Equal(expected, marked);
        Assert.All(_server.Merch.Orders.Where(o => marked.Contains(o.SaleItemId)), o => Assert.NotNull(o.ShipDate));
    }

    [Fact]
    public async Task Sell_and_refuse_knobs_work_over_the_control_endpoint_and_reset_clears_the_refusal()
    {
        var before = _server.Merch.Stock(CdPackageId, UkOriginId);
        using (var sold = await _client.Http.PostAsync($"_fake/faults/merch-sell?value={CdPackageId}&quantity=2", null))
            Assert.Equal(HttpStatusCode.OK, sold.StatusCode);
        Assert.Equal((before.Available - 2, before.Sold + 2), _server.Merch.Stock(CdPackageId, UkOriginId));

        using (var refuse = await _client.Http.PostAsync($"_fake/faults/merch-refuse?value={CdPackageId}", null))
            Assert.Equal(HttpStatusCode.OK, refuse.StatusCode);
        var body = $"{{\"items\":[{{\"id\":{CdPackageId},\"id_type\":\"p\",\"sku\":\"NEW\"}}]}}";
        Json.AssertApiError(await PostAsync(Routes.UpdateSku, body), $"Item {CdPackageId} cannot be changed");
        using (var reset = await _client.Http.PostAsync("_fake/reset", null)) Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.True((await PostAsync(Routes.UpdateSku, body)).GetProperty("success").GetBoolean());
        Assert.Equal("NEW", _server.Merch.Sku(CdPackageId));
    }
}
