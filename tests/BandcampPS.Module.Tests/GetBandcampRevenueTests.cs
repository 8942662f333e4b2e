using System.Management.Automation;
using BandcampPS.FakeApi;
using static BandcampPS.Module.Tests.RevenueStoreFixture;

namespace BandcampPS.Module.Tests;

[Collection(RevenueStoreCollection.Name)]
public sealed class GetBandcampRevenueTests(RevenueStoreFixture f)
{
    private ScriptResult Read(string parameters) => f.Run($"Get-BandcampRevenue -Database '{f.Db}' {parameters}");

    private int CountApi(Func<FakeSale, bool> match) => f.ApiSales.Count(match);

    [Fact]
    public void Every_stored_row_streams_out_once_oldest_first_as_a_RevenueRow()
    {
        // Each source whole: the API's rows and the CSV export's, which repeats the plain band's.
        var api = Read("-Source Api").Output;
        var csv = Read("-Source Csv").Output;
        Assert.Equal(f.StoredCount, api.Count + csv.Count);
        Assert.True(f.StoredCount > 4000);
        foreach (var output in new[] { api, csv })
        {
            Assert.All(output, o => Assert.Equal("BandcampPS.Engine.Storage.RevenueRow", o.TypeNames[0]));
            var dates = output.Select(o => (DateTime)Prop(o, "SaleDate")!).ToList();
            Assert.Equal(dates.Order(), dates);
            Assert.All(dates, d => Assert.Equal(DateTimeKind.Utc, d.Kind));
        }
        var keys = api.Concat(csv).Select(o => Prop(o, "Source") + "/" + Prop(o, "SaleKey")).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    [Fact]
    public void Without_Source_the_APIs_rows_count_where_both_sources_hold_a_band_and_month_and_one_warning_says_so()
    {
        var result = Read("");
        Assert.Equal(f.ApiSales.Count, result.Output.Count);
        Assert.All(result.Output, o => Assert.Equal("Api", Prop(o, "Source")!.ToString()));
        var warning = Assert.Single(result.Warnings);
        Assert.Contains($"{f.CsvSales.Count:N0} CSV row(s)", warning);
        Assert.Contains("-Source Csv", warning);
        Assert.Empty(Read("-Source Api").Warnings);

        // Piped bands: one warning for the run, not one per band.
        var piped = f.Run($"@([pscustomobject]@{{ BandId = {BandcampPS.FakeApi.FakeBands.SoloBandId} }}, [pscustomobject]@{{ BandId = {BandcampPS.FakeApi.FakeBands.LabelId} }}) | Get-BandcampRevenue -Database '{f.Db}'");
        Assert.Single(piped.Warnings);
    }

    [Fact]
    public void ItemType_takes_several_types_and_MusicOnly_and_an_unknown_type_is_refused_before_anything_is_read()
    {
        var payouts = Read("-Source Api -ItemType payout, REFUND").Output;
        Assert.Equal(f.ApiSales.Count(s => s.ItemType is "payout" or "refund"), payouts.Count);
        Assert.Contains(payouts, o => (string)Prop(o, "ItemType")! == "refund");
        var music = Read("-Source Api -MusicOnly").Output;
        Assert.Equal(f.ApiSales.Count(s => s.ItemType is "album" or "track" or "bundle"), music.Count);

        var wrong = f.Session.Run($"Get-BandcampRevenue -Database '{f.Db}' -ItemType albums");
        var error = Assert.Single(wrong.Errors);
        Assert.Equal("BandcampItemTypeUnknown,BandcampPS.Commands.GetBandcampRevenueCommand", error.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("did you mean 'album'", error.Exception.Message);
        Assert.Contains("pending sale", error.Exception.Message);
        Assert.Empty(wrong.Output);

        var allowed = f.Session.Run($"Get-BandcampRevenue -Database '{f.Db}' -ItemType subscription -AllowUnknownItemType");
        Assert.Empty(allowed.Errors);
        Assert.Empty(allowed.Output);
        Assert.Contains("'subscription'", Assert.Single(allowed.Warnings));
    }

    [Fact]
    public void Dates_filter_with_an_inclusive_start_an_exclusive_end_and_dates_without_a_zone_taken_as_UTC()
    {
        var start = new DateTime(2022, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        var end = new DateTime(2023, 7, 15, 0, 0, 0, DateTimeKind.Utc);
        var result = Read("-StartDate 2022-03-01 -EndDate 2023-07-15 -Source Api");
        Assert.Equal(CountApi(s => s.DateUtc >= start && s.DateUtc < end), result.Output.Count);
        Assert.All(result.Output, o => Assert.InRange((DateTime)Prop(o, "SaleDate")!, start, end.AddTicks(-1)));

        // A time with an offset is converted to UTC, whatever this machine's zone.
        var offset = Read("-StartDate '2022-02-28T22:00:00-02:00' -EndDate 2023-07-15 -Source Api");
        Assert.Equal(result.Output.Count, offset.Output.Count);

        // The exact time of a sale: the start takes it, the end leaves it out.
        var sale = f.ApiSales[100];
        var at = sale.DateUtc.ToString("yyyy-MM-ddTHH:mm:ss");
        var from = Read($"-StartDate {at} -EndDate {sale.DateUtc.AddSeconds(1):yyyy-MM-ddTHH:mm:ss} -Source Api");
        Assert.Equal(CountApi(s => s.DateUtc == sale.DateUtc), from.Output.Count);
        Assert.Contains(from.Output, o => (string)Prop(o, "SaleKey")! == "item:" + sale.BandcampTransactionItemId);
        Assert.DoesNotContain(Read($"-StartDate {sale.DateUtc.AddSeconds(-1):yyyy-MM-ddTHH:mm:ss} -EndDate {at} -Source Api").Output,
            o => (string)Prop(o, "SaleKey")! == "item:" + sale.BandcampTransactionItemId);
    }

    [Theory]
    [InlineData("2024-01-01", "2023-01-01")]
    [InlineData("2024-01-01", "2024-01-01")]
    public void An_end_not_after_the_start_is_a_terminating_BandcampDateRangeInvalid(string start, string end)
    {
        var result = f.Session.Run($"Get-BandcampRevenue -Database '{f.Db}' -StartDate {start} -EndDate {end}");
        var error = Assert.Single(result.Errors);
        Assert.Equal("BandcampDateRangeInvalid,BandcampPS.Commands.GetBandcampRevenueCommand", error.FullyQualifiedErrorId);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void Source_band_item_type_and_catalog_number_filter_in_the_database()
    {
        Assert.Equal(f.CsvSales.Count, Read("-Source Csv").Output.Count);
        Assert.All(Read("-Source Csv").Output, o => Assert.Equal("Csv", Prop(o, "Source")!.ToString()));
        Assert.Equal(f.ApiSales.Count, Read("-Source Api").Output.Count);

        Assert.Equal(CountApi(s => s.BandId == FakeBands.SoloBandId), Read($"-Source Api -BandId {FakeBands.SoloBandId}").Output.Count);
        Assert.Equal(CountApi(s => s.BandId == FakeBands.LabelId), Read($"-BandId {FakeBands.LabelId}").Output.Count);

        var albums = CountApi(s => s.ItemType == "album");
        Assert.True(albums > 0);
        Assert.Equal(albums, Read("-Source Api -ItemType album").Output.Count);
        Assert.Equal(albums, Read("-Source Api -ItemType ALBUM").Output.Count);

        var exl012 = CountApi(s => s.CatalogNumber == "EXL012");
        Assert.True(exl012 > 0);
        Assert.Equal(exl012, Read("-Source Api -CatalogNumber exl012").Output.Count);

        var combined = Read("-Source Api -ItemType track -CatalogNumber EXL012 -StartDate 2023-01-01");
        Assert.Equal(CountApi(s => s.ItemType == "track" && s.CatalogNumber == "EXL012" && s.DateUtc >= new DateTime(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc)), combined.Output.Count);
    }

    [Fact]
    public void Artist_matches_exactly_without_wildcards_and_takes_star_and_question_mark_as_wildcards()
    {
        var exact = CountApi(s => s.Artist == FakeBands.FirstArtistName);
        var withFeaturing = CountApi(s => s.Artist?.StartsWith(FakeBands.FirstArtistName, StringComparison.Ordinal) == true);
        Assert.True(withFeaturing > exact && exact > 0);
        Assert.Equal(exact, Read("-Source Api -Artist 'First Artist'").Output.Count);
        Assert.Equal(exact, Read("-Source Api -Artist 'FIRST ARTIST'").Output.Count);
        Assert.Equal(withFeaturing, Read("-Source Api -Artist 'First Artist*'").Output.Count);

        // "?" is one character, also a non-ASCII one (the Cyrillic С of "Сecond Ärtist").
        Assert.Equal(CountApi(s => s.Artist?.StartsWith(FakeBands.SecondArtistName, StringComparison.Ordinal) == true), Read("-Source Api -Artist '?econd *'").Output.Count);

        // Everything else is literal: quotes, commas, brackets.
        Assert.Equal(CountApi(s => s.Artist?.EndsWith("feat. \"MC Comma, Jr.\"", StringComparison.Ordinal) == true), Read("-Source Api -Artist '*feat. \"MC Comma, Jr.\"'").Output.Count);
        Assert.Empty(Read("-Artist '[F]irst Artist'").Output);
    }

    [Fact]
    public void Bands_piped_in_bind_BandId_by_property_name()
    {
        var connect = f.Session.Run(FakeApiSession.Connect);
        Assert.Empty(connect.Errors);
        var result = f.Run($"Get-BandcampBand | Get-BandcampRevenue -Database '{f.Db}' -Source Api");
        Assert.Equal(f.ApiSales.Count, result.Output.Count);
    }

    [Fact]
    public void Rows_stream_to_the_next_command_and_stopping_the_pipeline_ends_the_read()
    {
        // The 50th row waits in ForEach-Object until the stop has been asked for: a signal, not a sleep.
        using var reached = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        using var shell = PowerShell.Create();
        shell.Runspace = f.Session.Shell.Runspace;
        shell.Runspace.SessionStateProxy.SetVariable("reached", reached);
        shell.Runspace.SessionStateProxy.SetVariable("release", release);
        shell.AddScript($"$n = 0; Get-BandcampRevenue -Database '{f.Db}' | ForEach-Object {{ if (++$n -eq 50) {{ $reached.Set(); $release.Wait() }}; $_ }}");
        var output = new PSDataCollection<PSObject>();
        var running = shell.BeginInvoke<PSObject, PSObject>(null, output);
        WaitHandle.WaitAny([reached.WaitHandle, running.AsyncWaitHandle]);
        Assert.True(reached.IsSet, "the read ended before its 50th row");
        var stopping = shell.BeginStop(null, null);
        release.Set();
        shell.EndStop(stopping);
        Assert.True(running.IsCompleted);
        Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
        Assert.InRange(output.Count, 49, f.StoredCount - 1);
    }

    [Fact]
    public void Rows_are_flat_for_Export_Csv_and_buyer_details_were_not_stored()
    {
        var row = Read("-Source Api").Output[0];
        var allowed = new[] { typeof(string), typeof(long), typeof(int), typeof(decimal), typeof(DateTime), typeof(DateOnly) };
        foreach (var property in row.Properties)
        {
            if (property.Value is null) continue;
            var type = property.Value.GetType();
            Assert.True(allowed.Contains(type) || type.IsEnum, $"{property.Name} is a {type}");
        }
        Assert.Null(Prop(row, "BuyerEmail"));
    }

    [Fact]
    public void A_database_that_does_not_exist_is_an_error_and_is_not_created()
    {
        var missing = Path.Combine(Path.GetTempPath(), "bcps-missing-" + Guid.NewGuid().ToString("N"), "revenue.db");
        var result = f.Session.Run($"Get-BandcampRevenue -Database '{missing}'");
        var error = Assert.Single(result.Errors);
        Assert.Equal("BandcampDatabaseNotFound,BandcampPS.Commands.GetBandcampRevenueCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.False(File.Exists(missing));
        Assert.False(Directory.Exists(Path.GetDirectoryName(missing)));
    }

    [Fact]
    public void Converted_rows_carry_the_reporting_currency_and_the_rate_they_were_imported_with()
    {
        var rows = f.Run($"Get-BandcampRevenue -Database '{f.ConvertedDb}' -Source Api -ItemType album").Output;
        Assert.NotEmpty(rows);
        foreach (var row in rows)
        {
            var currency = (string)Prop(row, "Currency")!;
            Assert.Equal("EUR", Prop(row, "ReportingCurrency"));
            Assert.Equal(ToEur((decimal)Prop(row, "ItemTotal")!, currency), (decimal)Prop(row, "ConvertedItemTotal")!);
        }
    }
}

/// <summary>SQL Server is not reachable in CI: what the read cmdlets say about a connection string, they say without its password.</summary>
public sealed class RevenueReadConnectionStringTests
{
    private const string Secret = "S3cret-Pa55";

    [Theory]
    [InlineData("Get-BandcampRevenue")]
    [InlineData("Get-BandcampRevenueSummary")]
    public void A_server_that_cannot_be_reached_is_a_ReadError_naming_server_and_database_but_never_the_password(string cmdlet)
    {
        using var shell = new PowerShellHost();
        var result = shell.Run($"{cmdlet} -ConnectionString 'Server=tcp:127.0.0.1,1;Database=Revenue;User ID=label;Password={Secret};Connect Timeout=2;Encrypt=False' -Verbose");

        var error = Assert.Single(result.Errors);
        Assert.Equal($"BandcampDatabaseError,BandcampPS.Commands.{cmdlet.Replace("-", "")}Command", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ReadError, error.CategoryInfo.Category);
        Assert.Equal("tcp:127.0.0.1,1/Revenue", error.TargetObject);
        Assert.Empty(result.Output);
        Assert.DoesNotContain(Secret, result.AllText());
    }

    [Theory]
    [InlineData("Get-BandcampRevenue")]
    [InlineData("Get-BandcampRevenueSummary")]
    public void A_malformed_connection_string_is_an_argument_error_without_the_password(string cmdlet)
    {
        using var shell = new PowerShellHost();
        var result = shell.Run($"{cmdlet} -ConnectionString 'Server=db;Password={Secret};Bogus Key=1'");

        var error = Assert.Single(result.Errors);
        Assert.Equal($"BandcampInvalidArgument,BandcampPS.Commands.{cmdlet.Replace("-", "")}Command", error.FullyQualifiedErrorId);
        Assert.Contains("bogus key", error.Exception.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Secret, result.AllText());
    }
}
