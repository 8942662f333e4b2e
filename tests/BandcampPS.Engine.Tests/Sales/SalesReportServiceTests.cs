using BandcampPS.Engine.Sales;
using BandcampPS.FakeApi;

namespace BandcampPS.Engine.Tests.Sales;

/// <summary>
/// The read path under faults, over the fake API: a bad row costs only itself, a failed chunk only its own range,
/// a cut-off chunk is read again without a row twice, and every chunk's outcome is accounted for.
/// </summary>
public sealed class SalesReportServiceTests
{
    private static SalesReportRequest Label(int chunkDays = 30) =>
        new(FakeBands.LabelId, null, FakeBandcamp.Start, FakeBandcamp.End, chunkDays);

    /// <summary>
    /// One request at a time: the fake's faults hit the Nth request to arrive, which is the Nth chunk only when chunks
    /// are asked one after the other. The same guarantees with several in flight: <see cref="ThrottledReadTests"/>.
    /// </summary>
    private static SalesReportRequest Sequential(int chunkDays = 30) => Label(chunkDays) with { ThrottleLimit = 1 };

    [Theory]
    [InlineData(MalformedRowKind.ObjectInTextField, "{\"text\":")]
    [InlineData(MalformedRowKind.ArrayInTextField, "[\"")]
    [InlineData(MalformedRowKind.LoneSurrogate, "\\ud800")]
    public async Task A_malformed_row_is_one_error_and_every_other_row_of_the_band_still_flows(MalformedRowKind kind, string fragment)
    {
        await using var fake = await FakeBandcamp.StartAsync();
        var victim = fake.Server.Sales.InRange(FakeBands.LabelId, null, FakeBandcamp.Start, FakeBandcamp.End).ElementAt(400);
        fake.Server.Faults.MalformRow(victim.BandcampTransactionItemId, kind);

        var items = await fake.ReadAsync(Label());

        var error = Assert.Single(items, i => i.Error is not null).Error!;
        Assert.Equal("item_name", error.Field);
        Assert.Contains(fragment, error.Value);
        Assert.Equal(victim.BandcampTransactionItemId, error.TransactionItemId);
        Assert.Equal(victim.BandcampTransactionId, error.TransactionId);
        Assert.Contains("the rest of the report still flows", error.Message);
        Assert.Equal(fake.Expected(FakeBands.LabelId, FakeBandcamp.Start, FakeBandcamp.End) - 1, items.Count(i => i.Sale is not null));
        Assert.DoesNotContain(items, i => i.Gap is not null);

        var spans = Ended(items);
        var spoiled = Assert.Single(spans, s => s.State != SalesSpanState.Complete);
        Assert.Equal(SalesSpanState.CompleteWithRowErrors, spoiled.State);
        Assert.InRange(victim.DateUtc, spoiled.StartUtc, spoiled.EndUtc.AddTicks(-1));
    }

    [Fact]
    public async Task A_blocked_chunk_is_one_gap_naming_its_range_and_the_chunks_after_it_are_read()
    {
        await using var fake = await FakeBandcamp.StartAsync();
        fake.Server.Faults.HtmlBlockNext(1, skip: 2, path: Routes.SalesReport);

        var items = await fake.ReadAsync(Sequential());

        var gap = Assert.Single(items, i => i.Gap is not null).Gap!;
        var third = Ended(items)[2];
        Assert.Equal((third.StartUtc, third.EndUtc), (gap.StartUtc, gap.EndUtc));
        Assert.Equal(SalesSpanState.Failed, third.State);
        Assert.IsType<BandcampBlockedException>(gap.Reason);
        Assert.All(Ended(items).Where(s => s != third), s => Assert.Equal(SalesSpanState.Complete, s.State));
        var expected = fake.Expected(FakeBands.LabelId, FakeBandcamp.Start, FakeBandcamp.End) - fake.Expected(FakeBands.LabelId, third.StartUtc, third.EndUtc);
        Assert.Equal(expected, items.Count(i => i.Sale is not null));
    }

    [Fact]
    public async Task A_chunk_whose_server_errors_outlast_the_retries_is_a_gap_and_the_read_goes_on()
    {
        await using var fake = await FakeBandcamp.StartAsync();
        fake.Server.Faults.ServerErrorsNext(6, 503, skip: 1, path: Routes.SalesReport); // the first attempt and 5 retries

        var items = await fake.ReadAsync(Sequential());

        var gap = Assert.Single(items, i => i.Gap is not null).Gap!;
        Assert.Equal(Ended(items)[1].StartUtc, gap.StartUtc);
        Assert.Equal(Ended(items).Count, Sequential().Scope().Spans.Count);
        Assert.Equal(Ended(items).Count - 1, Ended(items).Count(s => s.IsComplete));
    }

