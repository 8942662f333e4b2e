namespace BandcampPS.FakeApi.Tests;

/// <summary>The data set itself, without HTTP: determinism, time order, range arithmetic.</summary>
public sealed class FakeSalesDataTests
{
    [Fact]
    public void Sale_i_is_a_pure_function_of_seed_and_index()
    {
        var a = new FakeSalesData(new FakeBandcampOptions { SaleCount = 5000 });
        var b = new FakeSalesData(new FakeBandcampOptions { SaleCount = 5000 });
        var otherSeed = new FakeSalesData(new FakeBandcampOptions { SaleCount = 5000, Seed = 7 });

        foreach (var i in new[] { 0, 1, 2, 17, 999, 2500, 4999 })
            Assert.Equal(a.Get(i), b.Get(i));
        Assert.NotEqual(Enumerable.Range(0, 50).Select(a.Get), Enumerable.Range(0, 50).Select(otherSeed.Get));
    }

    [Fact]
    public void Times_are_whole_seconds_inside_the_window_and_never_decrease()
    {
        var options = new FakeBandcampOptions { SaleCount = 20_000 };
        var data = new FakeSalesData(options);

        var previous = DateTime.MinValue;
        for (int i = 0; i < data.Count; i++)
        {
            var t = data.TimeOf(i);
            Assert.True(t >= previous, $"sale {i} goes back in time");
            Assert.Equal(0, t.Ticks % TimeSpan.TicksPerSecond);
            previous = t;
        }
        Assert.True(data.TimeOf(0) >= options.SalesStartUtc);
        Assert.True(data.TimeOf(data.Count - 1) < options.SalesEndUtc);
        Assert.Equal(data.TimeOf(123), data.Get(123).DateUtc);
    }

    [Fact]
    public void Transaction_item_ids_are_unique_across_the_whole_set()
    {
        var data = new FakeSalesData(new FakeBandcampOptions { SaleCount = 50_000 });
        var seen = new HashSet<long>();
        for (int i = 0; i < data.Count; i++)
            Assert.True(seen.Add(data.Get(i).BandcampTransactionItemId), $"duplicate item id at {i}");
    }

    [Fact]
    public void Index_ranges_and_counts_agree_with_a_linear_scan()
    {
        var data = new FakeSalesData(new FakeBandcampOptions { SaleCount = 3000 });
        var start = new DateTime(2021, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        var end = new DateTime(2022, 3, 1, 0, 0, 0, DateTimeKind.Utc);

        var linear = Enumerable.Range(0, data.Count).Where(i => data.TimeOf(i) >= start && data.TimeOf(i) < end).ToArray();
        var (first, last) = data.IndexRange(start, end);

        Assert.Equal(linear.First(), first);
        Assert.Equal(linear.Last() + 1, last);
        var label = data.InRange(FakeBands.LabelId, null, start, end).ToArray();
        Assert.Equal(label.Length, data.CountInRange(FakeBands.LabelId, null, start, end));
        Assert.All(label, s => Assert.Equal(FakeBands.LabelId, s.BandId));
        Assert.Equal(label.Length, FakeBands.LabelMemberIds.Sum(m => data.CountInRange(FakeBands.LabelId, m, start, end)));
        Assert.Equal(linear.Length, label.Length + data.CountInRange(FakeBands.SoloBandId, null, start, end));
    }

    [Fact]
    public void About_seventy_percent_of_sales_are_the_labels()
    {
        var data = new FakeSalesData(new FakeBandcampOptions { SaleCount = 10_000 });
        var labelShare = data.CountInRange(FakeBands.LabelId, null, DateTime.MinValue, DateTime.MaxValue) / (double)data.Count;
        Assert.InRange(labelShare, 0.62, 0.78);
    }

    [Fact]
    public void More_sales_than_seconds_in_the_window_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new FakeSalesData(new FakeBandcampOptions
        {
            SaleCount = 100,
            SalesStartUtc = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            SalesEndUtc = new DateTime(2024, 1, 1, 0, 1, 0, DateTimeKind.Utc),
        }));
    }
}
