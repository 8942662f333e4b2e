using System.Security.Cryptography;
using System.Text;
using BandcampPS.Engine.Auth;
using BandcampPS.Engine.Sales;
using BandcampPS.Engine.Storage;
using BandcampPS.Engine.Storage.Sqlite;

namespace BandcampPS.Engine.Import;

public sealed class RevenueSyncOptions
{
    /// <summary>How far before the watermark each run starts again, to pick up late refunds and changes.</summary>
    public TimeSpan Overlap { get; init; } = TimeSpan.FromDays(3);

    /// <summary>Where to start (required the first time a band is synced; later it reads again from there).</summary>
    public DateTime? SinceUtc { get; init; }

    public DateTime EndUtc { get; init; } = DateTime.UtcNow;
    public int ChunkDays { get; init; } = SalesReportRequest.DefaultChunkDays;

    /// <summary>Chunk requests in flight at once (<see cref="SalesReportRequest.DefaultThrottleLimit"/>).</summary>
    public int ThrottleLimit { get; init; } = SalesReportRequest.DefaultThrottleLimit;

    /// <summary>Only these bands; null: every band the credentials manage.</summary>
    public IReadOnlyList<long>? BandIds { get; init; }

    /// <summary>How long to wait for another sync of the same database to finish.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>DryRun here means: read Bandcamp, classify against the database, write nothing, take no lock, leave no file.</summary>
    public RevenueImporterOptions Import { get; init; } = new();
}

/// <summary>What one band's sync did.</summary>
public sealed class RevenueSyncResult
{
    public long BandId { get; init; }
    public string? Name { get; init; }
    public DateTime StartUtc { get; init; }
    public DateTime EndUtc { get; init; }
    public int Fetched { get; init; }
    public int Inserted { get; init; }
    public int AlreadyPresent { get; init; }
    public int Updated { get; init; }
    public int Failed { get; init; }

    /// <summary>
    /// Everything from the band's first -Since up to here has been read completely and stored: the next run starts
    /// here (less the overlap), so a window that failed tonight is read again tomorrow.
    /// </summary>
    public DateTime CompleteThroughUtc { get; init; }

    /// <summary>The windows that could not be read this run, with why; null when none.</summary>
    public string? NotRead { get; init; }

    public bool WhatIf { get; init; }
    public TimeSpan Duration { get; init; }
    public string Target { get; init; } = "";

    public override string ToString() =>
        $"{Name ?? "band"} ({BandId}): {StartUtc:yyyy-MM-dd HH:mm} to {EndUtc:yyyy-MM-dd HH:mm} UTC, {Fetched} fetched, " +
        $"{Inserted} new, {Updated} updated, {AlreadyPresent} already stored, {Failed} failed" +
        (NotRead is null ? "" : $"; not read: {NotRead}");
}

