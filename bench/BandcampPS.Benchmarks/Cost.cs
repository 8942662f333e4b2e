using System.Diagnostics;
using System.Globalization;

namespace BandcampPS.Benchmarks;

/// <summary>
/// What a piece of work cost: wall time and this process's CPU time. On a machine shared with other work the CPU
/// seconds are the steadier figure; both are printed per row.
/// </summary>
internal readonly record struct Cost(TimeSpan Wall, TimeSpan Cpu)
{
    public static Cost Measure(Action work)
    {
        var (wall, cpu) = Start();
        work();
        return Stop(wall, cpu);
    }

    public static async Task<Cost> MeasureAsync(Func<Task> work)
    {
        var (wall, cpu) = Start();
        await work();
        return Stop(wall, cpu);
    }

    /// <summary>
    /// The least CPU of <paramref name="times"/> runs: on a shared machine every disturbance only adds time, so the
    /// fastest run is the one closest to what the work itself costs.
    /// </summary>
    public static async Task<Cost> BestOfAsync(int times, Func<Task<Cost>> run)
    {
        var best = await run();
        for (var i = 1; i < times; i++)
        {
            var next = await run();
            if (next.Cpu < best.Cpu) best = next;
        }
        return best;
    }

    public static Cost BestOf(int times, Func<Cost> run) =>
        Enumerable.Range(0, times).Select(_ => run()).MinBy(c => c.Cpu);

    public double WallMicrosPerRow(long rows) => 1e6 * Wall.TotalSeconds / Math.Max(rows, 1);

    public double CpuMicrosPerRow(long rows) => 1e6 * Cpu.TotalSeconds / Math.Max(rows, 1);

    public string PerRow(long rows) => string.Create(CultureInfo.InvariantCulture,
        $"{CpuMicrosPerRow(rows),6:0.00} µs CPU/row, {WallMicrosPerRow(rows),6:0.00} µs wall/row ({Cpu.TotalSeconds:0.00} CPU s, {Wall.TotalSeconds:0.00} s)");

    private static (long Wall, TimeSpan Cpu) Start()
    {
        using var self = Process.GetCurrentProcess();
        return (Stopwatch.GetTimestamp(), self.TotalProcessorTime);
    }

    private static Cost Stop(long wall, TimeSpan cpu)
    {
        var elapsed = Stopwatch.GetElapsedTime(wall);
        using var self = Process.GetCurrentProcess();
        return new Cost(elapsed, self.TotalProcessorTime - cpu);
    }
}
