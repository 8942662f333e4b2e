using BandcampPS.Engine.Merch;

namespace BandcampPS.Engine.Tests.Merch;

/// <summary>Sending to an all-or-nothing update method so that one refused item never sinks the others.</summary>
public sealed class AllOrNothingBatchTests
{
    /// <summary>Refuses a call holding any bad id, naming the first one as <paramref name="message"/> says; records every call.</summary>
    private static (AllOrNothingBatch<long> Batch, List<long[]> Calls) Bandcamp(ISet<long> bad, Func<long, string> message)
    {
        var calls = new List<long[]>();
        var batch = new AllOrNothingBatch<long>((items, _) =>
        {
            calls.Add(items.ToArray());
            var first = items.FirstOrDefault(bad.Contains, -1);
            return first < 0 ? Task.CompletedTask : throw new BandcampApiException("update", message(first), 200);
        }, id => id);
        return (batch, calls);
    }

    private static async Task<(List<long> Applied, List<long> Refused)> SendAsync(AllOrNothingBatch<long> batch, IReadOnlyList<long> items)
    {
        var applied = new List<long>();
        var refused = new List<long>();
        await batch.SendAsync(items, applied.Add, (id, _) => refused.Add(id), CancellationToken.None);
        return (applied, refused);
    }

    private static readonly long[] Items = Enumerable.Range(1, 8).Select(i => 9100000000L + i).ToArray();

    [Fact]
    public async Task The_item_the_refusal_names_is_set_apart_and_the_rest_sent_again_in_one_call()
    {
        var (batch, calls) = Bandcamp(new HashSet<long> { Items[5] }, id => $"Unknown sale item id {id}");

        var (applied, refused) = await SendAsync(batch, Items);

        Assert.Equal([Items[5]], refused);
        Assert.Equal(Items.Except([Items[5]]), applied);
        Assert.Equal(3, calls.Count); // all, the rest, the named one alone
        Assert.Equal([Items[5]], calls[2]);
    }

    [Fact]
    public async Task A_refusal_that_names_no_item_is_narrowed_down_by_halves()
    {
        var bad = new HashSet<long> { Items[1], Items[6] };
        var (batch, calls) = Bandcamp(bad, _ => "Something is wrong with one of the items");

        var (applied, refused) = await SendAsync(batch, Items);

        Assert.Equal(bad.Order(), refused.Order());
        Assert.Equal(Items.Except(bad).Order(), applied.Order());
        Assert.True(calls.Count < Items.Length * 2, $"{calls.Count} calls");
    }

    [Fact]
    public async Task An_item_named_only_by_chance_goes_through_when_sent_alone()
    {
        // The message quotes a count that happens to equal another item's id.
        var (batch, _) = Bandcamp(new HashSet<long> { Items[0] }, id => $"quantity_sold for item {id} is {Items[3]}, not 2");

        var (applied, refused) = await SendAsync(batch, Items);

        Assert.Equal([Items[0]], refused);
        Assert.Contains(Items[3], applied);
        Assert.Equal(7, applied.Count);
    }

    [Fact]
    public async Task A_refused_token_is_not_split_but_ends_the_send()
    {
        var calls = 0;
        var batch = new AllOrNothingBatch<long>((_, _) => { calls++; throw new BandcampApiException("update", "invalid or expired access token", 401); }, id => id);

        await Assert.ThrowsAsync<BandcampApiException>(() => SendAsync(batch, Items));
        Assert.Equal(1, calls);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task A_rate_limit_or_server_error_left_after_the_retries_is_not_split_but_ends_the_send(int status)
    {
        var calls = 0;
        var batch = new AllOrNothingBatch<long>((_, _) => { calls++; throw new BandcampApiException("update", "Too many requests. Please slow down.", status); }, id => id);

        await Assert.ThrowsAsync<BandcampApiException>(() => SendAsync(batch, Items));
        Assert.Equal(1, calls);
    }
}
