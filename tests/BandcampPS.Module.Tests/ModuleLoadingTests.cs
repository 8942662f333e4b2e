using System.Runtime.Loader;

namespace BandcampPS.Module.Tests;

public sealed class ModuleLoadingTests : IDisposable
{
    private readonly PowerShellHost _ps = new();

    public void Dispose() => _ps.Dispose();

    [Fact]
    public void The_manifest_exports_exactly_the_cmdlets_that_exist()
    {
        var result = _ps.Run("(Get-Module BandcampPS).ExportedCmdlets.Keys");
        Assert.Empty(result.Errors);
        var exported = result.Output.Select(o => o.BaseObject.ToString()).Order().ToArray();
        var commandFiles = Directory.GetFiles(Path.Combine(PowerShellHost.RepoRoot, "src", "BandcampPS", "Commands"), "*Command.cs")
            .Select(f => Path.GetFileNameWithoutExtension(f)[..^"Command".Length])
            .Select(name => System.Text.RegularExpressions.Regex.Replace(name, "^(Connect|Disconnect|Get|Import|Update|ConvertTo|Compare|Sync|Set)", "$1-"))
            .Order().ToArray();
        Assert.Equal(commandFiles, exported);
    }

    [Fact]
    public void The_engine_and_its_dependencies_load_apart_from_the_default_context()
    {
        // Type literals of the engine do not resolve (it is not in the default context, by design); OutputType does.
        var result = _ps.Run("(Get-Command Get-BandcampSale).OutputType[0].Type.Assembly.Location");
        Assert.Empty(result.Errors);
        Assert.Contains(Path.Combine("out", "BandcampPS", "deps"), result.Output.Single().ToString());

        // The test project loads its own Microsoft.Data.Sqlite (from its bin folder) to inspect databases; when a test
        // that does so ran first, that copy is in the default context. Only copies from the module's folder are leaks.
        var moduleFolder = Path.GetDirectoryName(PowerShellHost.ModuleManifest)!;
        var leaked = AssemblyLoadContext.Default.Assemblies
            .Where(a => !a.IsDynamic && (a.Location.Length == 0 || a.Location.StartsWith(moduleFolder, StringComparison.Ordinal)))
            .Select(a => a.GetName().Name)
            .Where(n => n is "BandcampPS.Engine" or "Polly.Core" or "Microsoft.Data.Sqlite" or "Microsoft.Data.SqlClient" or "CsvHelper" or "SQLitePCLRaw.core")
            .ToArray();
        Assert.Empty(leaked);
    }

    [Fact]
    public void Not_connected_is_a_clear_terminating_error()
    {
        var result = _ps.Run("Disconnect-Bandcamp -ErrorAction SilentlyContinue; Get-BandcampBand");
        var error = Assert.Single(result.Errors);
        Assert.Equal("BandcampNotConnected,BandcampPS.Commands.GetBandcampBandCommand", error.FullyQualifiedErrorId);
        Assert.Contains("Connect-Bandcamp", error.Exception.Message);
    }

    [Fact]
    public void Module_version_matches_the_build_version()
    {
        var props = File.ReadAllText(Path.Combine(PowerShellHost.RepoRoot, "Directory.Build.props"));
        var version = System.Text.RegularExpressions.Regex.Match(props, "<Version>(.*?)</Version>").Groups[1].Value;
        var result = _ps.Run("(Get-Module BandcampPS).Version.ToString(3)");
        Assert.Equal(version, result.Output.Single().ToString());
    }
}
