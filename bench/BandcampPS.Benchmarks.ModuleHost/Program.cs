using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

// Usage: BandcampPS.Benchmarks.ModuleHost <module.psd1> <database> <startDate> <endDate>
// Credentials, base URI and token cache come from the BANDCAMP_* environment variables (never arguments, so no
// secret shows in a process list). Prints "RESULT key=value" lines for the parent benchmark; exits 1 on any error.
if (args.Length != 4)
{
    Console.Error.WriteLine("Usage: BandcampPS.Benchmarks.ModuleHost <module.psd1> <database> <startDate> <endDate>");
    return 2;
}
var (module, database, start, end) = (args[0], args[1], args[2], args[3]);

using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
runspace.Open();

// What a user waits for after typing Import-Module in a fresh session (the runspace itself is PowerShell's cost).
var importModule = Time(runspace, "Import-Module $args[0] -ErrorAction Stop", module);
Report("import_module_ms", importModule.Elapsed.TotalMilliseconds);

Time(runspace, "Connect-Bandcamp -ErrorAction Stop");

const string Pipeline = "Get-BandcampBand | Get-BandcampSale -StartDate $args[0] -EndDate $args[1] | Import-BandcampRevenue -Database $args[2] -ErrorAction Stop";
RunImport("e2e", start, end, database);
RunImport("reimport", start, end, database);

// Reading alone, as an ad-hoc query does: every sale streamed through the pipeline and dropped.
var stream = Time(runspace, "Get-BandcampBand | Get-BandcampSale -StartDate $args[0] -EndDate $args[1] | Out-Null", start, end);
Report("stream_seconds", stream.Elapsed.TotalSeconds);
return 0;

void RunImport(string phase, params object[] arguments)
{
    using var process = Process.GetCurrentProcess();
    var cpuBefore = process.TotalProcessorTime;
    var heap = new PeakHeapSampler();
    var run = Time(runspace, Pipeline, arguments);
    Report(phase + "_peak_heap_mb", heap.Stop() / 1024.0 / 1024.0);
    process.Refresh();
    // CPU seconds of this process: steadier than wall time on a machine shared with other work.
    Report(phase + "_cpu_seconds", (process.TotalProcessorTime - cpuBefore).TotalSeconds);
    var summary = run.Output.Single();
    Report(phase + "_seconds", run.Elapsed.TotalSeconds);
    foreach (var name in new[] { "Received", "Inserted", "AlreadyPresent", "Updated", "Failed" })
        Report($"{phase}_{name.ToLowerInvariant()}", Convert.ToDouble(summary.Properties[name].Value, CultureInfo.InvariantCulture));
    // Linux: VmHWM of this process, the most it ever held in RAM; read after each phase.
    using var self = Process.GetCurrentProcess();
    Report(phase + "_peak_mb", self.PeakWorkingSet64 / 1024.0 / 1024.0);
}

static (IReadOnlyList<PSObject> Output, TimeSpan Elapsed) Time(Runspace runspace, string script, params object[] arguments)
{
    using var shell = PowerShell.Create();
    shell.Runspace = runspace;
    shell.AddScript(script);
    foreach (var argument in arguments) shell.AddArgument(argument);
    var clock = Stopwatch.StartNew();
    var output = shell.Invoke();
    clock.Stop();
    if (shell.HadErrors)
    {
        var errors = string.Join(Environment.NewLine, shell.Streams.Error.Select(e => $"{e.FullyQualifiedErrorId}: {e}"));
        throw new InvalidOperationException($"'{script}' failed:{Environment.NewLine}{errors}");
    }
    return (output, clock.Elapsed);
}

static void Report(string key, double value) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT {key}={value:0.###}"));

/// <summary>
/// The largest managed heap seen while a phase runs (sampled every 20 ms): set against the peak working set, it
/// tells managed objects from native memory (SQLite's page cache, PowerShell's and .NET's own).
/// </summary>
sealed class PeakHeapSampler
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task<long> _sampling;

    public PeakHeapSampler() => _sampling = Task.Run(async () =>
    {
        long peak = 0;
        while (!_stop.IsCancellationRequested)
        {
            peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
            try { await Task.Delay(20, _stop.Token); } catch (OperationCanceledException) { }
        }
        return peak;
    });

    public long Stop()
    {
        _stop.Cancel();
        return _sampling.GetAwaiter().GetResult();
    }
}
