namespace BandcampPS.Engine.Merch;

/// <summary>
/// One thing whose stock is counted (get_merch_details): a package without options, or one option of a package
/// (size, colour), at one shipping origin when Bandcamp reports quantities per origin. One row is exactly one item of
/// update_quantities, so rows pipe straight into Set-BandcampMerchQuantity and Set-BandcampMerchSku.
/// </summary>
public sealed class BandcampMerchItem
{
    public long BandId { get; init; }
    public long? MemberBandId { get; init; }
    public long PackageId { get; init; }

    /// <summary>Null for a package without options.</summary>
    public long? OptionId { get; init; }

    /// <summary>Null when Bandcamp reports no per-origin quantities for the package.</summary>
    public long? OriginId { get; init; }

    public string? ItemType { get; init; }
    public string? AlbumTitle { get; init; }
    public string Title { get; init; } = "";
    public string? OptionTitle { get; init; }

    /// <summary>The option's SKU for an option, the package's otherwise.</summary>
    public string? Sku { get; init; }

    public decimal? Price { get; init; }
    public string? Currency { get; init; }
    public bool? IsSetPrice { get; init; }

    /// <summary>Null: unlimited.</summary>
    public int? QuantityAvailable { get; init; }

    public int? QuantitySold { get; init; }

    /// <summary>The package's totals over every origin and option, for context.</summary>
    public int? PackageQuantityAvailable { get; init; }
    public int? PackageQuantitySold { get; init; }

    public string? Subdomain { get; init; }
    public string? Url { get; init; }
    public string? ImageUrl { get; init; }

    /// <summary>When the package was added (UTC).</summary>
    public DateTime? NewDate { get; init; }

    public bool IsUnlimited => QuantityAvailable is null;

    public override string ToString() =>
        $"{Title}{(OptionTitle is null ? "" : " / " + OptionTitle)} ({MerchIds.Describe(PackageId, OptionId, OriginId)})";
}

/// <summary>How messages name a merch item: by its ids only.</summary>
public static class MerchIds
{
    public static string Describe(long packageId, long? optionId, long? originId) =>
        (optionId is { } option ? $"package {packageId} option {option}" : $"package {packageId}")
        + (originId is { } origin ? $" origin {origin}" : "");
}
