using System.Diagnostics;
using System.Reflection;

namespace BandcampPS.Module.Tests;

/// <summary>
/// The benchmark program still runs end to end (fake API, built module, baseline, the pwsh phase) and prints its BENCH line with
/// every key. Timings are never asserted: they depend on the machine and on whatever else runs on it.
/// </summary>
public sealed class BenchmarkSmokeTests
{
    private static readonly string[] Keys =
        ["sales", "parse_rows_per_s", "e2e_rows_per_s", "reimport_rows_per_s", "baseline_rows_per_s", "speedup_vs_baseline", "peak_mb", "import_module_ms",
         "pwsh_e2e_rows_per_s", "pwsh_peak_mb", "pwsh_import_module_ms"];

    [Fact]
    public void The_benchmark_prints_every_figure_for_1000_sales()
    {
        // A short answer delay and a loose request limit keep the backfill phase quick; its figures are not checked.
        var (exitCode, output, errors) = RunBenchmark("--sales", "1000", "--csv-mb", "1", "--backfill-delay-ms", "10", "--backfill-rate-limit", "100");

        Assert.True(exitCode == 0, $"exit code {exitCode}\n{output}\n{errors}");
        var bench = output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("BENCH ", StringComparison.Ordinal));
        var figures = bench["BENCH ".Length..].Split(' ').Select(pair => pair.Split('=')).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal(Keys, figures.Keys);
        Assert.Equal("1000", figures["sales"]);
        Assert.All(figures.Values, value => Assert.True(double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out _), bench));

        // Every stage beside its floor, and the backfill: their own lines, every figure a number.
        foreach (var (line, keys) in new[] { ("FLOORS ", FloorKeys), ("BACKFILL ", BackfillKeys) })
        {
            var text = output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith(line, StringComparison.Ordinal));
            var pairs = text[line.Length..].Split(' ').Select(pair => pair.Split('=')).ToDictionary(p => p[0], p => p[1]);
            Assert.Equal(keys, pairs.Keys);
            Assert.All(pairs.Values, value => Assert.True(double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out _), text));
        }
    }

    private static readonly string[] FloorKeys =
    [
        "sales", "parse_us", "parse_floor_us", "parse_ratio", "map_us", "map_floor_us", "map_ratio",
        "sqlite_us", "sqlite_floor_us", "sqlite_ratio", "hop_us", "hop_floor_us", "hop_ratio",
    ];

    private static readonly string[] BackfillKeys =
        ["delay_ms", "chunks", "sequential_s", "default_s", "ratio", "storm_limit_per_s", "storm_s", "storm_429", "storm_gaps", "storm_complete"];

    [Fact]
    public void A_missing_module_is_a_clear_error()
    {
        var (exitCode, _, errors) = RunBenchmark("--sales", "10", "--module", Path.Combine(Path.GetTempPath(), "no-such-folder", "BandcampPS.psd1"));

        Assert.Equal(2, exitCode);
        Assert.Contains("The built module is missing", errors);
    }

    private static (int ExitCode, string Output, string Errors) RunBenchmark(params string[] arguments)
    {
        // Built by this project's reference to it, in the same configuration as these tests.
        var configuration = typeof(BenchmarkSmokeTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var program = Path.Combine(PowerShellHost.RepoRoot, "bench", "BandcampPS.Benchmarks", "bin", configuration, "net10.0", "BandcampPS.Benchmarks.dll");
        Assert.True(File.Exists(program), $"{program} is not built");

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(program);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit(); // its output has ended, so it has (nearly) exited: no time limit to guess
        return (process.ExitCode, output, errors.Result);
    }
}
