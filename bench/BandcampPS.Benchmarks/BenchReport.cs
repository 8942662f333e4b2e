using System.Globalization;
using System.Text;

namespace BandcampPS.Benchmarks;

/// <summary>Prints one human line per figure as it is measured and collects the keys of the final BENCH line.</summary>
internal sealed class BenchReport(int sales)
{
    // The BENCH line's keys, in order; a figure not measured prints as "n/a" rather than vanish.
    private static readonly string[] Keys =
        ["parse_rows_per_s", "e2e_rows_per_s", "reimport_rows_per_s", "baseline_rows_per_s", "speedup_vs_baseline", "peak_mb", "import_module_ms",
         "pwsh_e2e_rows_per_s", "pwsh_peak_mb", "pwsh_import_module_ms"];

    private readonly Dictionary<string, double> _figures = new(StringComparer.Ordinal);

    public void Rate(string key, string label, double rows, double seconds)
    {
        var rate = rows / Math.Max(seconds, 1e-9);
        _figures[key] = rate;
        Console.WriteLine(Invariant($"{label}: {rows:N0} rows in {seconds:0.00} s = {rate:N0} rows/s"));
    }

    public void ModuleResults(IReadOnlyDictionary<string, double> r)
    {
        _figures["import_module_ms"] = r["import_module_ms"];
        Console.WriteLine(Invariant($"5. Import-Module of the built module in a fresh runspace of a fresh process: {r["import_module_ms"]:0} ms"));

        Rate("e2e_rows_per_s", "2. end to end (hosted runspace: Get-BandcampBand | Get-BandcampSale | Import-BandcampRevenue, new SQLite file)", r["e2e_received"], r["e2e_seconds"]);
        Console.WriteLine(Invariant($"   e2e wall time {r["e2e_seconds"]:0.00} s, {r["e2e_cpu_seconds"]:0.00} CPU s in the PowerShell process ({1e6 * r["e2e_cpu_seconds"] / r["e2e_received"]:0.0} µs/row); {r["e2e_inserted"]:N0} inserted, {r["e2e_failed"]:N0} failed; peak working set of the PowerShell process after e2e: {r["e2e_peak_mb"]:0} MB (managed heap at most {r["e2e_peak_heap_mb"]:0} MB)"));
        Rate("reimport_rows_per_s", "3. re-import of the same range (every row already present)", r["reimport_received"], r["reimport_seconds"]);
        Console.WriteLine(Invariant($"   {r["reimport_cpu_seconds"]:0.00} CPU s ({1e6 * r["reimport_cpu_seconds"] / r["reimport_received"]:0.0} µs/row); {r["reimport_alreadypresent"]:N0} already present, {r["reimport_inserted"]:N0} inserted, {r["reimport_updated"]:N0} updated; peak working set after re-import: {r["reimport_peak_mb"]:0} MB (managed heap at most {r["reimport_peak_heap_mb"]:0} MB)"));
        Rate("stream_rows_per_s", "2c. streaming only (hosted runspace: Get-BandcampBand | Get-BandcampSale | Out-Null, nothing stored)", sales, r["stream_seconds"]);
        // The process's high-water mark over both imports (VmHWM on Linux): the figure the memory target is about.
        _figures["peak_mb"] = Math.Max(r["e2e_peak_mb"], r["reimport_peak_mb"]);

        if (r["e2e_received"] != sales || r["e2e_inserted"] != sales || r["reimport_alreadypresent"] != sales)
            throw new InvalidOperationException(Invariant($"Expected {sales} sales received, inserted, then already present; got {r["e2e_received"]}, {r["e2e_inserted"]}, {r["reimport_alreadypresent"]}."));
    }

