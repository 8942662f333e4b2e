using BandcampPS.Engine.Sales;

namespace BandcampPS.Engine.Storage;

/// <summary>
/// Classifies rows "as if written in order" without writing them: remembers what each key would hold after
/// the rows (and clears) seen so far, and falls back to what the database held before. Used for a whole dry
/// run, and by SQL Server for one batch (whose rows reach the database de-duplicated, in one statement).
/// </summary>
internal sealed class OutcomeTracker
{
    // Null hash: the key was cleared by this run.
    private readonly Dictionary<(BandcampSaleSource, string), (UInt128? Hash, long BandId, DateTime SaleDate)> _keys = new();
    private readonly List<RevenueClearScope> _clears = [];

    public static RowOutcome Classify(UInt128? stored, UInt128 incoming) =>
        stored is not { } hash ? RowOutcome.Inserted
        : hash == incoming ? RowOutcome.AlreadyPresent
        : RowOutcome.Updated;

    /// <param name="storedBefore">What the database held for row i's key before this run touched it; asked once per new key.</param>
    public RowOutcome[] Classify(IReadOnlyList<PreparedRow> rows, Func<int, StoredRow?> storedBefore)
    {
        var outcomes = new RowOutcome[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var current = _keys.TryGetValue(row.Key, out var known) ? known.Hash : Surviving(row.Row.Source, storedBefore(i));
            outcomes[i] = Classify(current, row.ContentHash);
            _keys[row.Key] = (row.ContentHash, row.Row.BandId, StoredValues.ToStoredTime(row.Row.SaleDate));
        }
        return outcomes;
    }

    public void Clear(RevenueClearScope scope)
    {
        _clears.Add(scope);
        var cleared = _keys
            .Where(k => k.Value.Hash is not null && scope.Contains(k.Key.Item1, k.Value.BandId, k.Value.SaleDate))
            .ToList();
        foreach (var (key, state) in cleared)
            _keys[key] = state with { Hash = null };
    }

    private UInt128? Surviving(BandcampSaleSource source, StoredRow? stored) =>
        stored is { } row && !_clears.Any(c => c.Contains(source, row.BandId, row.SaleDate)) ? row.ContentHash : null;
}
