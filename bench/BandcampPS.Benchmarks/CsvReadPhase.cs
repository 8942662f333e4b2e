using System.Diagnostics;
using BandcampPS.Engine.Csv;
using BandcampPS.Engine.Sales;
using BandcampPS.FakeApi;

namespace BandcampPS.Benchmarks;

/// <summary>
/// Phase 6, the CSV export read by the engine (Get-BandcampSale -Path without PowerShell): a file of the fake's sales
/// in Bandcamp's own form (UTF-16LE with a BOM) of about <c>--csv-mb</c> megabytes, read clean, then with one quote that
/// is never closed right after the header: (b) in that file, whose quoted names close it again a few rows on, and (c)
/// in the same rows written without a single quote, where nothing closes it — the case that once swallowed the rest
/// of a 100 MB file into one field and took 719 MB. The managed heap is sampled after every row. Was a test's printout
/// (CsvThroughputTests), which never asserted it.
/// </summary>
internal static class CsvReadPhase
{
    private const int SampleEveryRows = 20_000;
    private const string UnclosedRow = "1/1/21 1:00PM,Bandcamp,album,\"Unclosed quote,broken row";

    public sealed record Read(long Sales, long Errors, TimeSpan Elapsed, long PeakHeapBytes, long PeakLiveHeapBytes);

    public sealed record Result(string File, long FileBytes, Read Clean, Read UnclosedQuote, Read UnclosedQuoteNothingCloses);

    public static Result Run(FakeSalesData data, string folder, int megabytes)
    {
        var clean = Path.Combine(folder, "export.csv");
        var damaged = Path.Combine(folder, "export-unclosed-quote.csv");
        var runaway = Path.Combine(folder, "export-without-quotes-unclosed-quote.csv");
        WriteExport(data, clean, megabytes * 1024L * 1024L);
        Rewrite(clean, damaged, withoutQuotes: false);
        Rewrite(clean, runaway, withoutQuotes: true);

        var result = new Result(clean, new FileInfo(clean).Length, Measure(clean), Measure(damaged), Measure(runaway));
        foreach (var read in new[] { result.UnclosedQuote, result.UnclosedQuoteNothingCloses })
        {
            if (read.Errors != 1 || read.Sales != result.Clean.Sales)
                throw new InvalidOperationException($"A file with one unclosed quote gave {read.Sales} sales and {read.Errors} errors; expected {result.Clean.Sales} and 1.");
        }
        return result;
    }

    /// <summary>The first <paramref name="count"/> sales of a file, for the phases that need sales in memory.</summary>
    public static List<BandcampSale> Sales(string path, int count) =>
        new BandcampCsvReader().Read(path).Where(r => r.IsSale).Select(r => r.Sale!).Take(count).ToList();

    /// <summary>The fake's sales, over and over, until the file is about <paramref name="bytes"/> long.</summary>
    private static void WriteExport(FakeSalesData data, string path, long bytes)
    {
        using var file = File.Create(path);
        FakeCsvExport.Write(file, Cycle(data).TakeWhile(_ => file.Position < bytes));
    }

    private static IEnumerable<FakeSale> Cycle(FakeSalesData data)
    {
        for (var i = 0; ; i = (i + 1) % data.Count) yield return data.Get(i);
    }

    /// <summary>
    /// The same rows with the unclosed-quote row after the header; <paramref name="withoutQuotes"/> writes every field
    /// unquoted, its commas, quotes and line breaks replaced, so no later quote can close the open one.
    /// </summary>
    private static void Rewrite(string source, string destination, bool withoutQuotes)
    {
        using var reader = new StreamReader(source, detectEncodingFromByteOrderMarks: true);
        using var writer = new StreamWriter(destination, append: false, FakeCsvExport.DefaultEncoding);
        var records = new CsvRecordReader(reader);
        var fields = new List<string>();
        for (var first = true; records.Read(); first = false)
        {
            fields.Clear();
            for (var i = 0; i < records.Count; i++)
                fields.Add(withoutQuotes ? Unquotable(records[i]) : Quoted(records[i]));
            writer.Write(string.Join(',', fields));
            writer.Write("\r\n");
            if (first) writer.Write(UnclosedRow + "\r\n");
        }
    }

    private static string Unquotable(string value) =>
        value.Replace(',', ';').Replace('"', '\'').Replace('\r', ' ').Replace('\n', ' ');

    private static string Quoted(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";

    /// <summary>
    /// Reads the file, sampling the managed heap after every row: its size with the garbage not yet collected (what
    /// the process must hold) and, every <see cref="SampleEveryRows"/> rows, what is still live after a full collection.
    /// </summary>
    private static Read Measure(string path)
    {
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long sales = 0, errors = 0, peakHeap = 0, peakLive = 0;
        var clock = Stopwatch.StartNew();
        foreach (var row in new BandcampCsvReader().Read(path))
        {
            if (row.IsSale) sales++;
            else errors++;
            peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(forceFullCollection: false) - baseline);
            if ((sales + errors) % SampleEveryRows == 0) peakLive = Math.Max(peakLive, GC.GetTotalMemory(forceFullCollection: true) - baseline);
        }
        clock.Stop();
        return new Read(sales, errors, clock.Elapsed, peakHeap, peakLive);
    }
}
