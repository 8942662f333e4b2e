using System.Text.Json;
using BandcampPS.Engine.Sales;
using BandcampPS.Engine.Storage;
using BandcampPS.Engine.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace BandcampPS.Benchmarks;

/// <summary>
/// Every in-memory stage of sales → SQLite beside the least work that stage could possibly do on the same input, in
/// the same run, on the report bodies <see cref="RawReportPhase"/> recorded: parse against a bare Utf8JsonReader
/// pass; map/validate/hash against copying the same fields into preallocated arrays; the store's SQLite write (its
/// three indexes, the key lookup, a transaction per batch) against one prepared INSERT per row through SQLitePCL in
/// one transaction into the same table without any index. No HTTP, no PowerShell. Each side is run three times and
/// its fastest run kept (<see cref="Cost.BestOfAsync"/>).
/// </summary>
internal static class StageFloorsPhase
{
    /// <summary>The map and write stages work on at most this many sales (held in memory together).</summary>
    private const int MaxRows = 100_000;

    private const int BatchSize = 5000;

    private const int Runs = 3;

    public sealed record Stage(string Name, string FloorName, long Rows, Cost Measured, Cost Floor)
    {
        public double Ratio => Measured.Cpu.TotalSeconds / Math.Max(Floor.Cpu.TotalSeconds, 1e-9);
    }

    public static async Task<IReadOnlyList<Stage>> RunAsync(IReadOnlyList<(long BandId, byte[] Body)> recorded, string work)
    {
        var parse = await ParseAsync(recorded);
        var sales = await CollectAsync(recorded, MaxRows);
        var (map, batches) = Map(sales);
        var write = await WriteAsync(batches, Path.Combine(work, "floor-store.db"), Path.Combine(work, "floor-bare.db"));
        return [parse, map, write];
    }

    private static async Task<Stage> ParseAsync(IReadOnlyList<(long BandId, byte[] Body)> recorded)
    {
        // Once untimed, so both sides run compiled code.
        await ParseAllAsync(recorded.Take(2).ToList());
        BareReaderPass(recorded.Take(2).ToList());
        long rows = 0;
        var measured = await Cost.BestOfAsync(Runs, () => Cost.MeasureAsync(async () => rows = await ParseAllAsync(recorded)));
        var floor = Cost.BestOf(Runs, () => Cost.Measure(() => BareReaderPass(recorded)));
        return new Stage("parse (report bytes -> BandcampSale)", "bare Utf8JsonReader pass over the same bytes", rows, measured, floor);
    }

    /// <summary>The engine's stream reader over recorded report bodies; the count of sales it read.</summary>
    internal static async Task<long> ParseAllAsync(IReadOnlyList<(long BandId, byte[] Body)> recorded)
    {
        long rows = 0;
        foreach (var (bandId, body) in recorded)
            await foreach (var row in SalesReportReader.ReadAsync(new MemoryStream(body, writable: false), bandId, null, "recorded report"))
                rows += row.Sale is null ? 0 : 1;
        return rows;
    }

    /// <summary>Touches every token (its type and its bytes) and keeps nothing.</summary>
    private static long BareReaderPass(IReadOnlyList<(long BandId, byte[] Body)> recorded)
    {
        long touched = 0;
        foreach (var (_, body) in recorded)
        {
            var reader = new Utf8JsonReader(body);
            while (reader.Read()) touched += (int)reader.TokenType + reader.ValueSpan.Length;
        }
        return touched;
    }

    private static async Task<List<BandcampSale>> CollectAsync(IReadOnlyList<(long BandId, byte[] Body)> recorded, int max)
    {
        var sales = new List<BandcampSale>(max);
        foreach (var (bandId, body) in recorded)
        {
            await foreach (var row in SalesReportReader.ReadAsync(new MemoryStream(body, writable: false), bandId, null, "recorded report"))
            {
                if (row.Sale is not { } sale) continue;
                sales.Add(sale);
                if (sales.Count == max) return sales;
            }
        }
        return sales;
    }

    /// <summary>What the importer does to every sale before SQLite sees it: key, map to a row, validate, hash.</summary>
    private static (Stage Stage, List<PreparedRow[]> Batches) Map(List<BandcampSale> sales)
    {
        MapAll(sales.Take(BatchSize).ToList(), keep: false);
        CopyFields(sales.Take(BatchSize).ToList(), new FieldCopy(BatchSize));
        // Timed as the importer runs it: each batch dropped once done (kept, they would cost the GC what no import pays).
        var measured = Cost.BestOf(Runs, () => Cost.Measure(() => MapAll(sales, keep: false)));
        var copy = new FieldCopy(sales.Count);
        var floor = Cost.BestOf(Runs, () => Cost.Measure(() => CopyFields(sales, copy)));
        var batches = MapAll(sales, keep: true);
        return (new Stage("map/validate/hash (BandcampSale -> keyed, checked, hashed row)", "copy the same fields into preallocated arrays", sales.Count, measured, floor), batches);
    }

