namespace BandcampPS.Engine.Merch;

/// <summary>
/// A new available quantity for one package or option at one origin (update_quantities), with the sold count it was
/// based on: Bandcamp refuses the change if more have been sold since, so a sale in between is never overwritten.
/// </summary>
public sealed class BandcampMerchQuantityChange
{
    public long BandId { get; init; }
    public long PackageId { get; init; }
    public long? OptionId { get; init; }
    public long? OriginId { get; init; }
    public string? Sku { get; init; }
    public string Title { get; init; } = "";

    /// <summary>The sold count sent with the change: the last one seen.</summary>
    public int QuantitySold { get; init; }

    /// <summary>The available quantity before (null: unlimited, or not known).</summary>
    public int? PreviousQuantityAvailable { get; init; }

    public int QuantityAvailable { get; init; }

    internal long Id => OptionId ?? PackageId;

    /// <summary>update_quantities' id_type: "o" for an option, "p" for a package.</summary>
    internal string IdType => OptionId is null ? "p" : "o";

    public override string ToString() => MerchIds.Describe(PackageId, OptionId, OriginId);
}

/// <summary>A new SKU for one package or option (update_sku).</summary>
public sealed class BandcampMerchSkuChange
{
    public long BandId { get; init; }
    public long PackageId { get; init; }
    public long? OptionId { get; init; }
    public string Title { get; init; } = "";
    public string? PreviousSku { get; init; }
    public string Sku { get; init; } = "";

    internal long Id => OptionId ?? PackageId;
    internal string IdType => OptionId is null ? "p" : "o";

    public override string ToString() => MerchIds.Describe(PackageId, OptionId, null);
}
