using System.Globalization;
using System.Text.Json;
using BandcampPS.Engine.Api;
using BandcampPS.Engine.Diagnostics;

namespace BandcampPS.Engine.Merch;

/// <summary>
/// The merchorders API (api.md 6): reads merch, shipping origins and orders; marks orders shipped; sets stock and
/// SKUs. Updates go in batches of up to <see cref="BatchSize"/> items per call, and a refused item is set apart
/// (<see cref="AllOrNothingBatch{T}"/>) so the rest go through. Only ids are logged: request bodies of updates are
/// summarised, and buyer fields of answers are never written anywhere but the objects returned.
/// </summary>
public sealed class MerchOrdersClient(BandcampApiClient api, IBandcampLog log)
{
    public const string MerchDetailsPath = "api/merchorders/1/get_merch_details";
    public const string ShippingOriginsPath = "api/merchorders/1/get_shipping_origin_details";
    public const string OrdersPath = "api/merchorders/4/get_orders";
    public const string UpdateShippedPath = "api/merchorders/2/update_shipped";
    public const string MarkDateRangeShippedPath = "api/merchorders/1/mark_date_range_as_shipped";
    public const string UpdateQuantitiesPath = "api/merchorders/1/update_quantities";
    public const string UpdateSkuPath = "api/merchorders/1/update_sku";

    /// <summary>
    /// Items per update call. Bandcamp documents no limit; a hundred keeps a body small (a few KB) and a refused
    /// batch cheap to split, while a thousand-line carrier file still takes ten calls.
    /// </summary>
    public const int BatchSize = 100;

    public async Task<IReadOnlyList<MerchRowResult<BandcampMerchItem>>> GetMerchAsync(MerchQuery query, CancellationToken cancellationToken)
    {
        var body = ApiRequestBody.Object(json =>
        {
            json.WriteNumber("band_id", query.BandId);
            if (query.MemberBandId is { } member) json.WriteNumber("member_band_id", member);
            json.WriteString("start_time", ApiRequestBody.Time(query.StartUtc ?? MerchQuery.EarliestStart));
            if (query.EndUtc is { } end) json.WriteString("end_time", ApiRequestBody.Time(end));
            if (query.PackageIds is { Count: > 0 } ids)
            {
                json.WriteStartArray("package_ids");
                foreach (var id in ids) json.WriteNumberValue(id);
                json.WriteEndArray();
            }
        });
        using var document = await api.PostForDocumentAsync(MerchDetailsPath, body, $"{MerchDetailsParser.Method} for {query.Describe()}", cancellationToken).ConfigureAwait(false);
        return MerchDetailsParser.Parse(document.RootElement, query.BandId);
    }

    public async Task<IReadOnlyList<MerchRowResult<BandcampShippingOrigin>>> GetShippingOriginsAsync(long? bandId, long? originId, CancellationToken cancellationToken)
    {
        var body = ApiRequestBody.Object(json =>
        {
            if (bandId is { } band) json.WriteNumber("band_id", band);
            if (originId is { } origin) json.WriteNumber("origin_id", origin);
        });
        using var document = await api.PostForDocumentAsync(ShippingOriginsPath, body, ShippingOriginParser.Method, cancellationToken).ConfigureAwait(false);
        return ShippingOriginParser.Parse(document.RootElement);
    }

    public async Task<IReadOnlyList<MerchRowResult<BandcampOrder>>> GetOrdersAsync(OrderQuery query, CancellationToken cancellationToken)
    {
        var body = ApiRequestBody.Object(json =>
        {
            json.WriteNumber("band_id", query.BandId);
            if (query.MemberBandId is { } member) json.WriteNumber("member_band_id", member);
            if (query.StartUtc is { } start) json.WriteString("start_time", ApiRequestBody.Time(start));
            if (query.EndUtc is { } end) json.WriteString("end_time", ApiRequestBody.Time(end));
            if (query.UnshippedOnly) json.WriteBoolean("unshipped_only", true);
            if (query.Name is { Length: > 0 } name) json.WriteString("name", name);
            if (query.OriginId is { } origin) json.WriteNumber("origin_id", origin);
        });
        using var document = await api.PostForDocumentAsync(OrdersPath, body, $"{OrderParser.Method} for {query.Describe()}", cancellationToken).ConfigureAwait(false);
        var rows = OrderParser.Parse(document.RootElement, query.BandId, query.MemberBandId);
        log.Verbose($"{OrderParser.Method} for {query.Describe()}: {rows.Count} order item(s).");
        return rows;
    }