    private static List<PreparedRow[]> MapAll(List<BandcampSale> sales, bool keep)
    {
        var keyer = new SaleKeyer();
        var batches = new List<PreparedRow[]>();
        var rows = new List<RevenueRow>(BatchSize);
        foreach (var sale in sales)
        {
            rows.Add(RevenueRow.FromSale(sale, keyer.KeyOfCarried(sale), includeBuyerDetails: false));
            if (rows.Count < BatchSize) continue;
            var batch = PreparedRow.PrepareBatch(rows, includeBuyerDetails: false);
            if (keep) batches.Add(batch);
            rows.Clear();
        }
        if (rows.Count > 0 && keep) batches.Add(PreparedRow.PrepareBatch(rows, includeBuyerDetails: false));
        return batches;
    }

    private static async Task<Stage> WriteAsync(List<PreparedRow[]> batches, string storeFile, string bareFile)
    {
        var rows = batches.Sum(b => b.Length);
        var run = 0;
        var measured = await Cost.BestOfAsync(Runs, () => StoreWriteAsync(batches, $"{storeFile}.{++run}"));
        var floor = Cost.BestOf(Runs, () => BareInsert(batches, $"{bareFile}.{++run}"));
        return new Stage("SQLite write (store: key lookup, 3 indexes, a transaction per batch)", "bare prepared INSERT, one transaction, no index", rows, measured, floor);
    }

    /// <summary>The store's write of the prepared batches into a new file, as the importer calls it.</summary>
    private static async Task<Cost> StoreWriteAsync(List<PreparedRow[]> batches, string file)
    {
        var store = new SqliteRevenueStore(file);
        await store.OpenAsync(StoreAccess.ReadWrite, CancellationToken.None);
        var import = (RevenueImport)await store.BeginImportAsync(new StoreImportOptions(), CancellationToken.None);
        var measured = await Cost.MeasureAsync(async () =>
        {
            foreach (var batch in batches) await import.WritePreparedAsync(batch, CancellationToken.None);
        });
        await import.DisposeAsync();
        await store.DisposeAsync();
        return measured;
    }

    /// <summary>The same values into the same columns, with nothing else: no key, no index, no lookup, one transaction.</summary>
    private static Cost BareInsert(List<PreparedRow[]> batches, string file)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        connection.Open();
        SqliteRevenueStore.Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -16384; PRAGMA wal_autocheckpoint = 0");
        var create = SqliteSchema.Migrations[0].Statements[0];
        var withoutKey = string.Join('\n', create.Split('\n').Where(line => !line.Contains("CONSTRAINT", StringComparison.Ordinal))).Replace("\"ImportedAt\" TEXT NOT NULL,", "\"ImportedAt\" TEXT NOT NULL");
        SqliteRevenueStore.Execute(connection, withoutKey);
        // The columns later schema versions added, so the floor writes every column the store writes.
        foreach (var added in SqliteSchema.Migrations.SelectMany(m => m.Statements).Where(s => s.StartsWith("ALTER TABLE \"BandcampRevenue\" ADD", StringComparison.Ordinal)))
            SqliteRevenueStore.Execute(connection, added);
        string[] parameters = [.. RevenueColumns.All.Select(c => "@" + RevenueColumns.Name(c)), "@ContentHash"];
        using var insert = new PositionalStatement(connection, SqliteStatements.Insert, parameters);
        var importedAt = DateTime.UtcNow;
        return Cost.Measure(() =>
        {
            using var transaction = connection.BeginTransaction();
            foreach (var batch in batches)
            {
                foreach (var row in batch)
                {
                    foreach (var column in RevenueColumns.All)
                        insert.Bind((int)column, column == RevenueColumn.ImportedAt ? importedAt : row.Values[(int)column]);
                    insert.Bind(parameters.Length - 1, ContentHasher.ToBytes(row.ContentHash));
                    insert.Execute();
                }
            }
            transaction.Commit();
        });
    }

    private static void CopyFields(List<BandcampSale> sales, FieldCopy into)
    {
        for (var i = 0; i < sales.Count; i++) into.Copy(i, sales[i]);
    }
}
