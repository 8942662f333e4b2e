namespace BandcampPS.Engine.Storage;

public enum RowOutcome
{
    Inserted,
    AlreadyPresent,
    Updated,
}

/// <summary>What a batch did, in total and per row (same order as the rows passed in).</summary>
public sealed class BatchOutcome
{
    public BatchOutcome(IReadOnlyList<RowOutcome> rows)
    {
        Rows = rows ?? throw new ArgumentNullException(nameof(rows));
        foreach (var outcome in rows)
        {
            switch (outcome)
            {
                case RowOutcome.Inserted: Inserted++; break;
                case RowOutcome.Updated: Updated++; break;
                default: AlreadyPresent++; break;
            }
        }
    }

    public int Inserted { get; }
    public int AlreadyPresent { get; }
    public int Updated { get; }
    public IReadOnlyList<RowOutcome> Rows { get; }

    public override string ToString() => $"{Inserted} inserted, {Updated} updated, {AlreadyPresent} already present";
}
