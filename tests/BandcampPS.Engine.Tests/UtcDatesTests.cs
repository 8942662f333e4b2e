namespace BandcampPS.Engine.Tests;

/// <summary>The one UTC helper of the engine and the cmdlets: what each DateTimeKind becomes.</summary>
public sealed class UtcDatesTests
{
    [Fact]
    public void A_UTC_time_is_kept_as_it_is()
    {
        var utc = new DateTime(2024, 3, 31, 1, 30, 0, DateTimeKind.Utc);
        Assert.Equal((utc, DateTimeKind.Utc), (UtcDates.ToUtc(utc), UtcDates.ToUtc(utc).Kind));
    }

    [Fact]
    public void A_time_without_a_kind_is_taken_as_UTC_not_shifted()
    {
        // "2024-01-01" typed at a prompt, a wall-clock time read from a file, a datetime2 column: no zone was said.
        var typed = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
        var utc = UtcDates.ToUtc(typed);
        Assert.Equal((typed.Ticks, DateTimeKind.Utc), (utc.Ticks, utc.Kind));
    }

    [Fact]
    public void A_local_time_is_converted_to_the_same_instant_in_UTC()
    {
        var local = new DateTime(2024, 7, 1, 12, 0, 0, DateTimeKind.Local);
        var utc = UtcDates.ToUtc(local);
        Assert.Equal(DateTimeKind.Utc, utc.Kind);
        Assert.Equal(new DateTimeOffset(local).UtcDateTime, utc);
    }

    [Fact]
    public void A_nullable_time_converts_the_same_way_and_null_stays_null()
    {
        Assert.Null(UtcDates.ToUtc((DateTime?)null));
        DateTime? typed = new DateTime(2024, 1, 1);
        Assert.Equal(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), UtcDates.ToUtc(typed));
        Assert.Equal(DateTimeKind.Utc, UtcDates.ToUtc(typed)!.Value.Kind);
    }
}
