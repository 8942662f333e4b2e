namespace BandcampPS.Engine.Merch;

/// <summary>A place merch ships from (get_shipping_origin_details): its id is what OriginId means everywhere else.</summary>
public sealed class BandcampShippingOrigin
{
    public long OriginId { get; init; }
    public long? BandId { get; init; }
    public string? CountryName { get; init; }
    public string? StateName { get; init; }
    public string? StateCode { get; init; }

    public override string ToString() =>
        $"Origin {OriginId}: {CountryName}{(StateName is null ? "" : ", " + StateName)}";
}
