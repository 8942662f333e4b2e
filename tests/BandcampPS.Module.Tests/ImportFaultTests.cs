using System.Globalization;
using System.Management.Automation;
using System.Security.Cryptography;
using System.Text;
using BandcampPS.FakeApi;
using Microsoft.Data.Sqlite;

namespace BandcampPS.Module.Tests;

/// <summary>
/// Import-BandcampRevenue under the faults of a real night (issue 8): -ClearExisting never deletes what the run did
/// not read and store completely, -WhatIf changes nothing, a run without -Currency keeps stored conversions.
/// </summary>
public sealed class ImportFaultTests : IAsyncLifetime
{
    private static readonly DateTime Start = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime End = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private const string Sales = "Get-BandcampBand | Get-BandcampSale -StartDate 2020-01-01 -EndDate 2025-01-01";
    private const string LabelSales = "Get-BandcampSale -BandId 3000000001 -StartDate 2020-01-01 -EndDate 2025-01-01";
    private FakeApiSession _s = null!;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bcps-faults-" + Guid.NewGuid().ToString("N"));
    private string Db => Path.Combine(_folder, "revenue.db");

    public async Task InitializeAsync()
    {
        _s = await FakeApiSession.StartAsync(new FakeBandcampOptions { SaleCount = 2500, Seed = 5 });
        Directory.CreateDirectory(_folder);
        Assert.Empty(_s.Run(FakeApiSession.Connect).Errors);
    }

