using BandcampPS.Engine.Sales;

namespace BandcampPS.Engine.Storage;

/// <summary>
/// Classifies rows "as if written in order" without writing them: remembers what each key would hold after the rows
/// seen so far, and falls back to what the database held before. Used for a whole dry run, and by SQL Server for one
/// batch (whose rows reach the database de-duplicated, in one statement).
/// </summary>
internal sealed class OutcomeTracker
{
    private readonly Dictionary<(BandcampSaleSource, string), UInt128> _keys = new();

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
            var current = _keys.TryGetValue(row.Key, out var known) ? known : storedBefore(i)?.ContentHash;
            outcomes[i] = Classify(current, row.ContentHash);
            _keys[row.Key] = row.ContentHash;
        }
        return outcomes;
    }
}
