using BandcampPS.Engine.Sales;

namespace BandcampPS.Engine.Tests.Sales;

public class DateRangeChunkerTests
{
    private static DateTime Utc(int y, int m, int d, int h = 0) => new(y, m, d, h, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Chunks_meet_exactly_and_cover_the_range()
    {
        var chunks = DateRangeChunker.Split(Utc(2024, 1, 1), Utc(2024, 3, 15, 6), 30).ToList();
        Assert.Equal(Utc(2024, 1, 1), chunks[0].StartUtc);
        Assert.Equal(Utc(2024, 3, 15, 6), chunks[^1].EndUtc);
        for (var i = 1; i < chunks.Count; i++) Assert.Equal(chunks[i - 1].EndUtc, chunks[i].StartUtc);
        Assert.All(chunks, c => Assert.True(c.EndUtc - c.StartUtc <= TimeSpan.FromDays(30)));
    }

    [Fact]
    public void A_sale_on_a_boundary_belongs_to_exactly_one_chunk()
    {
        var chunks = DateRangeChunker.Split(Utc(2024, 1, 1), Utc(2024, 2, 1), 10).ToList();
        var boundary = chunks[1].StartUtc;
        Assert.Single(chunks, c => c.StartUtc <= boundary && boundary < c.EndUtc);
    }

    [Fact]
    public void Ten_years_are_split_lazily()
    {
        using var chunks = DateRangeChunker.Split(Utc(2015, 1, 1), Utc(2025, 1, 1), 30).GetEnumerator();
        Assert.True(chunks.MoveNext());
        Assert.Equal(Utc(2015, 1, 31), chunks.Current.EndUtc);
        Assert.Equal(122, DateRangeChunker.Split(Utc(2015, 1, 1), Utc(2025, 1, 1), 30).Count());
    }

    [Fact]
    public void Non_utc_boundaries_are_refused() =>
        Assert.Throws<ArgumentException>(() => DateRangeChunker.Split(DateTime.Now, DateTime.Now.AddDays(1), 1).ToList());
}
