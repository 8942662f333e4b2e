using System.Globalization;
using System.Text;

namespace BandcampPS.Benchmarks;

/// <summary>
/// Prints each stage beside its floor (CPU µs per row, wall µs per row, the ratio of the CPU figures) and the backfill
/// times, then one machine-readable line each: <c>FLOORS ...</c> and <c>BACKFILL ...</c>.
/// </summary>
internal static class FloorReport
{
    private static readonly string[] Keys = ["parse", "map", "sqlite", "hop"];

    public static void Print(int sales, IReadOnlyList<StageFloorsPhase.Stage> stages, IReadOnlyList<BackfillPhase.Run> backfill, TimeSpan delay, int perSecond)
    {
        Console.WriteLine("9. each stage against its floor (the least work it could do on the same input), same run:");
        var floors = new StringBuilder(Invariant($"FLOORS sales={sales}"));
        for (var i = 0; i < stages.Count; i++)
        {
            var stage = stages[i];
            Console.WriteLine(Invariant($"   {stage.Name}, {stage.Rows:N0} rows: {stage.Measured.PerRow(stage.Rows)}"));
            Console.WriteLine(Invariant($"     floor, {stage.FloorName}: {stage.Floor.PerRow(stage.Rows)}; ratio {stage.Ratio:0.0}x (CPU)"));
            floors.Append(Invariant($" {Keys[i]}_us={stage.Measured.CpuMicrosPerRow(stage.Rows):0.00} {Keys[i]}_floor_us={stage.Floor.CpuMicrosPerRow(stage.Rows):0.00} {Keys[i]}_ratio={stage.Ratio:0.0}"));
        }

        var (sequential, throttled, storm) = (backfill[0], backfill[1], backfill[2]);
        Console.WriteLine(Invariant($"10. ten-year backfill of one band, 122 chunks, the fake API answering each request after {delay.TotalMilliseconds:0} ms (engine, no PowerShell):"));
        foreach (var run in backfill) Console.WriteLine(BackfillPhase.Describe(run));
        var ratio = throttled.Elapsed / sequential.Elapsed;
        Console.WriteLine(Invariant($"   default / sequential = {ratio:0.00}"));
        Console.WriteLine(floors.ToString());
        Console.WriteLine(Invariant(
            $"BACKFILL delay_ms={delay.TotalMilliseconds:0} chunks={sequential.Requests} sequential_s={sequential.Elapsed.TotalSeconds:0.0} default_s={throttled.Elapsed.TotalSeconds:0.0} ratio={ratio:0.00} storm_limit_per_s={perSecond} storm_s={storm.Elapsed.TotalSeconds:0.0} storm_429={storm.RateLimited} storm_gaps={storm.Gaps} storm_complete={(storm.Sales == storm.Expected ? 1 : 0)}"));
        foreach (var run in backfill)
            if (run.Sales != run.Expected || run.Gaps != 0)
                throw new InvalidOperationException($"The backfill '{run.Name}' read {run.Sales} of {run.Expected} sales with {run.Gaps} gap(s).");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
