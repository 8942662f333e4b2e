using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace BandcampPS.Module.Tests;

/// <summary>Everything one script wrote, stream by stream.</summary>
public sealed record ScriptResult(
    IReadOnlyList<PSObject> Output,
    IReadOnlyList<ErrorRecord> Errors,
    IReadOnlyList<string> Verbose,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<string> Debug,
    IReadOnlyList<string> Information,
    IReadOnlyList<ProgressRecord> Progress)
{
    /// <summary>All text of every stream, for "the secret appears nowhere" checks.</summary>
    public string AllText() => string.Join("\n",
        Output.Select(o => o?.ToString() + " " + string.Join(" ", o?.Properties.Select(p => SafeValue(p)) ?? [])))
        + string.Join("\n", Errors.Select(e => e + " " + e.Exception + " " + e.TargetObject + " " + e.ErrorDetails?.Message))
        + string.Join("\n", Verbose) + string.Join("\n", Warnings) + string.Join("\n", Debug) + string.Join("\n", Information)
        + string.Join("\n", Progress.Select(p => p.Activity + " " + p.StatusDescription));

    private static string SafeValue(PSPropertyInfo property)
    {
        try { return property.Value?.ToString() ?? ""; }
        catch (Exception ex) { return ex.Message; }
    }
}

/// <summary>
/// A PowerShell 7.6 runspace with the built module imported from out/BandcampPS, as `Import-Module` would in pwsh.
/// Only the core cmdlets exist here (no Export-Csv, Select-Object or Sort-Object).
/// </summary>
public sealed class PowerShellHost : IDisposable
{
    private readonly Runspace _runspace;

    public PowerShellHost()
    {
        _runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        _runspace.Open();
        var import = Run($"Import-Module '{ModuleManifest}' -ErrorAction Stop");
        if (import.Errors.Count > 0) throw new InvalidOperationException("Import-Module failed: " + import.Errors[0]);
    }

    public Runspace Runspace => _runspace;

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string ModuleManifest => Path.Combine(RepoRoot, "out", "BandcampPS", "BandcampPS.psd1");

    public ScriptResult Run(string script, IDictionary? variables = null)
    {
        using var shell = PowerShell.Create();
        shell.Runspace = _runspace;
        if (variables is not null)
            foreach (DictionaryEntry entry in variables)
                _runspace.SessionStateProxy.SetVariable((string)entry.Key, entry.Value);
        shell.AddScript(script);
        var output = new List<PSObject>();
        try
        {
            output.AddRange(shell.Invoke());
        }
        catch (RuntimeException ex)
        {
            // A terminating error ends the script; keep it with the others so tests can read it.
            return Collect(shell, output, ex.ErrorRecord);
        }
        return Collect(shell, output, null);
    }

    private static ScriptResult Collect(PowerShell shell, List<PSObject> output, ErrorRecord? terminating)
    {
        var errors = shell.Streams.Error.ToList();
        if (terminating is not null) errors.Add(terminating);
        return new ScriptResult(output, errors,
            shell.Streams.Verbose.Select(v => v.Message).ToList(),
            shell.Streams.Warning.Select(w => w.Message).ToList(),
            shell.Streams.Debug.Select(d => d.Message).ToList(),
            shell.Streams.Information.Select(i => i.MessageData?.ToString() ?? "").ToList(),
            shell.Streams.Progress.ToList());
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "BandcampPS.sln"))) return dir.FullName;
        throw new InvalidOperationException("BandcampPS.sln not found above " + AppContext.BaseDirectory);
    }

    public void Dispose() => _runspace.Dispose();
}