    [Fact]
    public async Task Three_failed_chunks_in_a_row_give_up_the_rest_of_the_range_as_one_gap()
    {
        await using var fake = await FakeBandcamp.StartAsync();
        fake.Server.Faults.HtmlBlockNext(3, skip: 1, path: Routes.SalesReport);

        var items = await fake.ReadAsync(Sequential());

        var gaps = items.Where(i => i.Gap is not null).Select(i => i.Gap!).ToList();
        Assert.Equal(3, gaps.Count);
        Assert.Equal(FakeBandcamp.End, gaps[^1].EndUtc);
        Assert.Equal(4, fake.Server.Stats.ApiRequestsFor(Routes.SalesReport)); // nothing asked after the third failure
        var first = Ended(items)[0];
        Assert.True(first.IsComplete);
        Assert.Equal(fake.Expected(FakeBands.LabelId, first.StartUtc, first.EndUtc), items.Count(i => i.Sale is not null));
    }

    [Fact]
    public async Task A_band_Bandcamp_refuses_is_one_gap_for_its_whole_range_asked_once()
    {
        await using var fake = await FakeBandcamp.StartAsync();

        var items = await fake.ReadAsync(new SalesReportRequest(999, null, FakeBandcamp.Start, FakeBandcamp.End));

        var gap = Assert.Single(items, i => i.Gap is not null).Gap!;
        Assert.DoesNotContain(items, i => i.Sale is not null || i.Error is not null);
        Assert.IsType<BandcampApiException>(gap.Reason);
        Assert.Equal((FakeBandcamp.Start, FakeBandcamp.End), (gap.StartUtc, gap.EndUtc));
        Assert.Equal(1, fake.Server.Stats.SalesReportRequests);
    }

    [Fact]
    public async Task A_cut_off_chunk_is_read_again_and_a_row_without_item_id_before_the_cut_is_not_repeated()
    {
        await using var fake = await FakeBandcamp.StartAsync(new FakeBandcampOptions { PayoutsHaveItemIds = false });
        var inOrder = fake.Server.Sales.InReportOrder(FakeBands.LabelId, null, FakeBandcamp.Start, FakeBandcamp.End, shuffle: false).ToList();
        var payoutAt = inOrder.FindIndex(s => s.ItemType == "payout");
        Assert.True(payoutAt >= 0);
        fake.Server.Faults.TruncateNextSalesReport(afterRows: payoutAt + 1);

        var items = await fake.ReadAsync(Label(chunkDays: 3000));

        var sales = items.Where(i => i.Sale is not null).Select(i => i.Sale!).ToList();
        Assert.Equal(inOrder.Count, sales.Count);
        Assert.Equal(sales.Count, sales.Select(s => s.SaleKey).Distinct().Count());
        Assert.Single(sales, s => s.TransactionId == inOrder[payoutAt].BandcampTransactionId);
        Assert.Null(sales.Single(s => s.TransactionId == inOrder[payoutAt].BandcampTransactionId).TransactionItemId);
        Assert.Equal(2, fake.Server.Stats.SalesReportRequests);
        Assert.True(Assert.Single(Ended(items)).IsComplete);
    }

    [Fact]
    public async Task Every_sale_carries_its_key_and_its_span_and_each_span_counts_what_it_emitted_after_the_filter()
    {
        await using var fake = await FakeBandcamp.StartAsync();

        var items = await fake.ReadAsync(Label() with { Filter = new SaleFilter(["album"]) });

        var sales = items.Where(i => i.Sale is not null).Select(i => i.Sale!).ToList();
        Assert.All(sales, s => Assert.Equal("album", s.ItemType));
        Assert.All(sales, s => Assert.StartsWith("item:", s.SaleKey));
        Assert.All(Ended(items), span => Assert.Equal(sales.Count(s => s.ReadSpan == span), span.Emitted));
        Assert.All(Ended(items), span => Assert.Same(span.Scope, Ended(items)[0].Scope));
        Assert.Equal(sales.Count, Ended(items).Sum(s => s.Emitted));
    }

    private static List<SalesSpan> Ended(IEnumerable<SaleParseResult> items) =>
        items.Where(i => i.EndedSpan is not null).Select(i => i.EndedSpan!).ToList();
}
