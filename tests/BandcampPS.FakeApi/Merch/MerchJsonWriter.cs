using System.Globalization;
using System.Text.Json;

namespace BandcampPS.FakeApi;

/// <summary>
/// The JSON shapes of get_merch_details, get_shipping_origin_details and get_orders (api.md 6). Where clients have
/// seen strings (get_orders' shipping and marketplace_tax) the fake sends strings, so a client must read both.
/// get_orders' date forms are not documented (api.md 11.7): order_date goes as sales_report's
/// "dd MMM yyyy HH:mm:ss GMT", ship_date as "yyyy-MM-dd HH:mm:ss", so a client that assumes one form fails here.
/// </summary>
internal static class MerchJsonWriter
{
    public static void WritePackage(Utf8JsonWriter json, FakePackage package, FakeMerchState merch)
    {
        var units = package.UnitIds.Select(u => (Unit: u, Stock: merch.StockAtOrigins(u))).ToList();
        var all = units.SelectMany(u => u.Stock).ToList();
        json.WriteStartObject();
        json.WriteNumber("package_id", package.PackageId);
        if (package.AlbumTitle is null) json.WriteNull("album_title");
        else json.WriteString("album_title", package.AlbumTitle);
        json.WriteString("title", package.Title);
        json.WriteString("image_url", $"https://f4.bcbits.example.invalid/img/{package.PackageId}_36.jpg");
        WriteCount(json, "quantity_available", all.Any(s => s.Available is null) ? null : all.Sum(s => s.Available));
        json.WriteNumber("quantity_sold", all.Sum(s => s.Sold));
        json.WriteNumber("price", package.Price);
        json.WriteString("currency", package.Currency);
        json.WriteString("subdomain", package.Subdomain);
        json.WriteBoolean("is_set_price", true);
        json.WriteString("sku", merch.Sku(package.PackageId));
        json.WriteString("item_type", package.ItemType);
        if (package.MemberBandId is { } member) json.WriteNumber("member_band_id", member);
        json.WriteString("new_date", BandcampDates.ToApi(package.NewDate));
        json.WriteString("url", $"https://{package.Subdomain}.bandcamp.example.invalid/merch/{package.PackageId}");

        if (package.Options.Count == 0) json.WriteNull("options");
        else
        {
            json.WriteStartArray("options");
            foreach (var option in package.Options)
            {
                var stock = units.First(u => u.Unit == option.OptionId).Stock;
                json.WriteStartObject();
                json.WriteNumber("option_id", option.OptionId);
                json.WriteString("title", option.Title);
                json.WriteString("sku", merch.Sku(option.OptionId));
                WriteCount(json, "quantity_available", stock.Any(s => s.Available is null) ? null : stock.Sum(s => s.Available));
                json.WriteNumber("quantity_sold", stock.Sum(s => s.Sold));
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }

        if (package.OriginIds.Count == 0) json.WriteNull("origin_quantities");
        else
        {
            json.WriteStartArray("origin_quantities");
            foreach (var origin in package.OriginIds)
            {
                var here = units.Select(u => (u.Unit, Stock: u.Stock.FirstOrDefault(s => s.Origin == origin))).ToList();
                json.WriteStartObject();
                json.WriteNumber("origin_id", origin);
                WriteCount(json, "quantity_available", here.Any(h => h.Stock.Available is null) ? null : here.Sum(h => h.Stock.Available));
                json.WriteNumber("quantity_sold", here.Sum(h => h.Stock.Sold));
                if (package.Options.Count == 0) json.WriteNull("option_quantities");
                else
                {
                    json.WriteStartArray("option_quantities");
                    foreach (var (unit, stock) in here)
                    {
                        json.WriteStartObject();
                        json.WriteNumber("option_id", unit);
                        WriteCount(json, "quantity_available", stock.Available);
                        json.WriteNumber("quantity_sold", stock.Sold);
                        json.WriteEndObject();
                    }
                    json.WriteEndArray();
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    public static void WriteOrigin(Utf8JsonWriter json, FakeOrigin origin)
    {
        json.WriteStartObject();
        json.WriteNumber("origin_id", origin.OriginId);
        json.WriteNumber("band_id", origin.BandId);
        json.WriteString("country_name", origin.CountryName);
        Nullable(json, "state_name", origin.StateName);
        Nullable(json, "state_code", origin.StateCode);
        json.WriteEndObject();
    }

    public static void WriteOrder(Utf8JsonWriter json, FakeOrderItem order)
    {
        var package = order.Package;
        var buyer = order.Buyer;
        json.WriteStartObject();
        json.WriteNumber("sale_item_id", order.SaleItemId);
        json.WriteNumber("payment_id", order.PaymentId);
        json.WriteString("order_date", BandcampDates.ToApi(order.OrderDate));
        json.WriteString("paypal_id", $"PAYID-{order.PaymentId:X}");
        json.WriteString("sku", order.Option?.Sku ?? package.Sku);
        json.WriteString("item_name", package.Title);
        json.WriteString("item_url", $"https://{package.Subdomain}.bandcamp.example.invalid/merch/{package.PackageId}");
        json.WriteString("artist", package.MemberBandId switch
        {
            FakeBands.FirstArtistId => FakeBands.FirstArtistName,
            FakeBands.SecondArtistId => FakeBands.SecondArtistName,
            _ => package.BandId == FakeBands.SoloBandId ? FakeBands.SoloBandName : FakeBands.LabelName,
        });
        Nullable(json, "option", order.Option?.Title);
        json.WriteNull("discount_code");
        json.WriteNumber("quantity", order.Quantity);
        json.WriteNumber("sub_total", order.SubTotal);
        json.WriteNumber("tax", order.Tax);
        json.WriteString("shipping", order.Shipping.ToString("0.00", CultureInfo.InvariantCulture));
        json.WriteString("marketplace_tax", "0.00");
        json.WriteString("currency", package.Currency);
        json.WriteNumber("order_total", order.OrderTotal);
        json.WriteString("buyer_name", buyer.Name);
        json.WriteString("buyer_email", buyer.Email);
        json.WriteString("buyer_phone", buyer.Phone);
        Nullable(json, "buyer_note", order.BuyerNote);
        json.WriteNull("ship_notes");
        json.WriteString("ship_to_name", buyer.Name);
        json.WriteString("ship_to_street", buyer.Street);
        Nullable(json, "ship_to_street_2", buyer.Street2);
        json.WriteString("ship_to_city", buyer.City);
        Nullable(json, "ship_to_state", buyer.State);
        json.WriteString("ship_to_zip", buyer.Zip);
        json.WriteString("ship_to_country", buyer.Country);
        json.WriteString("ship_to_country_code", buyer.CountryCode);
        json.WriteString("ship_to_phone", buyer.Phone);
        Nullable(json, "ship_date", order.ShipDate?.ToString(BandcampDates.SqlFormat, CultureInfo.InvariantCulture));
        json.WriteString("payment_state", order.PaymentState);
        Nullable(json, "ship_from_country_name", order.OriginId is { } origin ? FakeMerchCatalog.Origin(origin)?.CountryName : null);
        json.WriteNumber("package_id", package.PackageId);
        if (order.Option is { } option) json.WriteNumber("option_id", option.OptionId);
        else json.WriteNull("option_id");
        json.WriteString("selling_band_url", $"https://{package.Subdomain}.bandcamp.example.invalid");
        json.WriteNull("begins_shipping_on");
        json.WriteEndObject();
    }

    private static void WriteCount(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } v) json.WriteNumber(name, v);
        else json.WriteNull(name);
    }

    private static void Nullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null) json.WriteNull(name);
        else json.WriteString(name, value);
    }
}