    public void PwshResults(IReadOnlyDictionary<string, double>? r)
    {
        if (r is null) return;
        Rate("pwsh_e2e_rows_per_s", "2e. end to end in pwsh (the dotnet tool, bench/pwsh-e2e.ps1: the same pipeline as a user types it, new SQLite file)", r["pwsh_e2e_received"], r["pwsh_e2e_seconds"]);
        Console.WriteLine(Invariant($"   {r["pwsh_e2e_cpu_seconds"]:0.00} CPU s in pwsh ({1e6 * r["pwsh_e2e_cpu_seconds"] / r["pwsh_e2e_received"]:0.0} µs/row); {r["pwsh_e2e_inserted"]:N0} inserted; peak working set of pwsh: {r["pwsh_e2e_peak_mb"]:0} MB; Import-Module in pwsh: {r["pwsh_import_module_ms"]:0} ms"));
        _figures["pwsh_peak_mb"] = r["pwsh_e2e_peak_mb"];
        _figures["pwsh_import_module_ms"] = r["pwsh_import_module_ms"];
        if (r["pwsh_e2e_received"] != sales || r["pwsh_e2e_inserted"] != sales)
            throw new InvalidOperationException(Invariant($"Expected {sales} sales received and inserted in pwsh; got {r["pwsh_e2e_received"]}, {r["pwsh_e2e_inserted"]}."));
    }

    public void Baseline(BaselinePhase.Result baseline, int sales)
    {
        var subset = baseline.Rows < sales ? Invariant($" (on the first {baseline.Rows:N0} of {sales:N0} sales; rows/s extrapolated to all)") : "";
        Rate("baseline_rows_per_s", "4. baseline: one autocommitted SELECT then INSERT per row, new command each, no batching" + subset, baseline.Rows, baseline.Elapsed.TotalSeconds);
        if (baseline.Inserted != baseline.Rows)
            throw new InvalidOperationException($"The baseline inserted {baseline.Inserted} of {baseline.Rows} rows.");
        _figures["speedup_vs_baseline"] = _figures["e2e_rows_per_s"] / _figures["baseline_rows_per_s"];
        Console.WriteLine(Invariant($"   end to end is {_figures["speedup_vs_baseline"]:0.0}x the baseline"));
    }

    public void CsvRead(CsvReadPhase.Result csv)
    {
        var size = Invariant($"{csv.FileBytes / 1048576.0:0} MB UTF-16LE file");
        Rate("csv_rows_per_s", $"6. CSV export read (engine, Get-BandcampSale -Path without PowerShell; {size})", csv.Clean.Sales, csv.Clean.Elapsed.TotalSeconds);
        Heap(csv.Clean);
        Rate("csv_unclosed_quote_rows_per_s", "6b. the same with a quote never closed right after the header, closed again by a later quoted name (1 error)", csv.UnclosedQuote.Sales, csv.UnclosedQuote.Elapsed.TotalSeconds);
        Heap(csv.UnclosedQuote);
        Rate("csv_runaway_quote_rows_per_s", "6c. the same rows without a single quote, so nothing closes it: cut at the 64 K row limit (1 error)", csv.UnclosedQuoteNothingCloses.Sales, csv.UnclosedQuoteNothingCloses.Elapsed.TotalSeconds);
        Heap(csv.UnclosedQuoteNothingCloses);
    }

    private static void Heap(CsvReadPhase.Read read) => Console.WriteLine(Invariant(
        $"   managed heap at most {read.PeakHeapBytes / 1048576.0:0} MB above the start, uncollected garbage included ({read.PeakLiveHeapBytes / 1048576.0:0.0} MB live)"));

    public string BenchLine()
    {
        var line = new StringBuilder(Invariant($"BENCH sales={sales}"));
        foreach (var key in Keys)
            line.Append(' ').Append(key).Append('=').Append(_figures.TryGetValue(key, out var v) ? Format(key, v) : "n/a");
        return line.ToString();
    }

    private static string Format(string key, double value) =>
        key is "speedup_vs_baseline" ? Invariant($"{value:0.0}") : Invariant($"{value:0}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
