using System.Globalization;
using BandcampPS.Benchmarks;
using BandcampPS.FakeApi;

// dotnet run -c Release --project bench/BandcampPS.Benchmarks -- --sales 1000000
// Starts the fake Bandcamp API on loopback with N deterministic sales and measures each phase in a fresh SQLite
// file; prints one line per figure and ends with a single machine-readable BENCH line.
BenchOptions options;
string manifest;
try
{
    options = BenchOptions.Parse(args);
    manifest = RepoLayout.ModuleManifest(options);
}
catch (Exception ex) when (ex is ArgumentException or FileNotFoundException or InvalidOperationException)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

var work = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"bcps-bench-{Guid.NewGuid():N}")).FullName;
try
{
    var serverOptions = new FakeBandcampOptions { SaleCount = options.Sales, Seed = options.Seed };
    await using var server = await FakeBandcampServer.StartAsync(serverOptions);
    var range = BenchRange.Of(serverOptions);
    var report = new BenchReport(options.Sales);
    Console.WriteLine($"BandcampPS benchmark: {options.Sales:N0} sales (seed {options.Seed}), {Environment.ProcessorCount} cores, {RepoLayout.Configuration} build, fake API at {server.BaseUri}");
    var moduleDll = Path.Combine(Path.GetDirectoryName(manifest)!, "BandcampPS.dll");
    var moduleConfiguration = ModuleBuild.ConfigurationOf(moduleDll);
    Console.WriteLine($"module: {manifest} ({moduleConfiguration} build of {File.GetLastWriteTimeUtc(moduleDll):u})");
    if (moduleConfiguration != "Release")
        Console.WriteLine("WARNING: the module is not a Release build; rebuild with 'dotnet build src/BandcampPS -c Release' for figures worth comparing.");
    Console.WriteLine($"work folder: {work}");

    var tokenCache = Path.Combine(work, "tokens");
    var raw = await RawReportPhase.RunAsync(server, range, tokenCache);
    report.Rate("server_rows_per_s", Invariant($"0. fake API alone (every chunk read over loopback HTTP, not parsed; {raw.Bytes / 1048576.0:N0} MB)"), options.Sales, raw.FetchElapsed.TotalSeconds);
    report.Rate("parse_rows_per_s", "1. parse only (engine: recorded report bodies in memory -> BandcampSale, no HTTP, no PowerShell)", raw.ParsedRows, raw.ParseElapsed.TotalSeconds);
    var parse = await ParsePhase.RunAsync(server, range, Math.Min(options.Sales, options.BaselineRows), tokenCache);
    report.Rate("engine_rows_per_s", "1b. engine over HTTP (fake API -> loopback -> BandcampSale, no PowerShell)", parse.Rows, parse.Elapsed.TotalSeconds);

    var engineImport = await EngineImportPhase.RunAsync(server, range, Path.Combine(work, "engine.db"), tokenCache);
    report.Rate("engine_import_rows_per_s", "2b. engine import alone (report stream -> RevenueImporter -> new SQLite file, no PowerShell)", engineImport.Rows, engineImport.Elapsed.TotalSeconds);
    Console.WriteLine(Invariant($"   of which mapping sales to rows {engineImport.Mapping.TotalSeconds:0.00} s, writing batches (validate, hash, SQLite) {engineImport.Writing.TotalSeconds:0.00} s, reading the report the rest"));
    Console.WriteLine(Invariant($"   SQLite's own memory high-water mark during that import: {engineImport.SqliteHighWaterBytes / 1048576.0:0} MB (the import's page cache is capped at 16 MiB)"));

    var module = ModulePhases.Run(manifest, server, range, Path.Combine(work, "e2e.db"), tokenCache);
    report.ModuleResults(module);
    report.PwshResults(PwshPhase.Run(manifest, server, range, Path.Combine(work, "pwsh-e2e.db"), tokenCache));

    var baseline = await BaselinePhase.RunAsync(parse.Kept, Path.Combine(work, "baseline.db"));
    report.Baseline(baseline, options.Sales);

    var csv = CsvReadPhase.Run(server.Sales, work, options.CsvMegabytes);
    report.CsvRead(csv);
    var reconciled = ReconcilePhase.Run(CsvReadPhase.Sales(csv.File, options.Sales), CsvReadPhase.Sales(csv.File, options.Sales));
    report.Rate("reconcile_rows_per_s", Invariant($"7. reconcile (engine, what Compare-BandcampRevenue runs): {reconciled.Sales:N0} sales against the same {reconciled.Sales:N0}"), reconciled.Sales, reconciled.Elapsed.TotalSeconds);
    var conversion = ConversionPhase.Run();
    report.Rate("convert_per_s", "8a. currency conversion, random days and currencies (ECB-history-sized table)", conversion.Conversions, conversion.Shuffled.TotalSeconds);
    report.Rate("convert_grouped_per_s", "8b. currency conversion, grouped by day and currency as a report arrives", conversion.Conversions, conversion.Grouped.TotalSeconds);

    Console.WriteLine(report.BenchLine());

    // Each stage beside its floor, and the backfill under latency: their own lines, after the BENCH line.
    var stages = new List<StageFloorsPhase.Stage>(await StageFloorsPhase.RunAsync(raw.Recorded, work));
    stages.Add(await HopPhase.RunAsync(manifest, server, range, tokenCache));
    var backfill = await BackfillPhase.RunAsync(TimeSpan.FromMilliseconds(options.BackfillDelayMs), 20_000, options.BackfillRateLimit, work);
    FloorReport.Print(options.Sales, stages, backfill, TimeSpan.FromMilliseconds(options.BackfillDelayMs), options.BackfillRateLimit);
    return 0;
}
catch (Exception ex)
{
    Console.Error.WriteLine("The benchmark failed: " + ex);
    return 1;
}
finally
{
    if (!options.Keep) TryDelete(work);
}

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

static void TryDelete(string folder)
{
    try { Directory.Delete(folder, recursive: true); }
    catch (IOException ex) { Console.Error.WriteLine($"Could not delete {folder}: {ex.Message}"); }
}
