using System.Collections.Concurrent;
using System.Globalization;
using System.Management.Automation;
using System.Security.Cryptography;
using BandcampPS.FakeApi;
using Microsoft.Data.Sqlite;

namespace BandcampPS.Module.Tests;

public sealed class ImportBandcampRevenueTests : IAsyncLifetime
{
    private FakeApiSession _s = null!;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bcps-import-" + Guid.NewGuid().ToString("N"));
    private string Db => Path.Combine(_folder, "revenue.db");
    private const string Sales = "Get-BandcampBand | Get-BandcampSale -StartDate 2020-01-01 -EndDate 2025-01-01";

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

    private int ExpectedRows =>
        _s.Server.Sales.CountInRange(FakeBands.LabelId, null, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc))
        + _s.Server.Sales.CountInRange(FakeBands.SoloBandId, null, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc));

    private static object Prop(PSObject o, string name) => o.Properties[name].Value;

    private long Count(string where = "1=1")
    {
        using var connection = new SqliteConnection($"Data Source={Db};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM BandcampRevenue WHERE {where}";
        return (long)command.ExecuteScalar()!;
    }

    private string DatabaseHash()
    {
        SqliteConnection.ClearAllPools();
        using var sha = SHA256.Create();
        return string.Join(",", Directory.GetFiles(_folder, "revenue.db*").Order().Select(f => Convert.ToHexString(sha.ComputeHash(File.ReadAllBytes(f)))));
    }

    private PSObject Import(string extra = "", string source = Sales)
    {
        var result = _s.Run($"{source} | Import-BandcampRevenue -Database '{Db}' {extra}");
        Assert.True(result.Errors.Count == 0, string.Join("\n", result.Errors));
        return result.Output.Single(o => o.TypeNames[0].EndsWith("RevenueImportSummary"));
    }

    [Fact]
    public void Every_sale_is_stored_once_and_a_rerun_inserts_nothing()
    {
        var first = Import();
        Assert.Equal(ExpectedRows, (int)Prop(first, "Inserted"));
        Assert.Equal(0, (int)Prop(first, "AlreadyPresent"));
        Assert.Equal(ExpectedRows, Count());

        var second = Import();
        Assert.Equal(0, (int)Prop(second, "Inserted"));
        Assert.Equal(ExpectedRows, (int)Prop(second, "AlreadyPresent"));
        Assert.Equal(0, (int)Prop(second, "Updated"));
        Assert.Equal(ExpectedRows, Count());
    }

    [Fact]
    public void WhatIf_writes_nothing_and_reports_real_numbers_per_band_and_currency()
    {
        Import($"", source: $"Get-BandcampSale -BandId {FakeBands.SoloBandId} -StartDate 2020-01-01 -EndDate 2025-01-01");
        var before = DatabaseHash();
        var result = _s.Run($"{Sales} | Import-BandcampRevenue -Database '{Db}' -WhatIf");
        Assert.Empty(result.Errors);
        Assert.Equal(before, DatabaseHash());
        var summary = result.Output.Single();
        Assert.True((bool)Prop(summary, "WhatIf"));
        var solo = _s.Server.Sales.CountInRange(FakeBands.SoloBandId, null, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal(solo, (int)Prop(summary, "AlreadyPresent"));
        Assert.Equal(ExpectedRows - solo, (int)Prop(summary, "Inserted"));
        // The per band and currency counts are "What if" lines on the host (checked in real pwsh by the Pester suite);
        // here, where there is no host, their source: the summary's breakdown.
        var breakdown = _s.Run($"({Sales} | Import-BandcampRevenue -Database '{Db}' -WhatIf).GetBreakdown() | Where-Object {{ $_.BandId -eq {FakeBands.LabelId} -and $_.Currency -eq 'JPY' }}");
        Assert.True((int)Prop(Assert.Single(breakdown.Output), "Inserted") > 0);
    }

    [Fact]
    public void ClearExisting_deletes_nothing_when_the_run_fails_midway_and_replaces_when_it_succeeds()
    {
        Import();
        using (var connection = new SqliteConnection($"Data Source={Db};Pooling=False"))
        {
            connection.Open();
            using var plant = connection.CreateCommand();
            // A stored row Bandcamp no longer reports, inside the imported range, imported long ago.
            plant.CommandText = "UPDATE BandcampRevenue SET SaleKey = 'item:999999999999', ImportedAt = '2024-01-01 00:00:00' WHERE Id = (SELECT MIN(Id) FROM BandcampRevenue WHERE BandId = 3000000010 AND Source = 'Api')";
            Assert.Equal(1, plant.ExecuteNonQuery());
        }
        var before = DatabaseHash();

        var failing = _s.Run($"$n = 0; {Sales} | ForEach-Object {{ if (++$n -eq 1500) {{ throw 'network gone' }}; $_ }} | Import-BandcampRevenue -Database '{Db}' -ClearExisting -Force -BatchSize 500");
        Assert.NotEmpty(failing.Errors);
        Assert.Equal(before, DatabaseHash());

        var summary = Import("-ClearExisting -Force");
        Assert.Equal(1, (int)Prop(summary, "Cleared"));
        Assert.Equal(1, (int)Prop(summary, "Inserted"));
        Assert.Equal(ExpectedRows, Count());
        Assert.Equal(0, Count("SaleKey = 'item:999999999999'"));
    }

    [Fact]
    public void Two_importers_at_once_store_each_sale_once()
    {
        var errors = new ConcurrentBag<string>();
        var first = new Thread(() => Run(FakeBands.LabelId));
        var second = new Thread(() => Run(FakeBands.LabelId));
        first.Start(); second.Start(); first.Join(); second.Join();
        Assert.Empty(errors);
        var label = _s.Server.Sales.CountInRange(FakeBands.LabelId, null, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal(label, Count());

        void Run(long band)
        {
            using var shell = new PowerShellHost();
            var result = shell.Run($"$s = @({FakeApiSession.Connect.Replace("Connect-Bandcamp", "Connect-Bandcamp -PassThru")}); Get-BandcampSale -Connection $s[0] -BandId {band} -StartDate 2020-01-01 -EndDate 2025-01-01 | Import-BandcampRevenue -Database '{Db}' -BatchSize 200", _s.Variables());
            foreach (var error in result.Errors) errors.Add(error.ToString());
        }
    }

    [Fact]
    public void A_stopped_import_leaves_whole_batches_and_a_rerun_completes_without_doubles()
    {
        // The 250th sale waits in ForEach-Object until the stop has been asked for: by then the import has written two
        // batches and holds part of a third. Signals, not sleeps, so the stop lands at the same place every time.
        using var reached = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        using var shell = PowerShell.Create();
        shell.Runspace = _s.Shell.Runspace;
        foreach (System.Collections.DictionaryEntry v in _s.Variables()) _s.Shell.Runspace.SessionStateProxy.SetVariable((string)v.Key, v.Value);
        _s.Shell.Runspace.SessionStateProxy.SetVariable("reached", reached);
        _s.Shell.Runspace.SessionStateProxy.SetVariable("release", release);
        shell.AddScript($"$n = 0; {Sales} | ForEach-Object {{ if (++$n -eq 250) {{ $reached.Set(); $release.Wait() }}; $_ }} | Import-BandcampRevenue -Database '{Db}' -BatchSize 100");
        var running = shell.BeginInvoke();
        WaitHandle.WaitAny([reached.WaitHandle, running.AsyncWaitHandle]);
        Assert.True(reached.IsSet, "the import ended before its 250th sale");
        var stopping = shell.BeginStop(null, null);
        release.Set();
        shell.EndStop(stopping);
        Assert.True(running.IsCompleted);
        var stored = Count();
        Assert.Equal(0, stored % 100);
        Assert.InRange(stored, 200, ExpectedRows - 1);

        Import();
        Assert.Equal(ExpectedRows, Count());
    }

    [Fact]
    public void Names_shaped_like_sql_injection_are_stored_verbatim()
    {
        Import();
        var hostile = _s.Server.Sales.InRange(FakeBands.LabelId, null, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc))
            .First(s => s.ItemName?.Contains("DROP TABLE") == true);
        using var connection = new SqliteConnection($"Data Source={Db};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT ItemName FROM BandcampRevenue WHERE SaleKey = $key";
        command.Parameters.AddWithValue("$key", "item:" + hostile.BandcampTransactionItemId.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(hostile.ItemName, command.ExecuteScalar());
    }

    [Fact]
    public void Buyer_details_are_not_stored_unless_asked()
    {
        Import();
        Assert.Equal(0, Count("BuyerEmail IS NOT NULL"));
        Import("-IncludeBuyerDetails");
        Assert.True(Count("BuyerEmail IS NOT NULL") > 0);
    }

    [Fact]
    public void PassThru_emits_each_stored_row()
    {
        var result = _s.Run($"Get-BandcampSale -BandId {FakeBands.SoloBandId} -StartDate 2024-01-01 -EndDate 2025-01-01 | Import-BandcampRevenue -Database '{Db}' -PassThru");
        Assert.Empty(result.Errors);
        var rows = result.Output.Where(o => o.TypeNames[0].EndsWith("RevenueRow")).ToList();
        Assert.Equal(_s.Server.Sales.CountInRange(FakeBands.SoloBandId, null, new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc)), rows.Count);
        Assert.All(rows, r => Assert.StartsWith("item:", (string)Prop(r, "SaleKey")));
    }

    [Fact]
    public void A_killed_importing_process_loses_and_doubles_nothing_on_rerun()
    {
        // -PassThru emits each batch's rows once it is committed; the child prints one line per row. At its 350th sale
        // it says so and holds still until it is killed: three batches are committed and half of a fourth is not.
        using var child = ChildPowerShell.Start(
            $"Connect-Bandcamp; $n = 0; {Sales} | ForEach-Object {{ if (++$n -eq 350) {{ [Console]::Out.WriteLine('holding'); [Console]::Out.Flush(); [System.Threading.Thread]::Sleep(-1) }}; $_ }} | Import-BandcampRevenue -Database '{Db}' -BatchSize 100 -PassThru | ForEach-Object {{ [Console]::Out.WriteLine('committed'); [Console]::Out.Flush() }}",
            new Dictionary<string, string>
            {
                ["BANDCAMP_CLIENT_ID"] = _s.Server.Options.ClientId,
                ["BANDCAMP_CLIENT_SECRET"] = _s.Secret,
                ["BANDCAMP_BASE_URI"] = _s.Server.BaseUri.ToString(),
                // The parent's cache: the child must reuse its token, not ask Bandcamp for a second grant.
                ["BANDCAMP_TOKEN_CACHE"] = _s.TokenCache,
            });
        var committed = 0;
        var holding = false;
        while (!holding && child.StandardOutput.ReadLine() is { } line)
        {
            if (line == "committed") committed++;
            holding = line == "holding";
        }
        Assert.True(holding, "the child ended before its 350th sale");
        child.Kill(entireProcessTree: true);
        child.WaitForExit();

        var survived = Count();
        Assert.Equal(300, committed);
        Assert.Equal(committed, survived);
        Assert.Equal(0, survived % 100); // only whole batches were committed
        Assert.Equal(1L, _s.Server.Stats.ClientCredentialsGrants);

        Import();
        Assert.Equal(ExpectedRows, Count());
    }
}
