using System.Management.Automation;
using BandcampPS.FakeApi;
using Microsoft.Data.Sqlite;

namespace BandcampPS.Module.Tests;

public sealed class SyncBandcampRevenueTests : IAsyncLifetime
{
    private static readonly DateTime First = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Cut = new(2023, 6, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Later = new(2023, 6, 1, 1, 0, 0, DateTimeKind.Utc);
    private FakeApiSession _s = null!;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bcps-sync-" + Guid.NewGuid().ToString("N"));
    private string Db => Path.Combine(_folder, "revenue.db");

    public async Task InitializeAsync()
    {
        // Sales dense enough that the hour between two runs brings new ones.
        _s = await FakeApiSession.StartAsync(new FakeBandcampOptions
        {
            SaleCount = 4000, Seed = 3, SalesStartUtc = new DateTime(2023, 5, 1, 0, 0, 0, DateTimeKind.Utc), SalesEndUtc = new DateTime(2023, 6, 2, 0, 0, 0, DateTimeKind.Utc),
        });
        Directory.CreateDirectory(_folder);
        Assert.Empty(_s.Run(FakeApiSession.Connect).Errors);
    }

    public async Task DisposeAsync()
    {
        await _s.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private int InRange(DateTime end) =>
        _s.Server.Sales.CountInRange(FakeBands.LabelId, null, First, end) + _s.Server.Sales.CountInRange(FakeBands.SoloBandId, null, First, end);

    private long Count()
    {
        using var connection = new SqliteConnection($"Data Source={Db};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM BandcampRevenue";
        return (long)command.ExecuteScalar()!;
    }

    private ScriptResult Sync(string extra) => _s.Run($"Sync-BandcampRevenue -Database '{Db}' {extra} -InformationAction Continue");

    [Fact]
    public void A_first_run_without_since_says_what_to_do_for_each_band()
    {
        var result = Sync("");
        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.StartsWith("BandcampSyncNeedsSince", e.FullyQualifiedErrorId));
        Assert.Contains("-Since", result.Errors[0].Exception.Message);
    }

    [Fact]
    public void An_end_not_after_Since_is_refused_naming_Since_the_parameter_Sync_has()
    {
        var result = Sync("-Since 2024-02-01 -EndDate 2024-01-01");
        var error = Assert.Single(result.Errors);
        Assert.Equal("BandcampDateRangeInvalid,BandcampPS.Commands.SyncBandcampRevenueCommand", error.FullyQualifiedErrorId);
        Assert.Equal("-EndDate 2024-01-01 00:00:00Z is not after -Since 2024-02-01 00:00:00Z (dates without a time zone are taken as UTC).", error.Exception.Message);
        Assert.False(File.Exists(Db));
    }

    [Fact]
    public void Two_runs_an_hour_apart_store_every_sale_once()
    {
        var first = Sync($"-Since 2020-01-01 -EndDate '{Cut:yyyy-MM-dd HH:mm}'");
        Assert.Empty(first.Errors);
        Assert.Equal(InRange(Cut), Count());
        Assert.Equal(2, first.Output.Count); // one result per band

        var second = Sync($"-EndDate '{Later:yyyy-MM-dd HH:mm}'");
        Assert.Empty(second.Errors);
        Assert.Equal(InRange(Later), Count());
        var inserted = second.Output.Sum(o => (int)o.Properties["Inserted"].Value);
        var present = second.Output.Sum(o => (int)o.Properties["AlreadyPresent"].Value);
        Assert.Equal(InRange(Later) - InRange(Cut), inserted);
        Assert.True(present > 0, "the overlap window re-reads stored sales");
        Assert.All(second.Output, o => Assert.True((DateTime)o.Properties["StartUtc"].Value < Cut));
    }

    [Fact]
    public void Several_requests_in_flight_store_every_sale_once_and_carry_the_watermark_to_the_end()
    {
        var result = Sync($"-Since 2020-01-01 -EndDate '{Cut:yyyy-MM-dd HH:mm}' -ThrottleLimit 8");

        Assert.Empty(result.Errors);
        Assert.Equal(InRange(Cut), Count());
        Assert.All(result.Output, o => Assert.Equal(Cut, (DateTime)o.Properties["CompleteThroughUtc"].Value));
    }

    [Fact]
    public void A_sale_changed_inside_the_overlap_window_is_updated_in_place()
    {
        Assert.Empty(Sync($"-Since 2020-01-01 -EndDate '{Cut:yyyy-MM-dd HH:mm}'").Errors);
        using (var connection = new SqliteConnection($"Data Source={Db};Pooling=False"))
        {
            connection.Open();
            using var stale = connection.CreateCommand();
            // As if Bandcamp had changed the sale since: other values, so another content hash.
            stale.CommandText = "UPDATE BandcampRevenue SET NetAmount = '0.01', ContentHash = zeroblob(16) WHERE Id = (SELECT Id FROM BandcampRevenue WHERE BandId = 3000000010 ORDER BY SaleDate DESC LIMIT 1)";
            Assert.Equal(1, stale.ExecuteNonQuery());
        }
        var result = Sync($"-EndDate '{Cut:yyyy-MM-dd HH:mm}'");
        Assert.Empty(result.Errors);
        Assert.Equal(1, result.Output.Sum(o => (int)o.Properties["Updated"].Value));
        Assert.Equal(InRange(Cut), Count());
    }

    [Fact]
    public void With_ErrorAction_Stop_a_failing_band_ends_the_run_for_the_scheduler()
    {
        var result = _s.Run($"try {{ Sync-BandcampRevenue -Database '{Db}' -BandId 999 -Since 2023-05-01 -ErrorAction Stop; 'not reached' }} catch {{ 'caught: ' + $_.FullyQualifiedErrorId }}");
        Assert.Equal("caught: BandcampApiError,BandcampPS.Commands.SyncBandcampRevenueCommand", Assert.Single(result.Output).ToString());
    }

    [Fact]
    public void Overlapping_runs_take_turns_and_store_each_sale_once()
    {
        var threads = Enumerable.Range(0, 2).Select(_ => new Thread(() =>
        {
            using var shell = new PowerShellHost();
            var result = shell.Run($"$c = {FakeApiSession.Connect} -PassThru; Sync-BandcampRevenue -Connection $c -Database '{Db}' -Since 2020-01-01 -EndDate '{Cut:yyyy-MM-dd HH:mm}'", _s.Variables());
            Assert.Empty(result.Errors);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Equal(InRange(Cut), Count());
    }

    [Fact]
    public void A_first_night_blocked_by_a_403_is_caught_up_by_the_next_nightly_run_without_Since()
    {
        _s.Server.Faults.HtmlBlockNext(1, path: Routes.SalesReport); // the label's first chunk

        var failed = Sync($"-Since 2023-05-01 -EndDate '{Cut:yyyy-MM-dd HH:mm}' -ChunkDays 7");
        Assert.StartsWith("BandcampBlocked", Assert.Single(failed.Errors).FullyQualifiedErrorId);
        Assert.NotEqual(InRange(Cut), Count());

        var nightly = Sync($"-EndDate '{Cut:yyyy-MM-dd HH:mm}' -ChunkDays 7"); // the README's cron line: no -Since
        Assert.Empty(nightly.Errors);
        Assert.Equal(InRange(Cut), Count());
        Assert.All(nightly.Output, o => Assert.Equal(Cut, (DateTime)o.Properties["CompleteThroughUtc"].Value));
    }

    [Fact]
    public void A_chunk_that_failed_in_the_middle_of_a_range_is_read_again_the_next_night()
    {
        _s.Server.Faults.ServerErrorsNext(6, skip: 1, path: Routes.SalesReport); // the label's second chunk, every retry

        // One request at a time, so the second request to arrive is the label's second chunk.
        var first = Sync($"-Since 2023-05-01 -EndDate '{Cut:yyyy-MM-dd HH:mm}' -ChunkDays 7 -ThrottleLimit 1");
        Assert.Single(first.Errors);
        var label = first.Output.Single(o => (long)o.Properties["BandId"].Value == FakeBands.LabelId);
        Assert.Equal(new DateTime(2023, 5, 8, 0, 0, 0, DateTimeKind.Utc), (DateTime)label.Properties["CompleteThroughUtc"].Value);
        Assert.NotNull(label.Properties["NotRead"].Value);

        var next = Sync($"-EndDate '{Cut:yyyy-MM-dd HH:mm}' -ChunkDays 7");
        Assert.Empty(next.Errors);
        Assert.Equal(InRange(Cut), Count());
    }

    [Fact]
    public void WhatIf_leaves_no_lock_file_no_folder_and_no_database()
    {
        var missing = Path.Combine(_folder, "fresh", "revenue.db");

        var result = _s.Run($"Sync-BandcampRevenue -Database '{missing}' -Since 2023-05-01 -EndDate '{Cut:yyyy-MM-dd HH:mm}' -WhatIf");

        Assert.Empty(result.Errors);
        Assert.Equal(InRange(Cut) - _s.Server.Sales.CountInRange(FakeBands.LabelId, null, First, new DateTime(2023, 5, 1, 0, 0, 0, DateTimeKind.Utc)) - _s.Server.Sales.CountInRange(FakeBands.SoloBandId, null, First, new DateTime(2023, 5, 1, 0, 0, 0, DateTimeKind.Utc)),
            result.Output.Sum(o => (int)o.Properties["Inserted"].Value));
        Assert.False(Directory.Exists(Path.Combine(_folder, "fresh")));
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public void A_first_sync_into_a_folder_that_does_not_exist_yet_creates_it()
    {
        var nested = Path.Combine(_folder, "var", "lib", "bandcampps", "revenue.db");

        var result = _s.Run($"Sync-BandcampRevenue -Database '{nested}' -Since 2023-05-01 -EndDate '{Cut:yyyy-MM-dd HH:mm}'");

        Assert.Empty(result.Errors);
        Assert.True(File.Exists(nested));
    }

    [Fact]
    public void A_band_given_by_id_is_reported_with_its_name()
    {
        var result = Sync($"-BandId {FakeBands.LabelId} -Since 2023-05-01 -EndDate '{Cut:yyyy-MM-dd HH:mm}'");

        Assert.Empty(result.Errors);
        Assert.Equal(FakeBands.LabelName, Assert.Single(result.Output).Properties["Name"].Value);
    }
}
