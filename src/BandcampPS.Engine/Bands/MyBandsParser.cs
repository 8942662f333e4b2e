using System.Text.Json;

namespace BandcampPS.Engine.Bands;

/// <summary>Reads my_bands: a label carries member_bands (which may include the label itself); a plain band does not.</summary>
public static class MyBandsParser
{
    public static IReadOnlyList<BandcampBand> Parse(JsonElement root, bool includeMemberBands)
    {
        if (!root.TryGetProperty("bands", out var bands) || bands.ValueKind != JsonValueKind.Array)
            throw new BandcampTransportException("my_bands answered without a 'bands' list.", "my_bands");

        var result = new List<BandcampBand>();
        foreach (var band in bands.EnumerateArray())
        {
            var bandId = band.GetProperty("band_id").GetInt64();
            var name = band.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "";
            var members = band.TryGetProperty("member_bands", out var m) && m.ValueKind == JsonValueKind.Array
                // A label may list itself among its members; it is not its own artist.
                ? m.EnumerateArray().Where(member => member.GetProperty("band_id").GetInt64() != bandId).ToList()
                : [];
            result.Add(new BandcampBand
            {
                BandId = bandId,
                Name = name,
                Subdomain = band.TryGetProperty("subdomain", out var s) ? s.GetString() : null,
                IsLabel = members.Count > 0,
                MemberCount = members.Count,
            });
            if (!includeMemberBands) continue;
            foreach (var member in members)
            {
                result.Add(new BandcampBand
                {
                    BandId = bandId,
                    MemberBandId = member.GetProperty("band_id").GetInt64(),
                    Name = member.TryGetProperty("name", out var mn) ? mn.GetString() ?? "" : "",
                    Subdomain = member.TryGetProperty("subdomain", out var ms) ? ms.GetString() : null,
                    LabelName = name,
                });
            }
        }
        return result;
    }
}
