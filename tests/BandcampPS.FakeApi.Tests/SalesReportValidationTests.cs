using System.Net;

namespace BandcampPS.FakeApi.Tests;

/// <summary>Bad input answers {error:true, error_message} — with HTTP 200 by default, like Bandcamp.</summary>
public sealed class SalesReportValidationTests
{
    [Theory]
    [InlineData("{\"start_time\":\"2021-01-01\"}", "band_id")]
    [InlineData("{\"band_id\":3000000002,\"start_time\":\"2021-01-01\"}", "access")]
    [InlineData("{\"band_id\":12345,\"start_time\":\"2021-01-01\"}", "access")]
    [InlineData("{\"band_id\":3000000010,\"member_band_id\":3000000002,\"start_time\":\"2021-01-01\"}", "not a member")]
    [InlineData("{\"band_id\":3000000001}", "start_time")]
    [InlineData("{\"band_id\":3000000001,\"start_time\":\"01/02/2021\"}", "start_time")]
    [InlineData("{\"band_id\":3000000001,\"start_time\":\"2021-01-01\",\"end_time\":\"next week\"}", "end_time")]
    [InlineData("{\"band_id\":3000000001,\"start_time\":\"2021-01-01\",\"format\":\"csv\"}", "generate_sales_report")]
    [InlineData("[1,2]", "JSON object")]
    [InlineData("{\"band_id\":", "JSON")]
    public async Task Bad_input_is_an_error_envelope_with_http_200(string body, string messagePart)
    {
        await using var server = await FakeBandcampServer.StartAsync(new FakeBandcampOptions());
        using var client = new FakeApiClient(server);
        var (access, _) = await client.GrantAsync();

        using var response = await client.PostApiAsync(Routes.SalesReport, access, body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Json.AssertApiError(await FakeApiClient.ReadJsonAsync(response), messagePart);
    }

    [Fact]
    public async Task The_status_of_api_errors_is_configurable()
    {
        await using var server = await FakeBandcampServer.StartAsync(new FakeBandcampOptions { ApiErrorStatusCode = 400 });
        using var client = new FakeApiClient(server);
        var (access, _) = await client.GrantAsync();

        using var response = await client.PostApiAsync(Routes.SalesReport, access, "{}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Json.AssertApiError(await FakeApiClient.ReadJsonAsync(response), "band_id");
    }
}
