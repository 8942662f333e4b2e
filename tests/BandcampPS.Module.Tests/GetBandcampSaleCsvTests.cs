using System.Text;
using BandcampPS.FakeApi;

namespace BandcampPS.Module.Tests;

/// <summary>Get-BandcampSale -Path: Bandcamp's web CSV export as a second source of the same sales.</summary>
public sealed class GetBandcampSaleCsvTests : IAsyncLifetime
{
    private static readonly DateTime Start = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime End = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private FakeApiSession _s = null!;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bcps-csv-" + Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        _s = await FakeApiSession.StartAsync(new FakeBandcampOptions { SaleCount = 1500, Seed = 11 });
        Directory.CreateDirectory(_folder);
    }

    public async Task DisposeAsync()
    {
        await _s.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private string WriteExport(string name, Encoding? encoding = null)
    {
        var path = Path.Combine(_folder, name);
        using var file = File.Create(path);
        FakeCsvExport.Write(file, _s.Server.Sales.InRange(FakeBands.SoloBandId, null, Start, End), encoding);
        return path;
    }

    private int Expected => _s.Server.Sales.CountInRange(FakeBands.SoloBandId, null, Start, End);

    [Fact]
    public void An_export_reads_as_the_same_sales_with_source_csv()
    {
        var path = WriteExport("sales.csv");
        var result = _s.Run($"Get-BandcampSale -Path '{path}' -BandId {FakeBands.SoloBandId}");
        Assert.Empty(result.Errors);
        Assert.Equal(Expected, result.Output.Count);
        Assert.All(result.Output, o => Assert.Equal("Csv", o.Properties["Source"].Value.ToString()));
        Assert.All(result.Output, o => Assert.Equal(FakeBands.SoloBandId, o.Properties["BandId"].Value));
        Assert.All(result.Output, o => Assert.Equal(DateTimeKind.Utc, ((DateTime)o.Properties["SaleDate"].Value).Kind));
        var apiIds = _s.Server.Sales.InRange(FakeBands.SoloBandId, null, Start, End).Select(s => s.BandcampTransactionId).Order();
        Assert.Equal(apiIds, result.Output.Select(o => (string)o.Properties["TransactionId"].Value).Order());
    }

    [Fact]
    public void Wildcards_utf8_files_and_piped_paths_all_work_and_filters_apply()
    {
        WriteExport("a.csv");
        WriteExport("b.csv", new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        var wildcard = _s.Run($"Get-BandcampSale -Path '{Path.Combine(_folder, "*.csv")}' -MusicOnly");
        Assert.Empty(wildcard.Errors);
        Assert.Equal(2 * _s.Server.Sales.InRange(FakeBands.SoloBandId, null, Start, End).Count(s => s.ItemType is "album" or "track" or "bundle"), wildcard.Output.Count);

        var piped = _s.Run($"[pscustomobject]@{{ PSPath = '{Path.Combine(_folder, "a.csv")}' }} | Get-BandcampSale -StartDate 2022-01-01 -EndDate 2023-01-01");
        Assert.Empty(piped.Errors);
        Assert.Equal(_s.Server.Sales.InRange(FakeBands.SoloBandId, null, new DateTime(2022, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc)).Count(), piped.Output.Count);
    }

    [Fact]
    public void A_missing_required_column_is_one_terminating_error_naming_columns_and_file()
    {
        var path = Path.Combine(_folder, "bad.csv");
        File.WriteAllText(path, "item name,artist\nx,y\n");
        var result = _s.Run($"Get-BandcampSale -Path '{path}'");
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("BandcampCsvColumnsMissing", error.FullyQualifiedErrorId);
        Assert.Contains("'date'", error.Exception.Message);
        Assert.Contains("'currency'", error.Exception.Message);
        Assert.Contains("bad.csv", error.Exception.Message);
        Assert.Equal(path, error.TargetObject);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void Bad_rows_are_errors_with_file_and_line_and_the_other_rows_still_flow()
    {
        var path = WriteExport("mixed.csv", new UTF8Encoding(false));
        var lines = File.ReadAllLines(path).ToList();
        lines.Insert(2, lines[1].Replace(",", ",", StringComparison.Ordinal) is var l ? "99/99/99 9:99pm" + l[l.IndexOf(',')..] : "");
        File.WriteAllLines(path, lines);
        var result = _s.Run($"Get-BandcampSale -Path '{path}'");
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("BandcampSaleDateInvalid", error.FullyQualifiedErrorId);
        Assert.Contains("Line 3", error.Exception.Message);
        Assert.Contains("mixed.csv", error.Exception.Message);
        Assert.Equal(Expected, result.Output.Count);
    }

    [Fact]
    public void An_excel_windows_1252_file_is_read_as_such_with_a_warning_or_as_named_by_Encoding()
    {
        var path = WriteExport("excel.csv", CodePagesEncodingProvider.Instance.GetEncoding(1252));
        Assert.Contains((byte)0xE9, File.ReadAllBytes(path)); // an é the fake's names hold, as 1252 writes it

        var guessed = _s.Run($"Get-BandcampSale -Path '{path}'");
        var named = _s.Run($"Get-BandcampSale -Path '{path}' -Encoding 1252");
        var forced = _s.Run($"Get-BandcampSale -LiteralPath '{path}' -Encoding utf8");

        foreach (var result in new[] { guessed, named, forced })
        {
            Assert.Empty(result.Errors);
            Assert.Equal(Expected, result.Output.Count);
        }
        var warning = Assert.Single(guessed.Warnings);
        Assert.Contains("'excel.csv'", warning);
        Assert.Contains("-Encoding", warning);
        Assert.DoesNotContain(guessed.Output, o => ((string?)o.Properties["ItemName"].Value)?.Contains('\uFFFD') == true);
        Assert.Empty(named.Warnings);
        Assert.Equal(Names(guessed), Names(named));
        Assert.Contains(forced.Output, o => ((string?)o.Properties["ItemName"].Value)?.Contains('\uFFFD') == true);

        static string?[] Names(ScriptResult r) => r.Output.Select(o => (string?)o.Properties["ItemName"].Value).ToArray();
    }

    [Fact]
    public void Encoding_completes_the_encodings_a_sales_csv_comes_in()
    {
        const string line = "Get-BandcampSale -Path ./x.csv -Encoding wi";
        var result = _s.Shell.Run("(TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText", new System.Collections.Hashtable { ["line"] = line });
        Assert.Equal(["windows-1252"], result.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void An_unknown_encoding_is_a_parameter_error_naming_it()
    {
        var result = _s.Run($"Get-BandcampSale -Path '{WriteExport("x.csv")}' -Encoding no-such-encoding");
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("ParameterArgumentTransformationError", error.FullyQualifiedErrorId);
        Assert.Contains("no-such-encoding", error.Exception.Message);
    }

    [Fact]
    public void An_unclosed_quote_costs_one_row_one_error_naming_file_and_line()
    {
        var path = WriteExport("quote.csv", new UTF8Encoding(false));
        var lines = File.ReadAllLines(path).ToList();
        // Right after the header, a row whose quote is never closed: RFC 4180 reads on until the next quote of a
        // later row (the fake's names are quoted now and then) and the rows between would have been lost with it.
        lines.Insert(1, "1/1/21 1:00pm,Bandcamp,album,\"Unclosed,broken row");
        File.WriteAllLines(path, lines);

        var result = _s.Run($"Get-BandcampSale -Path '{path}'");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("BandcampCsvRowMalformed,", error.FullyQualifiedErrorId);
        Assert.StartsWith("Line 2 of 'quote.csv': ", error.Exception.Message);
        Assert.EndsWith("reading goes on at line 3", error.Exception.Message);
        Assert.Equal(Expected, result.Output.Count);
    }

    [Fact]
    public void A_path_that_does_not_exist_is_an_error_naming_it()
    {
        var result = _s.Run($"Get-BandcampSale -LiteralPath '{Path.Combine(_folder, "nope.csv")}'");
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("BandcampCsvFileNotFound", error.FullyQualifiedErrorId);
        Assert.Contains("nope.csv", error.Exception.Message);
    }

    [Fact]
    public void Two_overlapping_exports_imported_together_store_each_line_once()
    {
        var a = WriteExport("jan-jun.csv");
        var b = WriteExport("all-again.csv");
        var db = Path.Combine(_folder, "csv.db");
        var result = _s.Run($"Get-BandcampSale -Path '{a}', '{b}' -BandId {FakeBands.SoloBandId} | Import-BandcampRevenue -Database '{db}'; Get-BandcampSale -Path '{a}' -BandId {FakeBands.SoloBandId} | Import-BandcampRevenue -Database '{db}'");
        Assert.Empty(result.Errors);
        Assert.Equal(Expected, (int)result.Output[0].Properties["Inserted"].Value);
        Assert.Equal(Expected, (int)result.Output[0].Properties["AlreadyPresent"].Value);
        Assert.Equal(0, (int)result.Output[1].Properties["Inserted"].Value);
    }
}
