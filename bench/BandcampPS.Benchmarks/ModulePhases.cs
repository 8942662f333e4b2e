using System.Diagnostics;
using System.Globalization;
using BandcampPS.FakeApi;

namespace BandcampPS.Benchmarks;

/// <summary>
/// Phases 2, 2c, 3 and 5 in a child process (BandcampPS.Benchmarks.ModuleHost): Import-Module of the built module in a
/// fresh runspace, then Connect-Bandcamp; Get-BandcampBand | Get-BandcampSale | Import-BandcampRevenue into a new
/// SQLite file, then the same again (every row already present). The child's peak working set is PowerShell and
/// the module only: the fake server runs here, in the parent.
/// </summary>
internal static class ModulePhases
{
    public static IReadOnlyDictionary<string, double> Run(string manifest, FakeBandcampServer server, BenchRange range, string database, string tokenCache)
    {
        var host = RepoLayout.ModuleHost();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "exec", host, manifest, database, Iso(range.StartUtc), Iso(range.EndUtc) })
            start.ArgumentList.Add(argument);
        // Connect-Bandcamp reads these, as in a scheduled job; the secret never goes on a command line.
        start.Environment["BANDCAMP_CLIENT_ID"] = server.Options.ClientId;
        start.Environment["BANDCAMP_CLIENT_SECRET"] = server.ClientSecret;
        start.Environment["BANDCAMP_BASE_URI"] = server.BaseUri.ToString();
        start.Environment["BANDCAMP_TOKEN_CACHE"] = tokenCache;

        using var child = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + host);
        var stderr = child.StandardError.ReadToEndAsync();
        var results = new Dictionary<string, double>(StringComparer.Ordinal);
        while (child.StandardOutput.ReadLine() is { } line)
        {
            if (!line.StartsWith("RESULT ", StringComparison.Ordinal)) continue;
            var (key, value) = (line[7..line.IndexOf('=')], line[(line.IndexOf('=') + 1)..]);
            results[key] = double.Parse(value, CultureInfo.InvariantCulture);
        }
        child.WaitForExit();
        if (child.ExitCode != 0)
            throw new InvalidOperationException($"The module phases failed (exit code {child.ExitCode}):{Environment.NewLine}{stderr.Result}");
        return results;
    }

    // Without a zone, as a user types it: the module takes it as UTC.
    private static string Iso(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
