using System.Diagnostics;

namespace BandcampPS.Module.Tests;

/// <summary>
/// Runs a script in a separate process with the module imported, as a second pwsh would: the test assembly's own
/// entry point with "--run-script". For what only a real process shows: being killed, sharing the token cache.
/// The script travels in an environment variable, not a temp file, so a killed child leaves nothing behind.
/// </summary>
public static class ChildPowerShell
{
    public const string ScriptVariable = "BCPS_CHILD_SCRIPT";

    public static Process Start(string script, IDictionary<string, string> environment) => Process.Start(StartInfo(script, environment))!;

    public static ProcessStartInfo StartInfo(string script, IDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet", [typeof(ChildPowerShell).Assembly.Location, "--run-script"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment) start.Environment[name] = value;
        start.Environment[ScriptVariable] = script;
        return start;
    }

    /// <summary>The child's side: run the script, print errors, exit 1 if there were any.</summary>
    public static int Run()
    {
        var script = Environment.GetEnvironmentVariable(ScriptVariable) ?? throw new InvalidOperationException(ScriptVariable + " is not set.");
        using var host = new PowerShellHost();
        var result = host.Run(script);
        foreach (var output in result.Output) Console.WriteLine(output);
        foreach (var error in result.Errors) Console.Error.WriteLine(error);
        return result.Errors.Count == 0 ? 0 : 1;
    }
}

public static class Program
{
    public static int Main(string[] args) =>
        args is ["--run-script"] ? ChildPowerShell.Run() : 0;
}
