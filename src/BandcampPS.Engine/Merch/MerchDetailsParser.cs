using System.Text.Json;

namespace BandcampPS.Engine.Merch;

/// <summary>
/// Reads get_merch_details into one row per stocked unit: each option of a package (or the package itself when it
/// has none), and within it each shipping origin when Bandcamp reports origin_quantities.
/// </summary>
public static class MerchDetailsParser
{
    public const string Method = "get_merch_details";

    public static IReadOnlyList<MerchRowResult<BandcampMerchItem>> Parse(JsonElement root, long bandId)
    {
        var rows = new List<MerchRowResult<BandcampMerchItem>>();
        foreach (var package in MerchJson.List(root, "items", Method))
        {
            var what = MerchJson.Text(package, "package_id") is { } id ? $"package {id}" : "a package without a package_id";
            try
            {
                rows.AddRange(Rows(package, bandId).Select(MerchRowResult<BandcampMerchItem>.Of));
            }
            catch (FormatException ex)
            {
                rows.Add(MerchRowResult<BandcampMerchItem>.Failed(what, Method, ex));
            }
        }
        return rows;
    }

    private static IEnumerable<BandcampMerchItem> Rows(JsonElement package, long bandId)
    {
        var template = new BandcampMerchItem
        {
            BandId = bandId,
            MemberBandId = MerchJson.Long(package, "member_band_id") is { } m && m != bandId ? m : null,
            PackageId = MerchJson.Long(package, "package_id") ?? throw new FormatException("package_id is missing"),
            ItemType = MerchJson.Text(package, "item_type"),
            AlbumTitle = MerchJson.Text(package, "album_title"),
            Title = MerchJson.Text(package, "title") ?? "",
            Sku = MerchJson.Text(package, "sku"),
            Price = MerchJson.Money(package, "price"),
            Currency = MerchJson.Text(package, "currency"),
            IsSetPrice = MerchJson.Bool(package, "is_set_price"),
            QuantityAvailable = MerchJson.Int(package, "quantity_available"),
            QuantitySold = MerchJson.Int(package, "quantity_sold"),
            Subdomain = MerchJson.Text(package, "subdomain"),
            Url = MerchJson.Text(package, "url"),
            ImageUrl = MerchJson.Text(package, "image_url"),
            NewDate = MerchJson.Date(package, "new_date"),
        };
        var packageTotals = (Available: template.QuantityAvailable, Sold: template.QuantitySold);
        var options = MerchJson.OptionalList(package, "options").ToList();
        var origins = MerchJson.OptionalList(package, "origin_quantities").ToList();

        if (options.Count == 0)
        {
            if (origins.Count == 0)
            {
                yield return With(template, null, null, template.QuantityAvailable, template.QuantitySold, packageTotals);
                yield break;
            }
            foreach (var origin in origins)
                yield return With(template, null, origin, MerchJson.Int(origin, "quantity_available"), MerchJson.Int(origin, "quantity_sold"), packageTotals);
            yield break;
        }

        foreach (var option in options)
        {
            var optionId = MerchJson.Long(option, "option_id") ?? throw new FormatException("an option has no option_id");
            var optionRow = With(template, option, null, MerchJson.Int(option, "quantity_available"), MerchJson.Int(option, "quantity_sold"), packageTotals);
            var atOrigins = origins
                .Select(origin => (origin, quantities: MerchJson.OptionalList(origin, "option_quantities")
                    .FirstOrDefault(q => MerchJson.Long(q, "option_id") == optionId)))
                .Where(o => o.quantities.ValueKind == JsonValueKind.Object)
                .ToList();
            if (atOrigins.Count == 0)
            {
                yield return optionRow;
                continue;
            }
            foreach (var (origin, quantities) in atOrigins)
                yield return With(template, option, origin, MerchJson.Int(quantities, "quantity_available"), MerchJson.Int(quantities, "quantity_sold"), packageTotals);
        }
    }

    private static BandcampMerchItem With(BandcampMerchItem t, JsonElement? option, JsonElement? origin, int? available, int? sold, (int? Available, int? Sold) package) => new()
    {
        BandId = t.BandId,
        MemberBandId = t.MemberBandId,
        PackageId = t.PackageId,
        OptionId = option is { } o ? MerchJson.Long(o, "option_id") : null,
        OriginId = origin is { } g ? MerchJson.Long(g, "origin_id") ?? throw new FormatException("an origin has no origin_id") : null,
        ItemType = t.ItemType,
        AlbumTitle = t.AlbumTitle,
        Title = t.Title,
        OptionTitle = option is { } ot ? MerchJson.Text(ot, "title") : null,
        Sku = option is { } os ? MerchJson.Text(os, "sku") : t.Sku,
        Price = t.Price,
        Currency = t.Currency,
        IsSetPrice = t.IsSetPrice,
        QuantityAvailable = available,
        QuantitySold = sold,
        PackageQuantityAvailable = package.Available,
        PackageQuantitySold = package.Sold,
        Subdomain = t.Subdomain,
        Url = t.Url,
        ImageUrl = t.ImageUrl,
        NewDate = t.NewDate,
    };
}