/// <summary>
/// The nightly job, without PowerShell: one run at a time per database (a cross-process lock), every band the
/// credentials manage (or the ones asked for), each synced from its watermark (<see cref="SyncWatermark"/>) minus the
/// overlap up to the end. A band that fails is reported and the next one is synced; an authentication failure or a
/// stop ends the run. After any mix of failed nights, interrupted runs and partial reads, the first quiet run leaves
/// the store as a clean import of the same range would.
/// </summary>
public sealed class RevenueSync(BandcampConnection connection, IRevenueStore store, RevenueSyncOptions options, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <param name="completed">Each band's result, as it finishes.</param>
    /// <param name="reportError">A row that could not be read or stored, a window not read, or a band that failed.</param>
    public async Task RunAsync(Action<RevenueSyncResult> completed, Action<object> reportError,
        IProgress<SalesChunkProgress>? progress, CancellationToken ct)
    {
        var dryRun = options.Import.DryRun;
        // A dry run writes nothing, so it needs no lock: and taking one would leave a lock file behind.
        using var runLock = dryRun ? null : await CrossProcessFileLock.AcquireAsync(LockPath(store), options.LockTimeout, _time, ct,
            BandcampErrorIds.SyncLocked, "the sync lock of this database").ConfigureAwait(false);
        await store.OpenAsync(dryRun ? StoreAccess.ReadOnly : StoreAccess.ReadWrite, ct).ConfigureAwait(false);

        var managed = await connection.GetBandsAsync(includeMemberBands: false, ct).ConfigureAwait(false);
        var bands = options.BandIds is { } ids
            ? ids.Distinct().Select(id => (Id: id, Name: managed.FirstOrDefault(b => b.BandId == id)?.Name)).ToList()
            : managed.Select(b => (Id: b.BandId, Name: (string?)b.Name)).ToList();
        foreach (var (id, name) in bands)
        {
            try
            {
                completed(await SyncBandAsync(id, name, reportError, progress, ct).ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is not OperationCanceledException && ex is not BandcampException { Kind: BandcampErrorKind.Authentication })
            {
                // One band failing does not stop the others; -ErrorAction Stop makes it fatal for scheduled jobs.
                reportError(ex is BandcampException ? ex : new BandcampException(BandcampErrorIds.UnexpectedError, BandcampErrorKind.NotSpecified,
                    $"Syncing band {id} failed: {ex.Message}", id, ex));
            }
        }
    }

    /// <summary>One band: from where its watermark says (less the overlap) to the end, advancing the watermark chunk by chunk.</summary>
    public async Task<RevenueSyncResult> SyncBandAsync(long bandId, string? name, Action<object> reportError,
        IProgress<SalesChunkProgress>? progress, CancellationToken ct)
    {
        var dryRun = options.Import.DryRun;
        var watermark = await store.GetSyncWatermarkAsync(BandcampSaleSource.Api, bandId, ct).ConfigureAwait(false)
            ?? await FromStoredRowsAsync(bandId, ct).ConfigureAwait(false);
        var start = options.SinceUtc ?? (watermark is { } w ? Max(w.SinceUtc, w.CompleteThroughUtc - options.Overlap)
            : throw new BandcampException(BandcampErrorIds.SyncNeedsSince, BandcampErrorKind.InvalidArgument,
                $"Nothing of band {bandId} is stored in {store.Target} yet: run the first sync with -Since to say how far back to start.", bandId));
        watermark = watermark is null
            ? new SyncWatermark(BandcampSaleSource.Api, bandId, start, start)
            : watermark with { SinceUtc = Min(watermark.SinceUtc, start) };
        // Recorded before reading: a first night that reads nothing still tells the next one where to begin.
        if (!dryRun) await store.SaveSyncWatermarkAsync(watermark, ct).ConfigureAwait(false);

        var started = _time.GetTimestamp();
        var notRead = new List<SalesGap>();
        RevenueImportSummary summary;
        await using (var importer = new RevenueImporter(store, options.Import))
        {
            await importer.StartAsync(ct).ConfigureAwait(false);
            if (start < options.EndUtc)
            {
                var request = new SalesReportRequest(bandId, null, start, options.EndUtc, options.ChunkDays) { ThrottleLimit = options.ThrottleLimit };
                await foreach (var item in connection.GetSalesAsync(request, progress, ct).ConfigureAwait(false))
                {
                    if (item.Sale is { } sale)
                    {
                        if (importer.Add(sale) is { } refused) reportError(refused);
                        if (importer.IsBatchFull) await importer.FlushAsync(reportError, ct).ConfigureAwait(false);
                    }
                    else if (item.Error is { } error) reportError(error);
                    else if (item.Gap is { } gap)
                    {
                        notRead.Add(gap);
                        reportError(gap);
                    }
                    else if (item.EndedSpan is { IsComplete: true } span)
                    {
                        // Stored first, then counted as read: a run killed between the two reads the span again.
                        await importer.FlushAsync(reportError, ct).ConfigureAwait(false);
                        if (importer.IsStoredCompletely(span, out _) && span.StartUtc <= watermark.CompleteThroughUtc && span.EndUtc > watermark.CompleteThroughUtc)
                        {
                            watermark = watermark with { CompleteThroughUtc = span.EndUtc };
                            if (!dryRun) await store.SaveSyncWatermarkAsync(watermark, ct).ConfigureAwait(false);
                        }
                    }
                }
            }
            await importer.CompleteAsync(reportError, ct).ConfigureAwait(false);
            summary = importer.Summarize();
        }
        return new RevenueSyncResult
        {
            BandId = bandId,
            Name = name,
            StartUtc = start,
            EndUtc = options.EndUtc,
            Fetched = summary.Received, // every sale read went to the importer
            Inserted = summary.Inserted,
            AlreadyPresent = summary.AlreadyPresent,
            Updated = summary.Updated,
            Failed = summary.Failed,
            CompleteThroughUtc = watermark.CompleteThroughUtc,
            NotRead = notRead.Count == 0 ? null : string.Join("; ", notRead.Select(g => $"{g.StartUtc:yyyy-MM-dd} to {g.EndUtc:yyyy-MM-dd} ({g.Reason.ErrorId})")),
            WhatIf = dryRun,
            Duration = _time.GetElapsedTime(started),
            Target = summary.Target,
        };
    }

    /// <summary>
    /// A database synced before watermarks existed: its newest stored sale is the best account of how far it got.
    /// Null when nothing of the band is stored.
    /// </summary>
    private async Task<SyncWatermark?> FromStoredRowsAsync(long bandId, CancellationToken ct) =>
        await store.GetLatestSaleDateAsync(BandcampSaleSource.Api, bandId, ct).ConfigureAwait(false) is { } newest
            ? new SyncWatermark(BandcampSaleSource.Api, bandId, newest - options.Overlap, newest)
            : null;

    /// <summary>One lock per database: beside a SQLite file (its folder made first), or for SQL Server in the user's data folder.</summary>
    internal static string LockPath(IRevenueStore store)
    {
        if (store is SqliteRevenueStore)
        {
            SqliteRevenueStore.CreateFolder(Path.GetDirectoryName(store.Target)!);
            return store.Target + ".sync.lock";
        }
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(store.Target)))[..16];
        var locks = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "BandcampPS", "locks");
        Directory.CreateDirectory(locks);
        return Path.Combine(locks, $"sync-{hash}.lock");
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
