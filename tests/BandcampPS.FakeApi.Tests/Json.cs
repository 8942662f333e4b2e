using System.Globalization;
using System.Text.Json;

namespace BandcampPS.FakeApi.Tests;

internal static class Json
{
    public static JsonElement[] Rows(JsonElement answer) => answer.GetProperty("report").EnumerateArray().ToArray();

    public static long ItemId(JsonElement row) => row.GetProperty("bandcamp_transaction_item_id").GetInt64();

    public static string TransactionId(JsonElement row)
    {
        var id = row.GetProperty("bandcamp_transaction_id");
        return id.ValueKind == JsonValueKind.String ? id.GetString()! : id.GetRawText();
    }

    public static decimal? Money(JsonElement row, string name) =>
        row.GetProperty(name) is { ValueKind: JsonValueKind.Number } n ? n.GetDecimal() : null;

    public static DateTime Date(JsonElement row) => DateTime.ParseExact(row.GetProperty("date").GetString()!,
        BandcampDates.ApiFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    public static void AssertApiError(JsonElement answer, string messagePart)
    {
        Assert.True(answer.GetProperty("error").GetBoolean(), answer.ToString());
        Assert.Contains(messagePart, answer.GetProperty("error_message").GetString(), StringComparison.OrdinalIgnoreCase);
    }
}
