using System.Diagnostics;

namespace BandcampPS.Module.Tests;

/// <summary>
/// Runs a script in a separate process with the module imported, as a second pwsh would: the test assembly's own
/// entry point with "--run-script". For what only a real process shows: being killed, sharing the token cache.
/// </summary>
public static class ChildPowerShell
{
    public static Process Start(string script, IDictionary<string, string> environment)
    {
        var scriptFile = Path.Combine(Path.GetTempPath(), $"bcps-child-{Guid.NewGuid():N}.ps1");
        File.WriteAllText(scriptFile, script);
        var start = new ProcessStartInfo("dotnet", [typeof(ChildPowerShell).Assembly.Location, "--run-script", scriptFile])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment) start.Environment[name] = value;
        return Process.Start(start)!;
    }

    /// <summary>The child's side: run the script, print errors, exit 1 if there were any.</summary>
    public static int Run(string scriptFile)
    {
        using var host = new PowerShellHost();
        var result = host.Run(File.ReadAllText(scriptFile));
        foreach (var output in result.Output) Console.WriteLine(output);
        foreach (var error in result.Errors) Console.Error.WriteLine(error);
        return result.Errors.Count == 0 ? 0 : 1;
    }
}

public static class Program
{
    public static int Main(string[] args) =>
        args is ["--run-script", var file] ? ChildPowerShell.Run(file) : 0;
}
