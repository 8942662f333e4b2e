using BandcampPS.Engine.Sales;

namespace BandcampPS.Engine.Storage;

/// <summary>
/// The revenue database: SQLite (<see cref="Sqlite.SqliteRevenueStore"/>) or SQL Server
/// (<see cref="SqlServer.SqlServerRevenueStore"/>). Thread-safe: every call uses its own connection.
/// </summary>
public interface IRevenueStore : IAsyncDisposable
{
    /// <summary>What the store points at, for messages: a file path or server/database, never a secret.</summary>
    string Target { get; }

    /// <summary>Connects and creates or migrates the schema. Call once before anything else.</summary>
    Task OpenAsync(CancellationToken ct);

    Task<IRevenueImport> BeginImportAsync(RevenueImportOptions options, CancellationToken ct);

    /// <summary>Rows matching the query, ordered by SaleDate then SaleKey, streamed.</summary>
    IAsyncEnumerable<RevenueEvent> QueryAsync(RevenueQuery query, CancellationToken ct);

    /// <summary>The newest stored SaleDate of a source (and band), for incremental sync; null when none.</summary>
    Task<DateTime?> GetLatestSaleDateAsync(BandcampSaleSource source, long? bandId, CancellationToken ct);

    /// <summary>Totals grouped in the database; see <see cref="RevenueSummaryRow"/> for the currency rules.</summary>
    Task<IReadOnlyList<RevenueSummaryRow>> SummarizeAsync(RevenueSummaryQuery query, CancellationToken ct);

    /// <summary>
    /// What one source per band and month leaves out of <see cref="QueryAsync"/> and <see cref="SummarizeAsync"/>
    /// for the same filters: nothing when <see cref="RevenueQuery.Source"/> is set.
    /// </summary>
    Task<SourceOverlap> GetSourceOverlapAsync(RevenueQuery query, CancellationToken ct);
}

/// <summary>
/// One import run. Disposing without <see cref="CommitAsync"/> rolls back whatever is not committed yet:
/// everything in <see cref="RevenueImportOptions.SingleTransaction"/> mode, otherwise the batch in flight.
/// Not thread-safe: one caller at a time.
/// </summary>
public interface IRevenueImport : IAsyncDisposable
{
    /// <summary>
    /// Writes a batch as if row by row in order: a new key is Inserted, a key whose stored content differs
    /// is Updated in place, an identical row is AlreadyPresent and not written. In a dry run nothing is
    /// written, but the counts are the ones a real run would report (earlier batches included).
    /// </summary>
    Task<BatchOutcome> WriteBatchAsync(IReadOnlyList<RevenueEvent> rows, CancellationToken ct);

    /// <summary>
    /// Deletes the rows in scope and returns how many. In SingleTransaction mode this is part of the one
    /// transaction (a failed run keeps the old rows); otherwise it commits at once. A dry run counts only.
    /// </summary>
    Task<int> ClearAsync(RevenueClearScope scope, CancellationToken ct);

    /// <summary>Commits the single transaction; in per-batch mode batches are already committed.</summary>
    Task CommitAsync(CancellationToken ct);
}
