using System.Diagnostics;
using BandcampPS.Engine.Reconciliation;
using BandcampPS.Engine.Sales;

namespace BandcampPS.Benchmarks;

/// <summary>
/// Phase 7, the engine's reconciliation (what Compare-BandcampRevenue runs): N sales against the same N sales read
/// a second time, so every line is matched and compared field by field. Was a test with a 10 s limit that failed on
/// a busy 2-core machine (RevenueReconcilerTests.A_hundred_thousand_against_a_hundred_thousand_takes_seconds) and a
/// 30 s one on Compare-BandcampRevenue; tests now assert what is compared, this prints how fast.
/// </summary>
internal static class ReconcilePhase
{
    public sealed record Result(int Sales, TimeSpan Elapsed);

    public static Result Run(IReadOnlyList<BandcampSale> reference, IReadOnlyList<BandcampSale> difference)
    {
        var clock = Stopwatch.StartNew();
        var reconciler = new RevenueReconciler();
        foreach (var sale in reference) reconciler.AddReference(ReconciledSale.From(sale));
        var unexpected = 0;
        foreach (var sale in difference) unexpected += reconciler.AddDifference(ReconciledSale.From(sale)).Count;
        var totals = reconciler.Finish();
        clock.Stop();
        if (unexpected > 0 || totals.Any(t => t.Kind != RevenueDifferenceKind.TotalsAgree))
            throw new InvalidOperationException($"Reconciling a set with itself gave {unexpected} difference(s).");
        return new Result(reference.Count, clock.Elapsed);
    }
}
