using System.Text.Json;

namespace BandcampPS.FakeApi.Tests;

public sealed class MyBandsTests
{
    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    public async Task My_bands_lists_the_label_with_members_and_a_plain_band_without_the_key(string body)
    {
        await using var server = await FakeBandcampServer.StartAsync(new FakeBandcampOptions());
        using var client = new FakeApiClient(server);
        var (access, _) = await client.GrantAsync();

        using var response = await client.PostApiAsync(Routes.MyBands, access, body);
        var bands = (await FakeApiClient.ReadJsonAsync(response)).GetProperty("bands").EnumerateArray().ToArray();

        Assert.Equal(2, bands.Length);
        var label = bands.Single(b => b.GetProperty("band_id").GetInt64() == FakeBands.LabelId);
        Assert.Equal("Example Label", label.GetProperty("name").GetString());
        Assert.Equal("examplelabel", label.GetProperty("subdomain").GetString());
        var members = label.GetProperty("member_bands").EnumerateArray().ToArray();
        Assert.Equal([FakeBands.FirstArtistId, FakeBands.SecondArtistId, FakeBands.LabelId],
            members.Select(m => m.GetProperty("band_id").GetInt64()));
        Assert.Equal("\u0421econd \u00C4rtist", members[1].GetProperty("name").GetString());

        var solo = bands.Single(b => b.GetProperty("band_id").GetInt64() == FakeBands.SoloBandId);
        Assert.False(solo.TryGetProperty("member_bands", out _));
        Assert.All(bands.Concat(members), b =>
        {
            Assert.Equal(JsonValueKind.Number, b.GetProperty("band_id").ValueKind);
            Assert.True(b.GetProperty("band_id").GetInt64() > int.MaxValue);
        });
    }
}
