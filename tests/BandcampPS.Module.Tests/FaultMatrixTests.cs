using System.Diagnostics;
using System.Globalization;
using BandcampPS.FakeApi;
using Microsoft.Data.Sqlite;

namespace BandcampPS.Module.Tests;

/// <summary>
/// The faults only real processes show (issue 8's matrix): a killed importer, importers racing each other, processes
/// connecting at once. Each case ends with the store compared to a clean import of the same range: same rows, same
/// per-currency sums.
/// </summary>
public sealed class FaultMatrixTests : IAsyncLifetime
{
    private const string Label = "Get-BandcampSale -BandId 3000000001 -StartDate 2020-01-01 -EndDate 2025-01-01";
    private FakeApiSession _s = null!;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bcps-matrix-" + Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        _s = await FakeApiSession.StartAsync(new FakeBandcampOptions { SaleCount = 3000, Seed = 9, PayoutsHaveItemIds = false });
        Directory.CreateDirectory(_folder);
    }

    public async Task DisposeAsync()
    {
        await _s.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private Dictionary<string, string> Environment() => new()
    {
        ["BANDCAMP_CLIENT_ID"] = _s.Server.Options.ClientId,
        ["BANDCAMP_CLIENT_SECRET"] = _s.Secret,
        ["BANDCAMP_BASE_URI"] = _s.Server.BaseUri.ToString(),
        ["BANDCAMP_TOKEN_CACHE"] = _s.TokenCache,
    };

    private Process Child(string script) => ChildPowerShell.Start($"Connect-Bandcamp; {script}", Environment());

    private static (int Exit, string Errors) Finish(Process child)
    {
        var errors = child.StandardError.ReadToEndAsync();
        child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        return (child.ExitCode, errors.Result);
    }

    /// <summary>Rows and per-currency sums: what a finance person compares.</summary>
    private static string Content(string database)
    {
        SqliteConnection.ClearAllPools();
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT SaleKey, Currency, NetAmount FROM BandcampRevenue";
        var rows = new List<(string Key, string Currency, decimal Net)>();
        using (var reader = command.ExecuteReader())
            while (reader.Read())
                rows.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? 0m : decimal.Parse(reader.GetString(2), CultureInfo.InvariantCulture)));
        var sums = rows.GroupBy(r => r.Currency).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()} {g.Sum(r => r.Net)}");
        return $"{rows.Count} rows, {rows.Select(r => r.Key).Distinct().Count()} keys: {string.Join("; ", sums)}";
    }

    private string CleanImport()
    {
        var clean = Path.Combine(_folder, "clean.db");
        Assert.Empty(_s.RunConnected($"{Label} | Import-BandcampRevenue -Database '{clean}'").Errors);
        return Content(clean);
    }

    [Theory]
    [InlineData(150)]
    [InlineData(777)]
    [InlineData(1234)]
    public void An_importer_killed_at_any_moment_and_run_again_leaves_the_store_equal_to_a_clean_import(int killAtSale)
    {
        var db = Path.Combine(_folder, $"killed-{killAtSale}.db");
        Assert.Empty(_s.RunConnected($"{Label} | Import-BandcampRevenue -Database '{db}'").Errors);
        // The kill lands while the child holds an unfinished batch: the sale it stops at is in the middle of one.
        using var child = Child($"$n = 0; {Label} | ForEach-Object {{ if (++$n -eq {killAtSale}) {{ [Console]::Out.WriteLine('holding'); [Console]::Out.Flush(); [System.Threading.Thread]::Sleep(-1) }}; $_ }} | Import-BandcampRevenue -Database '{db}' -ClearExisting -Force -BatchSize 100");
        while (child.StandardOutput.ReadLine() is { } line && line != "holding") { }
        child.Kill(entireProcessTree: true);
        child.WaitForExit();

        var rerun = _s.RunConnected($"{Label} | Import-BandcampRevenue -Database '{db}' -ClearExisting -Force");

        Assert.Empty(rerun.Errors);
        Assert.Equal(CleanImport(), Content(db));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void Importers_racing_each_other_in_separate_processes_store_every_sale_once(int importers)
    {
        var db = Path.Combine(_folder, $"race-{importers}.db");
        // Overlapping reads: each importer reads the label whole, half of them with -ClearExisting.
        var children = Enumerable.Range(0, importers)
            .Select(i => Child($"{Label} -ChunkDays {30 + i * 7} | Import-BandcampRevenue -Database '{db}' -BatchSize 200{(i % 2 == 1 ? " -ClearExisting -Force" : "")}"))
            .ToList();

        var results = children.Select(Finish).ToList();

        Assert.All(results, r => Assert.True(r.Exit == 0, r.Errors));
        Assert.Equal(CleanImport(), Content(db));
        Assert.Equal(1L, _s.Server.Stats.ClientCredentialsGrants); // one grant, shared through the token cache
    }

    [Fact]
    public void Five_processes_connecting_at_once_take_one_grant()
    {
        var children = Enumerable.Range(0, 5).Select(_ => Child("Get-BandcampBand | Out-Null")).ToList();

        var results = children.Select(Finish).ToList();

        Assert.All(results, r => Assert.True(r.Exit == 0, r.Errors));
        Assert.Equal(1L, _s.Server.Stats.ClientCredentialsGrants);
        Assert.Equal(0L, _s.Server.Stats.DuplicateGrantErrors);
    }
}
