using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace BandcampPS.FakeApi;

/// <summary>
/// Streams <c>{"report":[…]}</c> straight into the response pipe, one row at a time, flushing every
/// few thousand rows: memory stays flat and the client sees the first rows long before the last are
/// built, as with a large real report.
/// </summary>
internal static class SalesReportJsonWriter
{
    public const int FlushEveryRows = 2000;
    private static readonly JsonEncodedText Report = JsonEncodedText.Encode("report");

    // Raw UTF-8 (no \u escapes) for non-ASCII text, so clients must really decode UTF-8.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Returns false when it stopped early because abortAfterRows was reached.</summary>
    public static async Task<bool> WriteAsync(PipeWriter output, IEnumerable<FakeSale> rows, ReportRowStyle style,
        int? abortAfterRows, Action<int> onRowsFlushed, CancellationToken ct)
    {
        await using var json = new Utf8JsonWriter(output, Options);
        json.WriteStartObject();
        json.WriteStartArray(Report);
        int written = 0, unflushed = 0;
        foreach (var sale in rows)
        {
            if (written == abortAfterRows)
            {
                await FlushAsync(json, output, unflushed, onRowsFlushed, ct);
                return false;
            }
            WriteRow(json, sale, style);
            written++;
            if (++unflushed == FlushEveryRows)
            {
                await FlushAsync(json, output, unflushed, onRowsFlushed, ct);
                unflushed = 0;
            }
        }
        json.WriteEndArray();
        json.WriteEndObject();
        await FlushAsync(json, output, unflushed, onRowsFlushed, ct);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void WriteRow(Utf8JsonWriter json, FakeSale sale, ReportRowStyle style)
    {
        json.WriteStartObject();
        var malformed = style.Malformed(sale);
        foreach (var field in FakeSaleFields.All)
        {
            if (malformed is { } kind && field.JsonName == "item_name")
            {
                WriteMalformed(json, field, kind, field.Text!(sale) ?? "");
                continue;
            }
            if (field.JsonName == "bandcamp_transaction_item_id" && !style.SendsItemId(sale))
            {
                json.WriteNull(field.EncodedName);
                continue;
            }
            switch (field.Kind)
            {
                case FakeSaleFieldKind.TransactionId:
                    var id = field.Text!(sale)!;
                    // A number, except the letter-prefixed payout ids, which Bandcamp sends as strings.
                    if (long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)) json.WriteNumber(field.EncodedName, number);
                    else json.WriteString(field.EncodedName, id);
                    break;
                case FakeSaleFieldKind.Date:
                    json.WriteString(field.EncodedName, style.Dates.For(sale));
                    break;
                case FakeSaleFieldKind.Integer:
                    if (field.Integer!(sale) is { } n) json.WriteNumber(field.EncodedName, n);
                    else json.WriteNull(field.EncodedName);
                    break;
                case FakeSaleFieldKind.Money:
                    if (field.Money!(sale) is { } m) json.WriteNumber(field.EncodedName, m);
                    else json.WriteNull(field.EncodedName);
                    break;
                default:
                    if (field.Text!(sale) is { } s) json.WriteString(field.EncodedName, s);
                    else json.WriteNull(field.EncodedName);
                    break;
            }
        }
        json.WriteEndObject();
    }

    private static void WriteMalformed(Utf8JsonWriter json, FakeSaleField field, MalformedRowKind kind, string text)
    {
        json.WritePropertyName(field.EncodedName);
        switch (kind)
        {
            case MalformedRowKind.ObjectInTextField:
                json.WriteStartObject();
                json.WriteString("text", text);
                json.WriteEndObject();
                break;
            case MalformedRowKind.ArrayInTextField:
                json.WriteStartArray();
                json.WriteStringValue(text);
                json.WriteEndArray();
                break;
            default:
                // Valid JSON text, but \ud800 alone decodes to no Unicode scalar value.
                json.WriteRawValue("\"Broken \\ud800 name\"", skipInputValidation: true);
                break;
        }
    }

    private static async Task FlushAsync(Utf8JsonWriter json, PipeWriter output, int rows, Action<int> onRowsFlushed, CancellationToken ct)
    {
        json.Flush();
        await output.FlushAsync(ct);
        onRowsFlushed(rows);
    }
}
