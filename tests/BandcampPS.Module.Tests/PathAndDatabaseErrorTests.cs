using System.Management.Automation;

namespace BandcampPS.Module.Tests;

/// <summary>Messages that name the fix: a path that cannot be one here names its parameter; a database failure names its file.</summary>
public sealed class PathAndDatabaseErrorTests : IAsyncLifetime
{
    private FakeApiSession _s = null!;
    private readonly string _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "bcps-paths-" + Guid.NewGuid().ToString("N"))).FullName;

    public async Task InitializeAsync() => _s = await FakeApiSession.StartAsync();

    public async Task DisposeAsync()
    {
        await _s.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    [InlineData(@"@() | Import-BandcampRevenue -Database 'C:\x\revenue.db'", "Database", @"C:\x\revenue.db")]
    [InlineData(@"Get-BandcampRevenue -Database 'C:\x\revenue.db'", "Database", @"C:\x\revenue.db")]
    [InlineData(@"Get-BandcampRevenueSummary -Database 'C:\x\revenue.db'", "Database", @"C:\x\revenue.db")]
    [InlineData(@"Sync-BandcampRevenue -Database '\\fileserver\finance\revenue.db' -Since 2024-01-01", "Database", @"\\fileserver\finance\revenue.db")]
    [InlineData(@"@() | ConvertTo-BandcampCurrency EUR -ExchangeRatePath 'D:\rates.zip'", "ExchangeRatePath", @"D:\rates.zip")]
    [InlineData(@"Get-BandcampExchangeRate USD -Path 'D:\rates.zip'", "Path", @"D:\rates.zip")]
    [InlineData(@"Update-BandcampExchangeRate -Path 'D:\rates.zip'", "Path", @"D:\rates.zip")]
    [InlineData(@"Connect-Bandcamp -ClientId 1 -ClientSecret $secret -BaseUri $baseUri -TokenCachePath 'C:\Users\me\tokens'", "TokenCachePath", @"C:\Users\me\tokens")]
    [InlineData(@"Get-BandcampSale -LiteralPath 'C:\exports\sales.csv' -BandId 1", "LiteralPath", @"C:\exports\sales.csv")]
    public void A_windows_path_typed_on_linux_is_a_path_error_naming_parameter_and_value(string script, string parameter, string value)
    {
        if (OperatingSystem.IsWindows()) return; // there, these are paths
        var error = Assert.Single(_s.RunConnected(script).Errors);

        Assert.StartsWith("BandcampPathInvalid,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.StartsWith($"-{parameter} '{value}' is not a path on this machine: it is a Windows path", error.Exception.Message);
        Assert.Equal(value, error.TargetObject);
    }

    [Fact]
    public void Another_providers_path_is_a_path_error_too()
    {
        var error = Assert.Single(_s.Run(@"Get-BandcampRevenue -Database 'Env:\HOME'").Errors);

        Assert.StartsWith("BandcampPathInvalid,", error.FullyQualifiedErrorId);
        Assert.Contains("Environment provider, not of the file system", error.Exception.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_database_is_named_with_the_fix()
    {
        var notDb = Path.Combine(_folder, "notes.txt");
        File.WriteAllText(notDb, "Not a database at all, but long enough to have a header's worth of bytes. " + new string('x', 200));

        var error = Assert.Single(_s.Run($"Get-BandcampRevenue -Database '{notDb}'").Errors);

        Assert.StartsWith("BandcampDatabaseInvalid,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.StartsWith($"'{notDb}' is not a SQLite database", error.Exception.Message);
        Assert.Contains("-Database", error.Exception.Message);
    }

    [Fact]
    public void A_folder_given_as_the_database_is_named_as_a_folder()
    {
        var error = Assert.Single(_s.Run($"@() | Import-BandcampRevenue -Database '{_folder}'").Errors);

        Assert.StartsWith("BandcampDatabaseCannotOpen,", error.FullyQualifiedErrorId);
        Assert.Contains($"'{_folder}' is a folder, not a database file", error.Exception.Message);
    }
}
