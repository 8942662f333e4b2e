using System.Globalization;
using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace BandcampPS.FakeApi;

/// <summary>
/// Two files a script test needs besides the API, served on the control prefix so a second process (Pester in a
/// real pwsh) gets them by URL: the label's hand-downloaded sales CSV, and an ECB rate history covering every
/// currency and day of the fake's sales (a stand-in for the ECB or a company mirror of it).
/// </summary>
internal static class FakeDownloads
{
    /// <summary>Rates from here back to <see cref="RatesFrom"/>, one row per weekday, newest first as the ECB writes them.</summary>
    public static readonly DateOnly RatesUntil = new(2031, 1, 1);
    public static readonly DateOnly RatesFrom = new(2015, 1, 1);

    /// <summary>Units per euro, constant so a test can work out every conversion by hand (1 USD = 0.80 EUR).</summary>
    public static readonly IReadOnlyList<(string Currency, string UnitsPerEuro)> Rates =
    [
        ("USD", "1.25"), ("JPY", "160"), ("GBP", "0.80"), ("CAD", "1.50"), ("AUD", "1.60"),
    ];

    /// <summary>GET /_fake/csv-export?band_id=N: every sale of that band as the web export (UTF-16 with BOM).</summary>
    public static async Task WriteCsvExportAsync(HttpContext context, FakeServerState state, long bandId)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/csv";
        await FakeCsvExport.WriteAsync(context.Response.Body, state.Sales.InRange(bandId, null, DateTime.MinValue, DateTime.MaxValue),
            ct: context.RequestAborted);
    }

    /// <summary>GET /_fake/ecb/eurofxref-hist.zip: the ECB's layout, eurofxref-hist.csv inside a zip.</summary>
    public static async Task WriteEcbZipAsync(HttpContext context)
    {
        var zip = EcbZip();
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/zip";
        context.Response.ContentLength = zip.Length;
        await context.Response.Body.WriteAsync(zip, context.RequestAborted);
    }

    public static byte[] EcbZip()
    {
        var csv = new StringBuilder("Date,").AppendJoin(',', Rates.Select(r => r.Currency)).Append(",\n");
        for (var day = RatesUntil; day >= RatesFrom; day = day.AddDays(-1))
        {
            if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) continue;
            csv.Append(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(',')
               .AppendJoin(',', Rates.Select(r => r.UnitsPerEuro)).Append(",\n");
        }
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var entry = archive.CreateEntry("eurofxref-hist.csv");
            entry.LastWriteTime = new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero); // same bytes every time
            using var writer = new StreamWriter(entry.Open(), new UTF8Encoding(false));
            writer.Write(csv);
        }
        return buffer.ToArray();
    }
}
