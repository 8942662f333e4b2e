using System.Globalization;
using System.Text.Json;

namespace BandcampPS.Engine.Api;

/// <summary>
/// The one way request bodies are built for every API module (sales, merchorders): a compact JSON object, and times
/// in the form Bandcamp's start_time/end_time take.
/// </summary>
internal static class ApiRequestBody
{
    /// <summary>A JSON object holding the properties <paramref name="writeProperties"/> writes.</summary>
    public static byte[] Object(Action<Utf8JsonWriter> writeProperties)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            writeProperties(json);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>Times go as "yyyy-MM-dd HH:mm:ss" UTC, the form the documentation uses.</summary>
    public static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
