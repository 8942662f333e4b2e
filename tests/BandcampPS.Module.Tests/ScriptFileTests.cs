using System.Management.Automation.Language;

namespace BandcampPS.Module.Tests;

/// <summary>
/// The repo's own PowerShell scripts run in the real pwsh (build.ps1, the Pester suite in tests/pester); the parser
/// here holds every one of them to valid syntax first, so a syntax error fails fast with its file and line.
/// </summary>
public sealed class ScriptFileTests
{
    public static TheoryData<string> Scripts()
    {
        var data = new TheoryData<string> { "build.ps1" };
        foreach (var file in Directory.GetFiles(Path.Combine(PowerShellHost.RepoRoot, "tests", "pester")).Order(StringComparer.Ordinal))
            if (file.EndsWith(".ps1", StringComparison.Ordinal) || file.EndsWith(".psm1", StringComparison.Ordinal))
                data.Add(Path.GetRelativePath(PowerShellHost.RepoRoot, file).Replace('\\', '/'));
        return data;
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Script_parses_without_errors(string relativePath)
    {
        Parser.ParseFile(Path.Combine(PowerShellHost.RepoRoot, relativePath), out _, out var errors);
        Assert.True(errors.Length == 0, string.Join(Environment.NewLine, errors.Select(e => $"{relativePath}:{e.Extent.StartLineNumber}: {e.Message}")));
    }

    [Fact]
    public void The_Pester_suite_uses_only_parameters_the_cmdlets_have()
    {
        using var host = new PowerShellHost();
        var cmdlets = host.Run("(Get-Command -Module BandcampPS).Name").Output.Select(o => o.ToString()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(PowerShellHost.RepoRoot, "tests", "pester"), "*.Tests.ps1"))
        foreach (var call in Parser.ParseFile(file, out _, out _).FindAll(a => a is CommandAst, true).Cast<CommandAst>())
        {
            var name = call.GetCommandName();
            if (name is null || !cmdlets.Contains(name)) continue; // the suite's own helpers (New-BandcampFixture...) are not the module's
            var parameters = host.Run($"(Get-Command {name}).Parameters.Keys").Output.Select(o => o.ToString()).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var parameter in call.CommandElements.OfType<CommandParameterAst>())
                if (!parameters.Any(p => p.StartsWith(parameter.ParameterName, StringComparison.OrdinalIgnoreCase)))
                    problems.Add($"{Path.GetFileName(file)} line {parameter.Extent.StartLineNumber}: {name} has no -{parameter.ParameterName}");
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}
