namespace BandcampPS.Engine.Merch;

/// <summary>What a user asked to change about one merch item: by ids (a Get-BandcampMerch row) or by SKU (a warehouse file).</summary>
public sealed record MerchItemRef(long BandId, long? PackageId, long? OptionId, long? OriginId, string? Sku)
{
    public override string ToString() =>
        PackageId is { } package ? MerchIds.Describe(package, OptionId, OriginId)
        : $"SKU '{Sku}'{(OriginId is { } origin ? $" origin {origin}" : "")}";
}

/// <summary>
/// Turns requested changes into update_quantities / update_sku items against the band's merch as read just before:
/// it finds the one row an id or SKU means, takes the sold count last seen, and keeps the previous value so the
/// dry run and the result say what changes. A request that matches no row, or several, is one clear error.
/// </summary>
public sealed class MerchPlanner(IReadOnlyList<BandcampMerchItem> merch)
{
    public BandcampMerchQuantityChange PlanQuantity(MerchItemRef item, int quantityAvailable, int? lastSeenQuantitySold)
    {
        if (quantityAvailable < 0)
            throw new BandcampException(BandcampErrorIds.InvalidArgument, BandcampErrorKind.InvalidArgument,
                $"The new available quantity of {item} is {quantityAvailable}; it cannot be negative.", item);
        var row = Find(item, byOrigin: true);
        return new BandcampMerchQuantityChange
        {
            BandId = item.BandId,
            PackageId = row.PackageId,
            OptionId = row.OptionId,
            OriginId = row.OriginId ?? item.OriginId,
            Sku = row.Sku,
            Title = Title(row),
            QuantitySold = lastSeenQuantitySold ?? row.QuantitySold ?? 0,
            PreviousQuantityAvailable = row.QuantityAvailable,
            QuantityAvailable = quantityAvailable,
        };
    }

    public BandcampMerchSkuChange PlanSku(MerchItemRef item, string newSku)
    {
        if (string.IsNullOrWhiteSpace(newSku))
            throw new BandcampException(BandcampErrorIds.InvalidArgument, BandcampErrorKind.InvalidArgument,
                $"The new SKU of {item} is empty.", item);
        var row = Find(item with { OriginId = null, Sku = null }, byOrigin: false);
        return new BandcampMerchSkuChange
        {
            BandId = item.BandId,
            PackageId = row.PackageId,
            OptionId = row.OptionId,
            Title = Title(row),
            PreviousSku = row.Sku,
            Sku = newSku.Trim(),
        };
    }

    private BandcampMerchItem Find(MerchItemRef item, bool byOrigin)
    {
        var matches = item.PackageId is { } package
            ? merch.Where(r => r.PackageId == package && (item.OptionId is null || r.OptionId == item.OptionId)).ToList()
            : merch.Where(r => string.Equals(r.Sku?.Trim(), item.Sku?.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
        if (matches.Count == 0)
            throw NotFound(item, item.PackageId is null ? "no package or option of the band has this SKU" : "the band has no such package or option");

        if (item.PackageId is not null && item.OptionId is null && matches.Any(r => r.OptionId is not null))
            throw Ambiguous(item, $"the package has options; name one with OptionId ({string.Join(", ", matches.Select(r => r.OptionId).Distinct())})");
        var units = matches.Select(r => (r.PackageId, r.OptionId)).Distinct().ToList();
        if (units.Count > 1)
            throw Ambiguous(item, $"the SKU belongs to {units.Count} items ({string.Join("; ", units.Select(u => MerchIds.Describe(u.PackageId, u.OptionId, null)))}); give PackageId and OptionId instead");
        if (!byOrigin) return matches[0];

        if (item.OriginId is { } origin)
        {
            var atOrigin = matches.Where(r => r.OriginId == origin).ToList();
            if (atOrigin.Count == 1) return atOrigin[0];
            // Bandcamp gave no per-origin quantities: the origin asked for is passed on as it is.
            if (matches.Count == 1 && matches[0].OriginId is null) return matches[0];
            throw NotFound(item, $"it is not stocked at origin {origin} (origins: {Origins(matches)})");
        }
        if (matches.Count > 1)
            throw Ambiguous(item, $"it ships from {matches.Count} origins ({Origins(matches)}); name one with OriginId");
        return matches[0];
    }

    private static string Title(BandcampMerchItem row) => row.OptionTitle is null ? row.Title : $"{row.Title} / {row.OptionTitle}";

    private static string Origins(IEnumerable<BandcampMerchItem> rows) =>
        string.Join(", ", rows.Select(r => r.OriginId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none").Distinct());

    private static BandcampException NotFound(MerchItemRef item, string why) =>
        new(BandcampErrorIds.MerchItemNotFound, BandcampErrorKind.ObjectNotFound, $"Band {item.BandId}: {item} was not found: {why}.", item);

    private static BandcampException Ambiguous(MerchItemRef item, string why) =>
        new(BandcampErrorIds.MerchItemAmbiguous, BandcampErrorKind.InvalidArgument, $"Band {item.BandId}: {item} is not one item: {why}.", item);
}
