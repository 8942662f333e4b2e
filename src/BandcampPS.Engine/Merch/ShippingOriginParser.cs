using System.Text.Json;

namespace BandcampPS.Engine.Merch;

/// <summary>Reads get_shipping_origin_details: <c>{"success": true, "shipping_origins": [...]}</c>.</summary>
public static class ShippingOriginParser
{
    public const string Method = "get_shipping_origin_details";

    public static IReadOnlyList<MerchRowResult<BandcampShippingOrigin>> Parse(JsonElement root)
    {
        var rows = new List<MerchRowResult<BandcampShippingOrigin>>();
        foreach (var origin in MerchJson.List(root, "shipping_origins", Method))
        {
            try
            {
                rows.Add(MerchRowResult<BandcampShippingOrigin>.Of(new BandcampShippingOrigin
                {
                    OriginId = MerchJson.Long(origin, "origin_id") ?? throw new FormatException("origin_id is missing"),
                    BandId = MerchJson.Long(origin, "band_id"),
                    CountryName = MerchJson.Text(origin, "country_name"),
                    StateName = MerchJson.Text(origin, "state_name"),
                    StateCode = MerchJson.Text(origin, "state_code"),
                }));
            }
            catch (FormatException ex)
            {
                rows.Add(MerchRowResult<BandcampShippingOrigin>.Failed("a shipping origin", Method, ex));
            }
        }
        return rows;
    }
}