    public Task UpdateShippedAsync(IReadOnlyList<BandcampOrderShipment> items, Action<BandcampOrderShipment> applied,
        Action<BandcampOrderShipment, BandcampApiException> refused, CancellationToken cancellationToken) =>
        SendBatchesAsync(items, UpdateShippedPath, "update_shipped", i => i.Id, i => $"{i.IdType}:{i.Id}", (json, i) =>
        {
            json.WriteNumber("id", i.Id);
            json.WriteString("id_type", i.IdType);
            json.WriteBoolean("shipped", i.Shipped);
            if (i.Notify is { } notify) json.WriteBoolean("notification", notify);
            if (i.NotificationMessage is { Length: > 0 } message) json.WriteString("notification_message", message);
            if (i.ShipDate is { } date) json.WriteString("ship_date", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            if (i.Carrier is { Length: > 0 } carrier) json.WriteString("carrier", carrier);
            if (i.TrackingCode is { Length: > 0 } tracking) json.WriteString("tracking_code", tracking);
        }, applied, refused, cancellationToken);

    public Task UpdateQuantitiesAsync(IReadOnlyList<BandcampMerchQuantityChange> items, Action<BandcampMerchQuantityChange> applied,
        Action<BandcampMerchQuantityChange, BandcampApiException> refused, CancellationToken cancellationToken) =>
        SendBatchesAsync(items, UpdateQuantitiesPath, "update_quantities", i => i.Id, i => i.ToString(), (json, i) =>
        {
            json.WriteNumber("id", i.Id);
            json.WriteString("id_type", i.IdType);
            json.WriteNumber("quantity_sold", i.QuantitySold);
            json.WriteNumber("quantity_available", i.QuantityAvailable);
            if (i.OriginId is { } origin) json.WriteNumber("origin_id", origin);
        }, applied, refused, cancellationToken);

    public Task UpdateSkusAsync(IReadOnlyList<BandcampMerchSkuChange> items, Action<BandcampMerchSkuChange> applied,
        Action<BandcampMerchSkuChange, BandcampApiException> refused, CancellationToken cancellationToken) =>
        SendBatchesAsync(items, UpdateSkuPath, "update_sku", i => i.Id, i => i.ToString(), (json, i) =>
        {
            json.WriteNumber("id", i.Id);
            json.WriteString("id_type", i.IdType);
            json.WriteString("sku", i.Sku);
        }, applied, refused, cancellationToken);

    /// <summary>Marks every unshipped order of the range shipped in one call; returns what Bandcamp says it marked.</summary>
    public async Task<IReadOnlyList<BandcampOrderShipment>> MarkDateRangeShippedAsync(DateRangeShipment range, CancellationToken cancellationToken)
    {
        var body = ApiRequestBody.Object(json =>
        {
            json.WriteNumber("band_id", range.BandId);
            if (range.MemberBandId is { } member) json.WriteNumber("member_band_id", member);
            if (range.StartUtc is { } start) json.WriteString("start_time", ApiRequestBody.Time(start));
            json.WriteString("end_time", ApiRequestBody.Time(range.EndUtc));
            if (range.OriginId is { } origin) json.WriteNumber("origin_id", origin);
            if (range.EmailNotifications is { } notify) json.WriteBoolean("email_notifications", notify);
        });
        using var document = await api.PostForDocumentAsync(MarkDateRangeShippedPath, body, "mark_date_range_as_shipped", cancellationToken).ConfigureAwait(false);
        EnsureSuccess(document.RootElement, "mark_date_range_as_shipped");
        var marked = new List<BandcampOrderShipment>();
        foreach (var item in MerchJson.OptionalList(document.RootElement, "items"))
        {
            marked.Add(new BandcampOrderShipment
            {
                SaleItemId = MerchJson.Long(item, "sale_item_id"),
                ItemTitle = MerchJson.Text(item, "title"),
                BuyerName = MerchJson.Text(item, "buyer_name"),
                Notify = range.EmailNotifications,
            });
        }
        log.Verbose($"mark_date_range_as_shipped for {range}: {marked.Count} order item(s) marked shipped.");
        return marked;
    }

    private async Task SendBatchesAsync<T>(IReadOnlyList<T> items, string path, string method, Func<T, long> idOf, Func<T, string> describe,
        Action<Utf8JsonWriter, T> writeItem, Action<T> applied, Action<T, BandcampApiException> refused, CancellationToken cancellationToken)
    {
        var batch = new AllOrNothingBatch<T>(async (chunk, ct) =>
        {
            var body = ApiRequestBody.Object(json =>
            {
                json.WriteStartArray("items");
                foreach (var item in chunk)
                {
                    json.WriteStartObject();
                    writeItem(json, item);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            });
            // The body may hold a message to buyers; the log names the items by id only.
            var summary = $"{{\"items\": [{string.Join(", ", chunk.Select(describe))}]}}";
            using var document = await api.PostForDocumentAsync(path, body, $"{method} of {chunk.Count} item(s)", ct, summary).ConfigureAwait(false);
            EnsureSuccess(document.RootElement, method);
        }, idOf);
        foreach (var chunk in items.Chunk(BatchSize))
            await batch.SendAsync(chunk, applied, refused, cancellationToken).ConfigureAwait(false);
        log.Verbose($"{method}: {items.Count} item(s) in {batch.Calls} call(s).");
    }

    /// <summary>A 2xx answer without the error envelope must still say success (api.md 6); false is a refusal.</summary>
    private static void EnsureSuccess(JsonElement root, string method)
    {
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("success", out var success) && success.ValueKind == JsonValueKind.False)
            throw new BandcampApiException(method, "success: false, no reason given", 200);
    }

    /// <summary>A connection shows this client as a property; it holds nothing worth showing.</summary>
    public override string ToString() => "Bandcamp merchorders API";
}
