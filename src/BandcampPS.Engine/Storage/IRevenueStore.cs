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

    /// <summary>
    /// Connects and, with <see cref="StoreAccess.ReadWrite"/>, creates or migrates the schema. With
    /// <see cref="StoreAccess.ReadOnly"/> (dry runs) nothing is created or changed: a SQLite file that does not exist
    /// reads as an empty database, and its file, folder and journal mode are left as they are. Call once first.
    /// </summary>
    Task OpenAsync(StoreAccess access, CancellationToken ct);

    /// <summary>Begins an import; refuses (<see cref="BandcampErrorIds.ReportingCurrencyConflict"/>) a reporting currency other than the database's.</summary>
    Task<IRevenueImport> BeginImportAsync(StoreImportOptions options, CancellationToken ct);

    /// <summary>Rows matching the query, ordered by SaleDate then SaleKey, streamed.</summary>
    IAsyncEnumerable<RevenueRow> QueryAsync(RevenueQuery query, CancellationToken ct);

    /// <summary>The newest stored SaleDate of a source (and band), for incremental sync; null when none.</summary>
    Task<DateTime?> GetLatestSaleDateAsync(BandcampSaleSource source, long? bandId, CancellationToken ct);

    /// <summary>Totals grouped in the database; see <see cref="RevenueSummaryRow"/> for the currency rules.</summary>
    Task<IReadOnlyList<RevenueSummaryRow>> SummarizeAsync(RevenueSummaryQuery query, CancellationToken ct);

    /// <summary>How far Sync has read a band completely; null when it never has.</summary>
    Task<SyncWatermark?> GetSyncWatermarkAsync(BandcampSaleSource source, long bandId, CancellationToken ct);

    /// <summary>Records (inserts or moves) a band's watermark, in a transaction of its own.</summary>
    Task SaveSyncWatermarkAsync(SyncWatermark watermark, CancellationToken ct);

    /// <summary>
    /// What one source per band and month leaves out of <see cref="QueryAsync"/> and <see cref="SummarizeAsync"/>
    /// for the same filters: nothing when <see cref="RevenueQuery.Source"/> is set.
    /// </summary>
    Task<SourceOverlap> GetSourceOverlapAsync(RevenueQuery query, CancellationToken ct);
}

public enum StoreAccess
{
    ReadWrite,

    /// <summary>Reads only; creates, migrates and writes nothing (what -WhatIf needs).</summary>
    ReadOnly,
}

/// <summary>
/// One import run, on its own connection. Each batch is written in a short transaction of its own, so other
/// importers wait seconds, not a whole run; replacing what a run did not bring again is a separate, atomic step at
/// the end (<see cref="DeleteStaleAsync"/>). A run killed at any moment leaves every old row and every batch it
/// committed. Not thread-safe: one caller at a time.
/// </summary>
public interface IRevenueImport : IAsyncDisposable
{
    /// <summary>The currency the database's conversions are in; null when it holds none yet.</summary>
    string? ReportingCurrency { get; }

    /// <summary>
    /// Writes a batch as if row by row in order: a new key is Inserted; a key whose Bandcamp values differ is
    /// Updated in place; an identical row is AlreadyPresent (its conversion is added or refreshed if the row
    /// carries one, and kept if it does not). In a dry run nothing is written, but the counts are the ones a real
    /// run would report (earlier batches included). A row that cannot be stored fails the batch before anything is
    /// written (<see cref="RevenueStoreException.RowIndex"/> names it).
    /// </summary>
    Task<BatchOutcome> WriteBatchAsync(IReadOnlyList<RevenueRow> rows, CancellationToken ct);

    /// <summary>Stored rows in the scopes that this import did not write (needs <see cref="StoreImportOptions.RememberKeys"/>).</summary>
    Task<int> CountStaleAsync(IReadOnlyList<RevenueClearScope> scopes, CancellationToken ct);

    /// <summary>Deletes what <see cref="CountStaleAsync"/> counts, all scopes in one transaction; returns how many. Not in a dry run.</summary>
    Task<int> DeleteStaleAsync(IReadOnlyList<RevenueClearScope> scopes, CancellationToken ct);
}

/// <summary>
/// What Sync has read completely for one band: from <see cref="SinceUtc"/> (the -Since it was first given) up to
/// <see cref="CompleteThroughUtc"/>, every chunk read without an error and stored. It advances only over such chunks,
/// so a chunk that failed is read again by the next run, however many later chunks succeeded.
/// </summary>
public sealed record SyncWatermark(BandcampSaleSource Source, long BandId, DateTime SinceUtc, DateTime CompleteThroughUtc);
