using System.Management.Automation;
using BandcampPS.FakeApi;

namespace BandcampPS.Module.Tests;

public sealed class GetBandcampSaleTests : IAsyncLifetime
{
    private static readonly DateTime Start = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime End = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private FakeApiSession _s = null!;

    public async Task InitializeAsync() => _s = await FakeApiSession.StartAsync(new FakeBandcampOptions { SaleCount = 3000, Seed = 7 });
    public async Task DisposeAsync() => await _s.DisposeAsync();

    private int Expected(long bandId, long? member = null) => _s.Server.Sales.CountInRange(bandId, member, Start, End);

    private static long[] ItemIds(ScriptResult result) =>
        result.Output.Select(o => (long)o.Properties["TransactionItemId"].Value).ToArray();

    [Fact]
    public void Bands_list_the_label_and_the_plain_band_with_ids_above_int32()
    {
        var result = _s.RunConnected("Get-BandcampBand");
        Assert.Empty(result.Errors);
        var ids = result.Output.Select(o => (long)o.Properties["BandId"].Value).ToArray();
        Assert.Equal([FakeBands.LabelId, FakeBands.SoloBandId], ids);
        Assert.True(ids.All(id => id > int.MaxValue));
        Assert.True((bool)result.Output[0].Properties["IsLabel"].Value);
        Assert.Equal(2, result.Output[0].Properties["MemberCount"].Value);
    }

    [Fact]
    public void Member_bands_carry_the_label_id_and_their_own_member_id_and_the_label_is_not_its_own_member()
    {
        var result = _s.RunConnected("Get-BandcampBand -IncludeMemberBands | Where-Object MemberBandId");
        Assert.Empty(result.Errors);
        Assert.Equal(2, result.Output.Count);
        Assert.All(result.Output, o => Assert.Equal(FakeBands.LabelId, o.Properties["BandId"].Value));
        Assert.DoesNotContain(result.Output, o => (long?)o.Properties["MemberBandId"].Value == FakeBands.LabelId);
    }

    [Fact]
    public void Piping_bands_into_sales_streams_every_sale_of_the_range_once()
    {
        var result = _s.RunConnected("Get-BandcampBand | Get-BandcampSale -StartDate 2020-01-01 -EndDate 2025-01-01");
        Assert.Empty(result.Errors);
        var ids = ItemIds(result);
        Assert.Equal(Expected(FakeBands.LabelId) + Expected(FakeBands.SoloBandId), ids.Length);
        Assert.Equal(ids.Length, ids.Distinct().Count());
    }

    [Fact]
    public void Several_requests_in_flight_give_the_same_sales_in_the_same_order_as_one_at_a_time()
    {
        var oneAtATime = _s.RunConnected("Get-BandcampBand | Get-BandcampSale -StartDate 2020-01-01 -EndDate 2025-01-01 -ThrottleLimit 1");
        var eight = _s.Run("Get-BandcampBand | Get-BandcampSale -StartDate 2020-01-01 -EndDate 2025-01-01 -ThrottleLimit 8");

        Assert.Empty(oneAtATime.Errors);
        Assert.Empty(eight.Errors);
        Assert.Equal(ItemIds(oneAtATime), ItemIds(eight));
    }

    [Fact]
    public void A_throttle_limit_below_one_is_refused_before_anything_is_read()
    {
        var before = _s.Server.Stats.SalesReportRequests;
        var result = _s.RunConnected("Get-BandcampSale -BandId 3000000001 -StartDate 2024-01-01 -ThrottleLimit 0");

        Assert.Contains(result.Errors, e => e.FullyQualifiedErrorId.StartsWith("ParameterArgumentValidationError", StringComparison.Ordinal));
        Assert.Equal(before, _s.Server.Stats.SalesReportRequests);
    }

    [Fact]
    public void Label_and_members_piped_together_never_count_a_sale_twice_in_either_order()
    {
        var labelFirst = _s.RunConnected("Get-BandcampBand -IncludeMemberBands | Get-BandcampSale -StartDate 2020-01-01 -EndDate 2025-01-01");
        var membersFirst = _s.Run("$b = @(Get-BandcampBand -IncludeMemberBands); $b[2], $b[1], $b[0], $b[3] | Get-BandcampSale -StartDate 2020-01-01 -EndDate 2025-01-01");
        var expected = Expected(FakeBands.LabelId) + Expected(FakeBands.SoloBandId);
        foreach (var result in new[] { labelFirst, membersFirst })
        {
            Assert.Empty(result.Errors);
            var ids = ItemIds(result);
            Assert.Equal(expected, ids.Length);
            Assert.Equal(ids.Length, ids.Distinct().Count());
        }
    }