    public async Task DisposeAsync()
    {
        await _s.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private int Expected => _s.Server.Sales.CountInRange(FakeBands.LabelId, null, Start, End) + _s.Server.Sales.CountInRange(FakeBands.SoloBandId, null, Start, End);

    private static object Prop(PSObject o, string name) => o.Properties[name].Value;

    private static PSObject Summary(ScriptResult result) => result.Output.Single(o => o.TypeNames[0].EndsWith("RevenueImportSummary"));

    private object? Sql(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Db};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private long Count(string where = "1=1") => (long)Sql($"SELECT COUNT(*) FROM BandcampRevenue WHERE {where}")!;

    /// <summary>A stored row Bandcamp no longer reports, imported long ago: what -ClearExisting exists to remove.</summary>
    private void PlantStale(long itemId, DateTime saleDate, string itemType = "album") => Sql($"""
        INSERT INTO BandcampRevenue (Source, SaleKey, ContentHash, BandId, TransactionId, TransactionItemId, SaleDate, ItemType, Currency, ImportedAt)
        VALUES ('Api', 'item:{itemId}', zeroblob(16), {FakeBands.LabelId}, '{itemId}', {itemId}, '{saleDate:yyyy-MM-dd HH:mm:ss}', '{itemType}', 'USD', '2024-01-01 00:00:00')
        """);

    private ScriptResult Run(string script) => _s.Run(script);

    private void ImportAll(string extra = "") => Assert.Empty(Run($"{Sales} | Import-BandcampRevenue -Database '{Db}' {extra}").Errors);

    private string FolderState()
    {
        SqliteConnection.ClearAllPools();
        return string.Join("\n", Directory.GetFiles(_folder).Order().Select(f => $"{Path.GetFileName(f)} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))}"));
    }

    [Fact]
    public void ClearExisting_keeps_every_stored_row_of_a_chunk_that_was_blocked_and_names_it_but_replaces_the_chunks_read()
    {
        ImportAll();
        PlantStale(999_999_000_001, new DateTime(2020, 3, 10, 0, 0, 0, DateTimeKind.Utc)); // in the chunk that will fail
        PlantStale(999_999_000_002, new DateTime(2020, 10, 10, 0, 0, 0, DateTimeKind.Utc)); // in a chunk read completely
        _s.Server.Faults.HtmlBlockNext(1, skip: 2, path: Routes.SalesReport); // the label's third chunk: March 2020

        // One request at a time, so the third request to arrive is the label's third chunk.
        var result = Run($"{Sales} -ThrottleLimit 1 | Import-BandcampRevenue -Database '{Db}' -ClearExisting -Force");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("BandcampBlocked", error.FullyQualifiedErrorId);
        var summary = Summary(result);
        Assert.Equal(1, (int)Prop(summary, "Cleared"));
        Assert.Equal(1, (int)Prop(summary, "ClearSkipped"));
        Assert.Contains("[2020-03-01 00:00:00, 2020-03-31 00:00:00)", (string)Prop(summary, "ClearSkippedReason"));
        Assert.Contains(result.Warnings, w => w.Contains("left 1 read window(s) untouched"));
        Assert.Equal(1, Count("SaleKey = 'item:999999000001'"));
        Assert.Equal(0, Count("SaleKey = 'item:999999000002'"));
        Assert.Equal(Expected + 1, Count());
    }

    [Fact]
    public void ClearExisting_keeps_the_stored_copy_of_a_sale_whose_row_could_not_be_read()
    {
        ImportAll();
        var victim = _s.Server.Sales.InRange(FakeBands.LabelId, null, Start, End).ElementAt(300);
        _s.Server.Faults.InvalidDateForTransactionItemId(victim.BandcampTransactionItemId);

        var result = Run($"{Sales} | Import-BandcampRevenue -Database '{Db}' -ClearExisting -Force");

        Assert.StartsWith("BandcampSaleDateInvalid", Assert.Single(result.Errors).FullyQualifiedErrorId);
        Assert.Equal(1, Count($"SaleKey = 'item:{victim.BandcampTransactionItemId}'"));
        Assert.Equal(Expected, Count());
        Assert.Equal(1, (int)Prop(Summary(result), "ClearSkipped"));
    }

    [Fact]
    public void ClearExisting_deletes_no_row_of_a_window_whose_sales_could_not_be_converted()
    {
        ImportAll();
        var rates = Path.Combine(_folder, "rates-without-aud.csv");
        File.WriteAllText(rates, EcbCsv("USD", "JPY", "GBP", "CAD")); // no AUD
        var aud = Count("Currency = 'AUD'");
        Assert.True(aud > 0);

        var result = Run($"{Sales} | Import-BandcampRevenue -Database '{Db}' -Currency EUR -ExchangeRatePath '{rates}' -ClearExisting -Force");

        Assert.All(result.Errors, e => Assert.StartsWith("BandcampExchangeRateNotFound", e.FullyQualifiedErrorId));
        Assert.Equal(aud, Count("Currency = 'AUD'"));
        Assert.Equal(Expected, Count());
        Assert.True((int)Prop(Summary(result), "ClearSkipped") > 0);
    }

    [Fact]
    public void Sales_picked_out_of_a_read_clear_nothing_whatever_their_dates()
    {
        ImportAll();
        PlantStale(999_999_000_003, new DateTime(2022, 6, 1, 0, 0, 0, DateTimeKind.Utc));

        var result = Run($"$s = @({LabelSales}); $s[0], $s[-1] | Import-BandcampRevenue -Database '{Db}' -ClearExisting -Force");

        Assert.Empty(result.Errors);
        Assert.Equal(0, (int)Prop(Summary(result), "Cleared"));
        Assert.True((int)Prop(Summary(result), "ClearSkipped") > 1);
        Assert.Equal(Expected + 1, Count());
    }

    [Fact]
    public void A_whole_read_held_in_a_variable_is_still_known_and_may_replace()
    {
        ImportAll();
        PlantStale(999_999_000_004, new DateTime(2022, 6, 1, 0, 0, 0, DateTimeKind.Utc));

        var result = Run($"$s = @({LabelSales}); $s | Import-BandcampRevenue -Database '{Db}' -ClearExisting -Force");

        Assert.Empty(result.Errors);
        Assert.Equal(1, (int)Prop(Summary(result), "Cleared"));
        Assert.Equal(Expected, Count());
    }

    [Fact]
    public void A_music_only_read_replaces_music_rows_only_and_a_one_month_album_read_only_albums_of_that_month()
    {
        ImportAll();
        PlantStale(999_999_000_005, new DateTime(2022, 6, 1, 0, 0, 0, DateTimeKind.Utc), "album");
        PlantStale(999_999_000_006, new DateTime(2022, 6, 1, 0, 0, 0, DateTimeKind.Utc), "package");
        var stored = Count();

        var music = Run($"Get-BandcampSale -BandId {FakeBands.LabelId} -StartDate 2020-01-01 -EndDate 2025-01-01 -MusicOnly | Import-BandcampRevenue -Database '{Db}' -ClearExisting -Force");
        Assert.Empty(music.Errors);
        Assert.Equal(1, (int)Prop(Summary(music), "Cleared"));
        Assert.Equal(0, Count("SaleKey = 'item:999999000005'"));
        Assert.Equal(1, Count("SaleKey = 'item:999999000006'"));

        var albums = Run($"Get-BandcampSale -BandId {FakeBands.LabelId} -StartDate 2022-05-01 -EndDate 2022-06-01 -ItemType album | Import-BandcampRevenue -Database '{Db}' -ClearExisting -Force");
        Assert.Empty(albums.Errors);
        Assert.Equal(0, (int)Prop(Summary(albums), "Cleared"));
        Assert.Equal(stored - 1, Count());
    }

    [Fact]
    public void Input_that_does_not_say_what_was_read_is_refused_by_ClearExisting_before_anything_is_written()
    {
        ImportAll();
        var before = FolderState();
        var sale = ExchangeRateFiles.Sale(ExchangeRateFiles.SaleType(_s.Shell), 42, "USD", 10m, new DateTime(2022, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        _s.Shell.Runspace.SessionStateProxy.SetVariable("handMade", sale);

        var result = Run($"$handMade | Import-BandcampRevenue -Database '{Db}' -ClearExisting -Force");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("BandcampClearScopeUnknown", error.FullyQualifiedErrorId);
        Assert.Contains("Get-BandcampSale", error.Exception.Message);
        Assert.Equal(before, FolderState());
    }

    [Fact]
    public void A_CSV_export_read_with_its_band_and_dates_may_replace_that_range_and_one_read_without_them_is_refused()
    {
        var export = Path.Combine(_folder, "sales.csv");
        using (var file = File.Create(export))
            FakeCsvExport.Write(file, _s.Server.Sales.InRange(FakeBands.SoloBandId, null, Start, End));
        var read = $"Get-BandcampSale -Path '{export}' -BandId {FakeBands.SoloBandId}";
        Assert.Empty(Run($"{read} | Import-BandcampRevenue -Database '{Db}'").Errors);
        Sql($"""
            INSERT INTO BandcampRevenue (Source, SaleKey, ContentHash, BandId, TransactionId, SaleDate, ItemType, Currency, ImportedAt)
            VALUES ('Csv', 'line:t1:0000000000000000:1', zeroblob(16), {FakeBands.SoloBandId}, 't1', '2022-06-01 00:00:00', 'album', 'USD', '2024-01-01 00:00:00')
            """);

        var unscoped = Run($"{read} | Import-BandcampRevenue -Database '{Db}' -ClearExisting -Force");
        Assert.StartsWith("BandcampClearScopeUnknown", Assert.Single(unscoped.Errors).FullyQualifiedErrorId);

        var scoped = Run($"{read} -StartDate 2020-01-01 -EndDate 2025-01-01 | Import-BandcampRevenue -Database '{Db}' -ClearExisting -Force");
        Assert.Empty(scoped.Errors);
        Assert.Equal((0, 1), ((int)Prop(Summary(scoped), "Inserted"), (int)Prop(Summary(scoped), "Cleared")));
        Assert.Equal(0, Count("TransactionId = 't1'"));
    }

    [Fact]
    public void Without_a_way_to_ask_ClearExisting_deletes_nothing_and_names_Force_and_the_count()
    {
        ImportAll();
        PlantStale(999_999_000_007, new DateTime(2022, 6, 1, 0, 0, 0, DateTimeKind.Utc));

        var result = Run($"{LabelSales} | Import-BandcampRevenue -Database '{Db}' -ClearExisting");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("BandcampClearNotConfirmed", error.FullyQualifiedErrorId);
        Assert.Contains("-Force", error.Exception.Message);
        Assert.Contains("would delete 1 stored row", error.Exception.Message);
        Assert.Equal(1, Count("SaleKey = 'item:999999000007'"));
        Assert.Equal(0, (int)Prop(Summary(result), "Cleared"));
    }

    [Fact]
    public void WhatIf_on_a_path_that_does_not_exist_creates_neither_folder_nor_file()
    {
        var missing = Path.Combine(_folder, "not", "yet", "revenue.db");

        var result = Run($"{LabelSales} | Import-BandcampRevenue -Database '{missing}' -WhatIf -ClearExisting");

        Assert.Empty(result.Errors);
        Assert.Equal(_s.Server.Sales.CountInRange(FakeBands.LabelId, null, Start, End), (int)Prop(Summary(result), "Inserted"));
        Assert.False(Directory.Exists(Path.Combine(_folder, "not")));
    }

    [Fact]
    public void WhatIf_leaves_a_rollback_journal_database_byte_for_byte_as_it_was()
    {
        ImportAll();
        Sql("PRAGMA journal_mode = DELETE");
        var before = FolderState();

        var result = Run($"{Sales} | Import-BandcampRevenue -Database '{Db}' -WhatIf -ClearExisting");

        Assert.Empty(result.Errors);
        Assert.Equal(Expected, (int)Prop(Summary(result), "AlreadyPresent"));
        Assert.Equal(before, FolderState());
    }

    [Fact]
    public void A_database_the_import_creates_is_readable_by_its_owner_only()
    {
        if (OperatingSystem.IsWindows()) return; // Unix file modes; Windows keeps the profile folder's ACL
        ImportAll();
#pragma warning disable CA1416
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Db));
#pragma warning restore CA1416
    }

    [Fact]
    public void A_run_without_Currency_keeps_stored_conversions_and_counts_nothing_updated_and_another_currency_is_refused_before_reading()
    {
        var rates = Path.Combine(_folder, "rates.csv");
        File.WriteAllText(rates, EcbCsv("USD", "JPY", "GBP", "CAD", "AUD"));
        ImportAll($"-Currency EUR -ExchangeRatePath '{rates}'");
        var converted = Sql("SELECT group_concat(ConvertedNetAmount, '|') FROM (SELECT ConvertedNetAmount FROM BandcampRevenue ORDER BY Id)");

        var plain = Run($"{Sales} | Import-BandcampRevenue -Database '{Db}'");
        Assert.Empty(plain.Errors);
        Assert.Equal(0, (int)Prop(Summary(plain), "Updated"));
        Assert.Equal(converted, Sql("SELECT group_concat(ConvertedNetAmount, '|') FROM (SELECT ConvertedNetAmount FROM BandcampRevenue ORDER BY Id)"));

        var reads = _s.Server.Stats.SalesReportRequests;
        var usd = Run($"{Sales} | Import-BandcampRevenue -Database '{Db}' -Currency USD -ExchangeRatePath '{rates}'");
        var error = Assert.Single(usd.Errors);
        Assert.StartsWith("BandcampReportingCurrencyConflict", error.FullyQualifiedErrorId);
        Assert.Contains("-Currency EUR", error.Exception.Message);
        Assert.Equal(reads, _s.Server.Stats.SalesReportRequests);
    }

    [Fact]
    public async Task A_ClearExisting_import_waiting_on_the_network_lets_another_importer_write_meanwhile()
    {
        ImportAll();
        // The long run reads its first chunk, writes it, then waits on Bandcamp for its second: it used to hold one
        // write transaction through every such wait, so an importer beside it failed with "database is locked".
        _s.Server.Faults.HoldNext(1, skip: 1, path: Routes.SalesReport);
        using var longRun = new PowerShellHost();
        var connect = FakeApiSession.Connect.Replace("Connect-Bandcamp", "Connect-Bandcamp -PassThru");
        var slow = Task.Run(() => longRun.Run($"$c = @({connect})[0]; Get-BandcampSale -Connection $c -BandId {FakeBands.LabelId} -StartDate 2020-01-01 -EndDate 2025-01-01 -ChunkDays 365 | Import-BandcampRevenue -Database '{Db}' -ClearExisting -Force -BatchSize 100", _s.Variables()));
        await Task.WhenAny(_s.Server.Faults.WhenHeldAsync(1), slow); // mid-run, on the network (or ended: asserted below)

        var other = Run($"Get-BandcampSale -BandId {FakeBands.SoloBandId} -StartDate 2020-01-01 -EndDate 2025-01-01 | Import-BandcampRevenue -Database '{Db}'");
        _s.Server.Faults.ReleaseHeld();

        Assert.Empty(other.Errors);
        Assert.Empty((await slow).Errors);
        Assert.Equal(Expected, Count());
    }

    /// <summary>ECB-style rates for every weekday the fake's sales fall on, for the given currencies.</summary>
    private static string EcbCsv(params string[] currencies)
    {
        var text = new StringBuilder("Date," + string.Join(",", currencies) + ",\n");
        for (var day = new DateTime(2025, 1, 3); day >= new DateTime(2019, 12, 2); day = day.AddDays(-1))
        {
            if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) continue;
            text.Append(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(',');
            foreach (var c in currencies) text.Append(c switch { "JPY" => "150.25", "GBP" => "0.8571", "USD" => "1.0842", _ => "1.5125" }).Append(',');
            text.Append('\n');
        }
        return text.ToString();
    }
}
