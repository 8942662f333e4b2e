using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace BandcampPS.FakeApi;

/// <summary>Reads an API call's JSON body; an empty body counts as <c>{}</c> (my_bands is called that way).</summary>
internal static class RequestJson
{
    private const int MaxBodyBytes = 64 * 1024;

    public static async Task<(JsonDocument? Body, string? Error)> ReadObjectAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        if (buffer.Length > MaxBodyBytes) return (null, "Request body too large");
        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (bytes.Span.Trim(" \t\r\n"u8).IsEmpty) return (JsonDocument.Parse("{}"), null);
        try
        {
            var document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind == JsonValueKind.Object) return (document, null);
            document.Dispose();
            return (null, "Request body must be a JSON object");
        }
        catch (JsonException)
        {
            return (null, "Request body is not valid JSON");
        }
    }
}
