using System.Globalization;
using System.Text.Json;
using BandcampPS.Engine.Sales;

namespace BandcampPS.Engine.Merch;

/// <summary>
/// Reads the loosely typed fields of the merchorders answers (api.md 6): money and counts arrive as JSON numbers or
/// as numeric strings (JGW types get_orders' shipping and marketplace_tax as strings), absent and null mean "none".
/// Money is read from the token's text into decimal, never through a double.
/// </summary>
internal static class MerchJson
{
    /// <summary>
    /// The non-null field <paramref name="name"/>; a row that is not an object (a number, a list, null) has no fields,
    /// so it fails as "... is missing" like any other unreadable row instead of throwing past the row's error handling.
    /// </summary>
    public static bool TryGet(JsonElement item, string name, out JsonElement value)
    {
        value = default;
        return item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;
    }

    public static string? Text(JsonElement item, string name) =>
        !TryGet(item, name, out var v) ? null
        : v.ValueKind == JsonValueKind.String ? v.GetString()
        : v.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False ? v.GetRawText()
        : null;

    public static long? Long(JsonElement item, string name) =>
        !TryGet(item, name, out var v) ? null
        : v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n
        : v.ValueKind == JsonValueKind.String && long.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s
        : throw Invalid(name, v);

    public static int? Int(JsonElement item, string name) =>
        Long(item, name) is not { } n ? null
        : n is >= int.MinValue and <= int.MaxValue ? (int)n
        : throw new FormatException($"{name} {n} is out of range");

    public static decimal? Money(JsonElement item, string name)
    {
        if (!TryGet(item, name, out var v)) return null;
        var text = v.ValueKind switch
        {
            JsonValueKind.Number => v.GetRawText(),
            JsonValueKind.String => v.GetString()!.Trim(),
            _ => throw Invalid(name, v),
        };
        if (text.Length == 0) return null;
        return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : throw Invalid(name, v);
    }

    public static bool? Bool(JsonElement item, string name) =>
        !TryGet(item, name, out var v) ? null
        : v.ValueKind == JsonValueKind.True ? true
        : v.ValueKind == JsonValueKind.False ? false
        : v.ValueKind == JsonValueKind.Number ? v.GetRawText() != "0"
        : throw Invalid(name, v);

    /// <summary>A date in any form Bandcamp is known to send, as UTC (the form get_orders uses is not documented).</summary>
    public static DateTime? Date(JsonElement item, string name)
    {
        var text = Text(item, name);
        if (string.IsNullOrWhiteSpace(text)) return null;
        return BandcampDateParser.TryParse(text, out var utc) ? utc : throw new FormatException($"{name} '{text}' is not a date form Bandcamp is known to send");
    }

    /// <summary>The list under <paramref name="name"/>, or an error naming the method when the answer has none.</summary>
    public static JsonElement.ArrayEnumerator List(JsonElement root, string name, string method)
    {
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array)
            return list.EnumerateArray();
        throw new BandcampTransportException($"{method} answered without an '{name}' list.", method);
    }

    /// <summary>The optional list under <paramref name="name"/>: empty when absent or null.</summary>
    public static IEnumerable<JsonElement> OptionalList(JsonElement item, string name) =>
        TryGet(item, name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : [];

    private static FormatException Invalid(string name, JsonElement value) =>
        new($"{name} is {value.ValueKind} '{Shorten(value.GetRawText())}', not a number");

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "..." : text;
}
