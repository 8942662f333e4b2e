using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace BandcampPS.FakeApi;

/// <summary>
/// POST /api/account/1/my_bands (api.md 4): the label with its member_bands (itself among them, as
/// seen live) and a plain band that has no member_bands key at all.
/// </summary>
internal sealed class MyBandsEndpoint(FakeServerState state)
{
    public async Task HandleAsync(HttpContext context)
    {
        var (body, error) = await RequestJson.ReadObjectAsync(context);
        using var _ = body;
        if (error is not null)
        {
            await JsonResponse.ApiErrorAsync(context, state.Options.ApiErrorStatusCode, error);
            return;
        }
        await JsonResponse.WriteAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartArray("bands");
            json.WriteStartObject();
            WriteBand(json, FakeBands.LabelId, FakeBands.LabelName, FakeBands.LabelSubdomain);
            json.WriteStartArray("member_bands");
            WriteMember(json, FakeBands.FirstArtistId, FakeBands.FirstArtistName, FakeBands.FirstArtistSubdomain);
            WriteMember(json, FakeBands.SecondArtistId, FakeBands.SecondArtistName, FakeBands.SecondArtistSubdomain);
            WriteMember(json, FakeBands.LabelId, FakeBands.LabelName, FakeBands.LabelSubdomain);
            json.WriteEndArray();
            json.WriteEndObject();
            WriteMember(json, FakeBands.SoloBandId, FakeBands.SoloBandName, FakeBands.SoloBandSubdomain);
            json.WriteEndArray();
        });
    }

    private static void WriteMember(Utf8JsonWriter json, long id, string name, string subdomain)
    {
        json.WriteStartObject();
        WriteBand(json, id, name, subdomain);
        json.WriteEndObject();
    }

    private static void WriteBand(Utf8JsonWriter json, long id, string name, string subdomain)
    {
        json.WriteNumber("band_id", id);
        json.WriteString("name", name);
        json.WriteString("subdomain", subdomain);
    }
}
