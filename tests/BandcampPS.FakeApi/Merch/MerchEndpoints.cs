using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace BandcampPS.FakeApi;

/// <summary>
/// The merchorders methods (api.md 6, 9.16): <c>{"success": true, ...}</c> answers, the error envelope for bad input
/// (with the configured status), all-or-nothing updates naming the failing item, a stale quantity_sold refused,
/// and mark_date_range_as_shipped refusing an end_time in the future.
/// </summary>
internal sealed class MerchEndpoints(FakeServerState state)
{
    private FakeMerchState Merch => state.Merch;

    public Task GetMerchDetailsAsync(HttpContext context) => HandleAsync(context, async body =>
    {
        var (band, member, error) = Band(body, required: true);
        if (error is not null) return error;
        if (!TryTime(body, "start_time", required: true, out var start, out error)) return error;
        if (!TryTime(body, "end_time", required: false, out var end, out error)) return error;
        var packageIds = body.TryGetProperty("package_ids", out var ids) && ids.ValueKind == JsonValueKind.Array
            ? ids.EnumerateArray().Select(e => Long(e)).OfType<long>().ToHashSet() : null;
        var packages = FakeMerchCatalog.Packages
            .Where(p => Belongs(p, band!.Value, member)
                        && p.NewDate >= start && (end is null || p.NewDate < end) && (packageIds is null || packageIds.Contains(p.PackageId)))
            .ToList();
        await JsonResponse.WriteAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteBoolean("success", true);
            json.WriteStartArray("items");
            foreach (var package in packages) MerchJsonWriter.WritePackage(json, package, Merch);
            json.WriteEndArray();
        });
        return null;
    });

    public Task GetShippingOriginsAsync(HttpContext context) => HandleAsync(context, async body =>
    {
        var (band, _, error) = Band(body, required: false);
        if (error is not null) return error;
        var originId = body.TryGetProperty("origin_id", out var o) ? Long(o) : null;
        var origins = FakeMerchCatalog.Origins.Where(x => (band is null || x.BandId == band) && (originId is null || x.OriginId == originId)).ToList();
        await JsonResponse.WriteAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteBoolean("success", true);
            json.WriteStartArray("shipping_origins");
            foreach (var origin in origins) MerchJsonWriter.WriteOrigin(json, origin);
            json.WriteEndArray();
        });
        return null;
    });

    public Task GetOrdersAsync(HttpContext context) => HandleAsync(context, async body =>
    {
        var (band, member, error) = Band(body, required: true);
        if (error is not null) return error;
        if (!TryTime(body, "start_time", required: false, out var start, out error)) return error;
        if (!TryTime(body, "end_time", required: false, out var end, out error)) return error;
        var format = Text(body, "format") ?? "json";
        if (format != "json") return $"format '{format}' is not served by this fake; use json";
        var unshipped = Bool(body, "unshipped_only") ?? false;
        var name = Text(body, "name");
        var originId = body.TryGetProperty("origin_id", out var o) ? Long(o) : null;
        var orders = Merch.FindOrders(x => Belongs(x.Package, band!.Value, member)
            && (start is null || x.OrderDate >= start) && (end is null || x.OrderDate < end)
            && (!unshipped || x.ShipDate is null)
            && (string.IsNullOrEmpty(name) || x.Package.Title.Contains(name, StringComparison.OrdinalIgnoreCase))
            && (originId is null || x.OriginId == originId));
        await JsonResponse.WriteAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteBoolean("success", true);
            json.WriteStartArray("items");
            foreach (var order in orders) MerchJsonWriter.WriteOrder(json, order);
            json.WriteEndArray();
        });
        return null;
    });

    public Task UpdateShippedAsync(HttpContext context) => UpdateAsync<ShippedUpdate>(context, item =>
    {
        var id = Long(item, "id");
        var idType = Text(item, "id_type");
        if (id is null || idType is not ("p" or "s")) return (null, $"Each item needs an id and an id_type of 'p' or 's' (item {id})");
        DateTime? shipDate = null;
        if (Text(item, "ship_date") is { Length: > 0 } text)
        {
            if (!BandcampDates.TryParseRequest(text, out var parsed)) return (null, $"Invalid ship_date for item {id}: {text}");
            shipDate = parsed;
        }
        return (new ShippedUpdate(id.Value, idType, Bool(item, "shipped") ?? true, shipDate, Text(item, "carrier"), Text(item, "tracking_code"), Bool(item, "notification")), null);
    }, Merch.UpdateShipped);

    public Task UpdateQuantitiesAsync(HttpContext context) => UpdateAsync<QuantityUpdate>(context, item =>
    {
        var id = Long(item, "id");
        if (id is null) return (null, "Each item needs an id");
        return (new QuantityUpdate(id.Value, Text(item, "id_type") ?? "", Int(item, "quantity_sold"), Int(item, "quantity_available"), Long(item, "origin_id")), null);
    }, Merch.UpdateQuantities);

    public Task UpdateSkuAsync(HttpContext context) => UpdateAsync<SkuUpdate>(context, item =>
    {
        var id = Long(item, "id");
        if (id is null) return (null, "Each item needs an id");
        return (new SkuUpdate(id.Value, Text(item, "id_type") ?? "", Text(item, "sku")), null);
    }, Merch.UpdateSkus);

    public Task MarkDateRangeShippedAsync(HttpContext context) => HandleAsync(context, async body =>
    {
        var (band, member, error) = Band(body, required: true);
        if (error is not null) return error;
        if (!TryTime(body, "start_time", required: false, out var start, out error)) return error;
        if (!TryTime(body, "end_time", required: true, out var end, out error)) return error;
        if (end > state.UtcNow) return "end_time must be in the past";
        var originId = body.TryGetProperty("origin_id", out var o) ? Long(o) : null;
        var marked = Merch.MarkShipped(x => Belongs(x.Package, band!.Value, member)
            && (start is null || x.OrderDate >= start) && x.OrderDate < end && (originId is null || x.OriginId == originId));
        await JsonResponse.WriteAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteBoolean("success", true);
            json.WriteStartArray("items");
            foreach (var order in marked)
            {
                json.WriteStartObject();
                json.WriteNumber("sale_item_id", order.SaleItemId);
                json.WriteString("title", order.Package.Title);
                json.WriteString("buyer_name", order.Buyer.Name);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        });
        return null;
    });

    /// <summary>Reads <c>{"items": [...]}</c>, parses every item, applies all or none, answers success or the first problem.</summary>
    private Task UpdateAsync<T>(HttpContext context, Func<JsonElement, (T? Item, string? Error)> parse, Func<IReadOnlyList<T>, string?> apply) where T : class =>
        HandleAsync(context, async body =>
        {
            if (!body.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array || items.GetArrayLength() == 0)
                return "Missing required parameter: items";
            var parsed = new List<T>();
            foreach (var element in items.EnumerateArray())
            {
                if (element.ValueKind != JsonValueKind.Object) return "Each item must be an object";
                var (item, problem) = parse(element);
                if (problem is not null) return problem;
                parsed.Add(item!);
            }
            if (apply(parsed) is { } refused) return refused;
            await JsonResponse.WriteAsync(context, StatusCodes.Status200OK, json => json.WriteBoolean("success", true));
            return null;
        });

    /// <summary>Runs a handler that either answers itself (returns null) or returns the error message to answer with.</summary>
    private async Task HandleAsync(HttpContext context, Func<JsonElement, Task<string?>> handle)
    {
        var (body, error) = await RequestJson.ReadObjectAsync(context);
        using var _ = body;
        error ??= await handle(body!.RootElement);
        if (error is not null) await JsonResponse.ApiErrorAsync(context, state.Options.ApiErrorStatusCode, error);
    }

    private static bool Belongs(FakePackage package, long band, long? member) =>
        package.BandId == band && (member is null || package.MemberBandId == member || (member == band && package.MemberBandId is null));

    private static (long? Band, long? Member, string? Error) Band(JsonElement body, bool required)
    {
        var hasBand = body.TryGetProperty("band_id", out var b) && b.ValueKind != JsonValueKind.Null;
        if (!hasBand) return (null, null, required ? "Missing required parameter: band_id" : null);
        if (Long(b) is not { } band) return (null, null, "band_id must be a number");
        if (!FakeBands.IsTopLevel(band)) return (null, null, $"You do not have access to band {band}");
        if (!body.TryGetProperty("member_band_id", out var m) || m.ValueKind == JsonValueKind.Null) return (band, null, null);
        if (Long(m) is not { } member) return (null, null, "member_band_id must be a number");
        return FakeBands.CanFilterTo(band, member) ? (band, member, null) : (null, null, $"Band {member} is not a member of band {band}");
    }

    private static bool TryTime(JsonElement body, string name, bool required, out DateTime? value, out string? error)
    {
        value = null;
        error = null;
        var text = Text(body, name);
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required) error = $"Missing required parameter: {name}";
            return !required;
        }
        if (!BandcampDates.TryParseRequest(text, out var parsed))
        {
            error = $"Invalid {name}: {text}";
            return false;
        }
        value = parsed;
        return true;
    }

    private static long? Long(JsonElement e) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var n) ? n
        : e.ValueKind == JsonValueKind.String && long.TryParse(e.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s
        : null;

    private static long? Long(JsonElement item, string name) => item.TryGetProperty(name, out var e) ? Long(e) : null;

    private static int? Int(JsonElement item, string name) => Long(item, name) is { } n and >= int.MinValue and <= int.MaxValue ? (int)n : null;

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;

    private static bool? Bool(JsonElement item, string name) =>
        item.TryGetProperty(name, out var e) ? e.ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => null } : null;
}