    [Fact]
    public void Where_Object_filters_the_stream_like_any_pipeline()
    {
        var result = _s.RunConnected("Get-BandcampBand | Get-BandcampSale -StartDate 2020-01-01 -EndDate 2025-01-01 | Where-Object ItemType -eq 'album'");
        Assert.Empty(result.Errors);
        Assert.NotEmpty(result.Output);
        Assert.All(result.Output, o => Assert.Equal("album", o.Properties["ItemType"].Value));
    }

    [Fact]
    public void A_member_band_id_filters_to_that_artist()
    {
        var result = _s.RunConnected($"Get-BandcampSale -BandId {FakeBands.LabelId} -MemberBandId {FakeBands.FirstArtistId} -StartDate 2020-01-01 -EndDate 2025-01-01");
        Assert.Empty(result.Errors);
        Assert.Equal(Expected(FakeBands.LabelId, FakeBands.FirstArtistId), result.Output.Count);
        Assert.All(result.Output, o => Assert.Equal(FakeBands.FirstArtistId, o.Properties["MemberBandId"].Value));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(366)]
    public void Chunks_of_any_size_give_the_same_sales_and_requests_meet_exactly(int chunkDays)
    {
        var result = _s.RunConnected($"Get-BandcampSale -BandId {FakeBands.SoloBandId} -StartDate '2023-12-25 13:00' -EndDate '2024-02-03 07:30' -ChunkDays {chunkDays}");
        Assert.Empty(result.Errors);
        var from = new DateTime(2023, 12, 25, 13, 0, 0, DateTimeKind.Utc);
        var to = new DateTime(2024, 2, 3, 7, 30, 0, DateTimeKind.Utc);
        Assert.Equal(_s.Server.Sales.CountInRange(FakeBands.SoloBandId, null, from, to), result.Output.Count);
        // Several chunks are asked at once, so they may arrive in any order: in date order they must meet exactly.
        var requests = _s.Server.Stats.SalesReportRequestLog.OrderBy(r => r.StartTime, StringComparer.Ordinal).ToList();
        Assert.Equal("2023-12-25 13:00:00", requests[0].StartTime);
        Assert.Equal("2024-02-03 07:30:00", requests[^1].EndTime);
        for (var i = 1; i < requests.Count; i++) Assert.Equal(requests[i - 1].EndTime, requests[i].StartTime);
    }

    [Fact]
    public void Sales_are_typed_with_utc_dates_decimal_money_and_string_transaction_ids()
    {
        var result = _s.RunConnected($"Get-BandcampSale -BandId {FakeBands.LabelId} -StartDate 2020-01-01 -EndDate 2025-01-01");
        Assert.Empty(result.Errors);
        var sale = result.Output.First();
        Assert.Equal("BandcampPS.Engine.Sales.BandcampSale", sale.TypeNames[0]);
        Assert.Equal(DateTimeKind.Utc, ((DateTime)sale.Properties["SaleDate"].Value).Kind);
        Assert.IsType<decimal>(sale.Properties["ItemTotal"].Value);
        Assert.Equal("Api", sale.Properties["Source"].Value.ToString());
        Assert.Contains(result.Output, o => ((string)o.Properties["TransactionId"].Value).StartsWith('t'));
        Assert.Contains(result.Output, o => o.Properties["RelatedTransactionId"].Value is not null);
        Assert.Contains(result.Output, o => (string)o.Properties["Currency"].Value == "JPY");
    }

    [Fact]
    public void MusicOnly_and_ItemType_filter_at_the_source()
    {
        var music = _s.RunConnected($"Get-BandcampSale -BandId {FakeBands.LabelId} -StartDate 2020-01-01 -EndDate 2025-01-01 -MusicOnly");
        Assert.Empty(music.Errors);
        Assert.All(music.Output, o => Assert.Contains((string)o.Properties["ItemType"].Value, new[] { "album", "track", "bundle" }));
        var packages = _s.Run($"Get-BandcampSale -BandId {FakeBands.LabelId} -StartDate 2020-01-01 -EndDate 2025-01-01 -ItemType package, payout");
        Assert.NotEmpty(packages.Output);
        Assert.All(packages.Output, o => Assert.Contains((string)o.Properties["ItemType"].Value, new[] { "package", "payout" }));
    }

