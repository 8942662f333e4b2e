using System.Diagnostics;
using System.Globalization;
using BandcampPS.FakeApi;

namespace BandcampPS.Benchmarks;

/// <summary>
/// Phase 2e: the end-to-end import again, in the real pwsh a user runs (the PowerShell dotnet tool pinned in
/// .config/dotnet-tools.json, started as "dotnet pwsh" in the repository), running bench/pwsh-e2e.ps1. Its figure
/// is what a user sees; the hosted runspace's (phase 2) is PowerShell without its console host and profile-free
/// start-up. Null, with the reason printed, when the tool is not restored.
/// </summary>
internal static class PwshPhase
{
    public static IReadOnlyDictionary<string, double>? Run(string manifest, FakeBandcampServer server, BenchRange range, string database, string tokenCache)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoLayout.RepoRoot,
        };
        foreach (var argument in new[] { "pwsh", "-NoProfile", "-NonInteractive", "-File", Path.Combine(RepoLayout.RepoRoot, "bench", "pwsh-e2e.ps1") })
            start.ArgumentList.Add(argument);
        start.Environment["BANDCAMP_CLIENT_ID"] = server.Options.ClientId;
        start.Environment["BANDCAMP_CLIENT_SECRET"] = server.ClientSecret;
        start.Environment["BANDCAMP_BASE_URI"] = server.BaseUri.ToString();
        start.Environment["BANDCAMP_TOKEN_CACHE"] = tokenCache;
        start.Environment["BCPS_BENCH_MODULE"] = manifest;
        start.Environment["BCPS_BENCH_DATABASE"] = database;
        start.Environment["BCPS_BENCH_START"] = range.StartUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        start.Environment["BCPS_BENCH_END"] = range.EndUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

        using var child = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet pwsh.");
        var stderr = child.StandardError.ReadToEndAsync();
        var results = new Dictionary<string, double>(StringComparer.Ordinal);
        while (child.StandardOutput.ReadLine() is { } line)
        {
            if (!line.StartsWith("RESULT ", StringComparison.Ordinal)) continue;
            results[line[7..line.IndexOf('=')]] = double.Parse(line[(line.IndexOf('=') + 1)..], CultureInfo.InvariantCulture);
        }
        child.WaitForExit();
        if (child.ExitCode != 0)
        {
            Console.WriteLine($"2e. end to end in pwsh: skipped, 'dotnet pwsh' failed (exit code {child.ExitCode}; run 'dotnet tool restore' first): {stderr.Result.Trim()}");
            return null;
        }
        return results;
    }
}
