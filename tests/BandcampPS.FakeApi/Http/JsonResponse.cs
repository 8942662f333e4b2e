using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace BandcampPS.FakeApi;

/// <summary>Small JSON answers, written by hand so no reflection-based serialisation is involved.</summary>
internal static class JsonResponse
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteAsync(HttpContext context, int status, Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = buffer.WrittenCount;
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }

    /// <summary>Bandcamp's general API error envelope: <c>{"error":true,"error_message":"…"}</c> (api.md 3).</summary>
    public static Task ApiErrorAsync(HttpContext context, int status, string message) =>
        WriteAsync(context, status, json =>
        {
            json.WriteBoolean("error", true);
            json.WriteString("error_message", message);
        });
}