    [Fact]
    public void An_end_before_the_start_is_a_parameter_error()
    {
        var result = _s.RunConnected($"Get-BandcampSale -BandId {FakeBands.LabelId} -StartDate 2024-02-01 -EndDate 2024-01-01");
        var error = Assert.Single(result.Errors);
        Assert.Equal("BandcampDateRangeInvalid,BandcampPS.Commands.GetBandcampSaleCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("2024-01-01", error.Exception.Message);
    }

    [Fact]
    public void A_chunk_size_out_of_range_is_refused_by_parameter_validation()
    {
        var result = _s.RunConnected($"Get-BandcampSale -BandId {FakeBands.LabelId} -StartDate 2024-01-01 -ChunkDays 0");
        Assert.StartsWith("ParameterArgumentValidationError", Assert.Single(result.Errors).FullyQualifiedErrorId);
    }

    [Fact]
    public void An_unparseable_date_is_one_error_naming_value_and_transaction_and_the_rest_flows()
    {
        var victim = _s.Server.Sales.InRange(FakeBands.SoloBandId, null, Start, End).First();
        _s.Server.Faults.InvalidDateForTransactionItemId(victim.BandcampTransactionItemId);
        var result = _s.RunConnected($"Get-BandcampSale -BandId {FakeBands.SoloBandId} -StartDate 2020-01-01 -EndDate 2025-01-01 -ErrorAction Continue");
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("BandcampSaleDateInvalid", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Contains(victim.BandcampTransactionItemId.ToString(), error.Exception.Message);
        Assert.Equal(Expected(FakeBands.SoloBandId) - 1, result.Output.Count);
    }

    [Fact]
    public void Other_date_forms_bandcamp_sends_all_parse()
    {
        _s.Server.Faults.AlternateDateFormats = true;
        var result = _s.RunConnected($"Get-BandcampSale -BandId {FakeBands.SoloBandId} -StartDate 2020-01-01 -EndDate 2025-01-01");
        Assert.Empty(result.Errors);
        Assert.Equal(Expected(FakeBands.SoloBandId), result.Output.Count);
    }

    [Fact]
    public void A_body_cut_off_mid_json_is_requested_again_without_losing_or_doubling_a_sale()
    {
        _s.Server.Faults.TruncateNextSalesReport(afterRows: 5);
        var result = _s.RunConnected($"Get-BandcampSale -BandId {FakeBands.LabelId} -StartDate 2020-01-01 -EndDate 2025-01-01 -ChunkDays 366");
        Assert.Empty(result.Errors);
        var ids = ItemIds(result);
        Assert.Equal(Expected(FakeBands.LabelId), ids.Length);
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.Contains(result.Warnings, w => w.Contains("cut off"));
    }

    [Fact]
    public void Rate_limits_and_server_error_bursts_are_retried()
    {
        // That the wait is the one Retry-After asks for is held on the fake clock in the engine's BandcampHttpTests.
        _s.RunConnected("");
        _s.Server.Faults.RateLimitNext(1, retryAfterSeconds: 0);
        _s.Server.Faults.ServerErrorsNext(2);
        var result = _s.Run("Get-BandcampBand -Verbose");
        Assert.Empty(result.Errors);
        Assert.Equal(2, result.Output.Count);
        Assert.Contains(result.Verbose, v => v.Contains("HTTP 429"));
        Assert.Contains(result.Verbose, v => v.Contains("HTTP 503"));
    }

    [Fact]
    public void A_server_error_page_after_the_retries_is_a_server_error_not_a_block()
    {
        _s.RunConnected(FakeApiSession.Connect + " -MaxRetryCount 1");
        _s.Server.Faults.ServerErrorsNext(2);
        var result = _s.Run("Get-BandcampBand");
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("BandcampServerError,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceUnavailable, error.CategoryInfo.Category);
        Assert.Contains("HTTP 503", error.Exception.Message);
        Assert.Contains("after 2 attempt(s)", error.Exception.Message);
    }

    [Fact]
    public void An_expired_token_mid_run_is_renewed_once_and_the_call_replayed()
    {
        _s.RunConnected("");
        _s.Server.ExpireAllAccessTokens();
        var result = _s.Run("Get-BandcampBand");
        Assert.Empty(result.Errors);
        Assert.Equal(1L, _s.Server.Stats.RefreshGrants);
    }

    [Fact]
    public void An_html_block_page_is_its_own_clear_error_and_is_not_hammered()
    {
        _s.RunConnected("");
        var before = _s.Server.Stats.ApiRequests;
        _s.Server.Faults.HtmlBlockNext(1);
        var result = _s.Run("Get-BandcampBand");
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("BandcampBlocked", error.FullyQualifiedErrorId);
        Assert.Contains("HTML", error.Exception.Message);
        Assert.Equal(before + 1, _s.Server.Stats.ApiRequests);
    }

    [Theory]
    [InlineData(MalformedRowKind.ObjectInTextField)]
    [InlineData(MalformedRowKind.LoneSurrogate)]
    public void A_malformed_row_is_one_error_with_its_ids_and_every_other_sale_of_the_band_still_flows(MalformedRowKind kind)
    {
        var victim = _s.Server.Sales.InRange(FakeBands.LabelId, null, Start, End).ElementAt(100);
        _s.Server.Faults.MalformRow(victim.BandcampTransactionItemId, kind);

        var result = _s.RunConnected("Get-BandcampSale -BandId $args[0] -StartDate 2020-01-01 -EndDate 2025-01-01".Replace("$args[0]", FakeBands.LabelId.ToString()));

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("BandcampSaleInvalid", error.FullyQualifiedErrorId);
        Assert.Contains(victim.BandcampTransactionItemId.ToString(), error.Exception.Message);
        Assert.Contains("item_name", error.Exception.Message);
        Assert.Equal(Expected(FakeBands.LabelId) - 1, result.Output.Count);
    }

    [Fact]
    public void A_chunk_blocked_in_the_middle_is_one_error_naming_its_dates_and_the_later_chunks_are_still_read()
    {
        var connect = _s.Run(FakeApiSession.Connect);
        Assert.Empty(connect.Errors);
        _s.Server.Faults.HtmlBlockNext(1, skip: 2, path: Routes.SalesReport);

        // One request at a time, so the third request to arrive is the third chunk's.
        var result = _s.Run($"Get-BandcampSale -BandId {FakeBands.LabelId} -StartDate 2020-01-01 -EndDate 2025-01-01 -ChunkDays 30 -ThrottleLimit 1");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("BandcampBlocked", error.FullyQualifiedErrorId);
        Assert.Contains("from 2020-03-01 00:00:00 to 2020-03-31 00:00:00 UTC were not read", error.Exception.Message);
        var blocked = Expected(FakeBands.LabelId) - _s.Server.Sales.CountInRange(FakeBands.LabelId, null, new DateTime(2020, 3, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2020, 3, 31, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal(blocked, result.Output.Count);
    }

    [Fact]
    public void A_band_bandcamp_refuses_is_an_error_with_bandcamps_message_and_other_bands_still_flow()
    {
        var result = _s.RunConnected($"{FakeBands.SoloBandId}, 999, {FakeBands.SoloBandId + 0} | ForEach-Object {{ [pscustomobject]@{{ BandId = $_ }} }} | Get-BandcampSale -StartDate 2020-01-01 -EndDate 2025-01-01");
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("BandcampApiError", error.FullyQualifiedErrorId);
        Assert.Equal(Expected(FakeBands.SoloBandId), result.Output.Count);
    }

    [Fact]
    public async Task The_first_sale_arrives_before_the_second_chunk_is_requested_one_at_a_time()
    {
        await using var big = await FakeApiSession.StartAsync(new FakeBandcampOptions
        {
            SaleCount = 30_000, SalesStartUtc = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), SalesEndUtc = new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc),
        });
        var result = big.RunConnected($$"""
            $requestsAtFirstSale = $null
            Get-BandcampSale -BandId {{FakeBands.LabelId}} -StartDate 2024-01-01 -EndDate 2024-03-01 -ChunkDays 30 -ThrottleLimit 1 |
                ForEach-Object { if ($null -eq $requestsAtFirstSale) { $requestsAtFirstSale = $fake.Stats.SalesReportRequests } }
            $requestsAtFirstSale
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(1L, Assert.Single(result.Output).BaseObject);
    }

    [Fact]
    public async Task Stopping_the_pipeline_cancels_a_request_the_server_is_holding()
    {
        _s.RunConnected("");
        _s.Server.Faults.DelayNext(1, TimeSpan.FromMinutes(1));
        using var shell = PowerShell.Create();
        shell.Runspace = _s.Shell.Runspace;
        shell.AddScript($"Get-BandcampSale -BandId {FakeBands.LabelId} -StartDate 2020-01-01");
        var running = shell.BeginInvoke();
        var held = await _s.Server.Stats.NextHeldRequestAsync(); // the request is in flight: a signal, not a sleep
        shell.Stop();
        Assert.True(running.IsCompleted);
        // Had the stop not reached the request, the server would have answered after its delay instead.
        Assert.True(await held.ClientGaveUp, "the stopped command left its request running");
    }

    [Fact]
    public void Verbose_says_which_requests_are_made_and_no_stream_carries_a_secret()
    {
        var result = _s.RunConnected($"Get-BandcampSale -BandId {FakeBands.LabelId} -StartDate 2024-01-01 -EndDate 2024-03-01 -Verbose -Debug -InformationAction Continue");
        Assert.Contains(result.Verbose, v => v.Contains("api/sales/4/sales_report") && v.Contains("2024-01-31 00:00:00"));
        Assert.DoesNotContain(_s.Secret, result.AllText());
        Assert.DoesNotContain("Bearer", result.AllText());
    }
}
