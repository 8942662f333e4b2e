using BandcampPS.Engine.Sales;
using BandcampPS.Engine.Storage;

namespace BandcampPS.Engine.Import;

public sealed class RevenueSyncOptions
{
    /// <summary>How far before the newest stored sale each run starts again, to pick up late refunds and changes.</summary>
    public TimeSpan Overlap { get; init; } = TimeSpan.FromDays(3);

    /// <summary>Where a band with nothing stored yet starts; required for a first run.</summary>
    public DateTime? SinceUtc { get; init; }

    public DateTime EndUtc { get; init; } = DateTime.UtcNow;
    public int ChunkDays { get; init; } = SalesReportRequest.DefaultChunkDays;
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
    public TimeSpan Duration { get; init; }
    public string Target { get; init; } = "";

    public override string ToString() =>
        $"{Name ?? "band"} ({BandId}): {StartUtc:yyyy-MM-dd HH:mm} to {EndUtc:yyyy-MM-dd HH:mm} UTC, {Fetched} fetched, " +
        $"{Inserted} new, {Updated} updated, {AlreadyPresent} already stored, {Failed} failed";
}

/// <summary>
/// Incremental sync of one band: from the newest stored API sale minus the overlap (or Since on a first run)
/// up to the end, fetched chunk by chunk and imported in batches. Idempotent, so overlapping windows are safe.
/// </summary>
public sealed class RevenueSync(BandcampConnection connection, IRevenueStore store, RevenueSyncOptions options)
{
    public async Task<RevenueSyncResult> SyncBandAsync(long bandId, string? name, Action<object> reportError, CancellationToken ct)
    {
        var latest = await store.GetLatestSaleDateAsync(BandcampSaleSource.Api, bandId, ct).ConfigureAwait(false);
        var start = options.SinceUtc ?? (latest is { } newest ? newest - options.Overlap
            : throw new BandcampException(BandcampErrorIds.SyncNeedsSince, BandcampErrorKind.InvalidArgument,
                $"Nothing of band {bandId} is stored in {store.Target} yet: run the first sync with -Since to say how far back to start.", bandId));
        if (start >= options.EndUtc)
            return new RevenueSyncResult { BandId = bandId, Name = name, StartUtc = start, EndUtc = options.EndUtc, Target = store.Target };

        await using var importer = new RevenueImporter(store, options.Import);
        await importer.StartAsync(ct).ConfigureAwait(false);
        var fetched = 0;
        var request = new SalesReportRequest(bandId, null, start, options.EndUtc, options.ChunkDays);
        await foreach (var row in connection.GetSalesAsync(request, null, ct).ConfigureAwait(false))
        {
            if (row.Error is { } parseError)
            {
                reportError(parseError);
                continue;
            }
            fetched++;
            if (importer.Add(row.Sale!) is { } refused) reportError(refused);
            if (importer.IsBatchFull) await importer.FlushAsync(reportError, ct).ConfigureAwait(false);
        }
        var (summary, _) = await importer.CompleteAsync(reportError, ct).ConfigureAwait(false);
        return new RevenueSyncResult
        {
            BandId = bandId,
            Name = name,
            StartUtc = start,
            EndUtc = options.EndUtc,
            Fetched = fetched,
            Inserted = summary.Inserted,
            AlreadyPresent = summary.AlreadyPresent,
            Updated = summary.Updated,
            Failed = summary.Failed,
            Duration = summary.Duration,
            Target = summary.Target,
        };
    }
}
