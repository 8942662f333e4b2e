using System.Management.Automation.Language;

namespace BandcampPS.Module.Tests;

/// <summary>
/// The repo's own PowerShell scripts cannot run here (no pwsh, no Pester), but the real PowerShell parser can
/// still hold them to valid syntax, so a user with pwsh never meets a parse error.
/// </summary>
public sealed class ScriptFileTests
{
    [Theory]
    [InlineData("build.ps1")]
    [InlineData("tests/BandcampPS.Tests.ps1")]
    public void Script_parses_without_errors(string relativePath)
    {
        Parser.ParseFile(Path.Combine(PowerShellHost.RepoRoot, relativePath), out _, out var errors);
        Assert.True(errors.Length == 0, string.Join(Environment.NewLine, errors.Select(e => $"{relativePath}:{e.Extent.StartLineNumber}: {e.Message}")));
    }

    [Fact]
    public void The_Pester_suite_uses_only_parameters_the_cmdlets_have()
    {
        using var host = new PowerShellHost();
        var ast = Parser.ParseFile(Path.Combine(PowerShellHost.RepoRoot, "tests/BandcampPS.Tests.ps1"), out _, out _);
        var problems = new List<string>();
        foreach (var call in ast.FindAll(a => a is CommandAst, true).Cast<CommandAst>())
        {
            var name = call.GetCommandName();
            if (name is null || !name.Contains("-Bandcamp", StringComparison.Ordinal)) continue;
            var parameters = host.Run($"(Get-Command {name}).Parameters.Keys").Output.Select(o => o.ToString()).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var parameter in call.CommandElements.OfType<CommandParameterAst>())
                if (!parameters.Any(p => p.StartsWith(parameter.ParameterName, StringComparison.OrdinalIgnoreCase)))
                    problems.Add($"line {parameter.Extent.StartLineNumber}: {name} has no -{parameter.ParameterName}");
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}
