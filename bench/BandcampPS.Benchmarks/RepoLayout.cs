using System.Reflection;

namespace BandcampPS.Benchmarks;

/// <summary>Where the built module and the benchmark's child program are, with a clear message when they are not.</summary>
internal static class RepoLayout
{
    public const string ModuleHostName = "BandcampPS.Benchmarks.ModuleHost";

    /// <summary>Debug or Release: the benchmark runs its child program built the same way.</summary>
    public static string Configuration { get; } =
        typeof(RepoLayout).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string ModuleManifest(BenchOptions options)
    {
        var manifest = Path.GetFullPath(options.Module ?? Path.Combine(RepoRoot, "out", "BandcampPS", "BandcampPS.psd1"));
        if (!File.Exists(manifest) || !File.Exists(Path.Combine(Path.GetDirectoryName(manifest)!, "BandcampPS.dll")))
        {
            throw new FileNotFoundException(
                $"The built module is missing: {manifest} (with BandcampPS.dll beside it). Build it with " +
                $"'dotnet build src/BandcampPS -c {Configuration}' (dotnet run of this project builds it too), or pass --module <path to BandcampPS.psd1>.");
        }
        return manifest;
    }

    /// <summary>bench/BandcampPS.Benchmarks.ModuleHost/bin/&lt;Configuration&gt;/net10.0/BandcampPS.Benchmarks.ModuleHost.dll</summary>
    public static string ModuleHost()
    {
        var bin = Path.Combine(RepoRoot, "bench", ModuleHostName, "bin", Configuration);
        var dll = Directory.Exists(bin)
            ? Directory.EnumerateFiles(bin, ModuleHostName + ".dll", SearchOption.AllDirectories).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault()
            : null;
        return dll ?? throw new FileNotFoundException(
            $"The benchmark's child program is not built under {bin}. Run 'dotnet build bench/BandcampPS.Benchmarks -c {Configuration}'.");
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "BandcampPS.sln"))) return dir.FullName;
        throw new InvalidOperationException($"BandcampPS.sln not found above {AppContext.BaseDirectory}: run the benchmark from its repository.");
    }
}
