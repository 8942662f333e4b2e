using System.Reflection;
using BandcampPS.Engine.Storage;

namespace BandcampPS.Engine.Tests.Storage;

public class ContentHasherTests
{
    private static UInt128 Hash(RevenueRow row) => new ContentHasher().Hash(RevenueColumns.Values(row));

    [Fact]
    public void The_hash_of_a_row_never_changes_between_versions()
    {
        // Stored hashes are compared on every re-import: a new encoding would mark every row Updated, unless a schema
        // migration rehashes the stored rows (as migrations 2 and 3 did for format versions 2 and 3).
        Assert.Equal(3, ContentHasher.FormatVersion);
        Assert.Equal("4C788640D29D97D8CDB8618A31D4809A", Convert.ToHexString(ContentHasher.ToBytes(Hash(SampleSales.Row(1)))));
    }

    [Fact]
    public void Empty_text_and_no_text_hash_alike_since_a_CSV_round_trip_cannot_tell_them_apart()
    {
        var row = SampleSales.Row(1);
        Assert.Equal(Hash(row with { Upc = null, Isrc = null, Option = "" }), Hash(row with { Upc = "", Isrc = "", Option = null }));
    }

    [Fact]
    public void A_conversion_is_not_content_a_new_rate_is_not_a_change_at_Bandcamp()
    {
        var row = SampleSales.Row(1);
        Assert.Equal(Hash(row), Hash(row.WithConversion("USD", 1.1m, new DateOnly(2024, 3, 27), a => a * 1.1m)));
    }

    [Fact]
    public void Equal_amounts_with_different_scales_hash_equally()
    {
        var row = SampleSales.Row(1);

        Assert.Equal(Hash(row with { ItemTotal = 10m, NetAmount = 0m }), Hash(row with { ItemTotal = 10.000m, NetAmount = -0.00m }));
    }

    [Theory]
    [InlineData("1.50", "1.5")]
    [InlineData("100.00", "100")]
    [InlineData("-0.0", "0")]
    [InlineData("0.0001000", "0.0001")]
    [InlineData("999999999999999.9999", "999999999999999.9999")]
    public void Normalizing_drops_trailing_zeros_only(string input, string expected)
    {
        var normalized = ContentHasher.Normalize(decimal.Parse(input, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(expected, normalized.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Normalizing_gives_the_very_bits_format_version_2_was_defined_with()
    {
        // Format 2 normalised by dividing by 1.0000000000000000000000000000m; stored hashes depend on the exact bits.
        var random = new Random(12);
        var amounts = new List<decimal> { 1m, -1m, 8.50m, -0.010m, 100.00m, 0.0001000m, 79228162514264337593543950335m, -7.9228162514264337593543950330m, 1e-28m };
        for (var i = 0; i < 20_000; i++)
            amounts.Add(new decimal(random.Next(), random.Next(), random.Next(0, 3), random.Next(2) == 1, (byte)random.Next(0, 29)));
        for (var i = 0; i < 20_000; i++)
            amounts.Add(Math.Round((decimal)(random.NextDouble() * 2000 - 1000), random.Next(0, 5)) * (random.Next(2) == 1 ? 1.00m : 1m));

        foreach (var amount in amounts.Where(a => a != 0m))
            Assert.True(decimal.GetBits(amount / 1.0000000000000000000000000000m).SequenceEqual(decimal.GetBits(ContentHasher.Normalize(amount))), $"{amount}");
    }

    [Fact]
    public void Every_content_column_changes_the_hash_and_the_key_and_import_time_do_not()
    {
        var row = RevenueRow.FromSale(SampleSales.Api(1), includeBuyerDetails: true);
        var baseline = Hash(row);

        foreach (var column in RevenueColumns.All)
        {
            var changed = With(row, RevenueColumns.Name(column));
            if (RevenueColumns.Content.Contains(column))
                Assert.True(Hash(changed) != baseline, $"changing {column} must change the hash");
            else
                Assert.True(Hash(changed) == baseline, $"{column} must not be part of the hash");
        }
    }

    // A copy with one property set to a different value of its type (init setters are callable by reflection).
    private static RevenueRow With(RevenueRow row, string property)
    {
        var info = typeof(RevenueRow).GetProperty(property)!;
        var copy = row with { };
        var type = Nullable.GetUnderlyingType(info.PropertyType) ?? info.PropertyType;
        object value = type switch
        {
            _ when type == typeof(string) => (string?)info.GetValue(row) + "x",
            _ when type == typeof(long) => ((long?)info.GetValue(row) ?? 0) + 1,
            _ when type == typeof(int) => ((int?)info.GetValue(row) ?? 0) + 1,
            _ when type == typeof(decimal) => ((decimal?)info.GetValue(row) ?? 0) + 0.01m,
            _ when type == typeof(DateTime) => ((DateTime)info.GetValue(row)!).AddSeconds(1),
            _ when type == typeof(DateOnly) => ((DateOnly?)info.GetValue(row) ?? DateOnly.MinValue).AddDays(1),
            _ when type == typeof(global::BandcampPS.Engine.Sales.BandcampSaleSource) => global::BandcampPS.Engine.Sales.BandcampSaleSource.Csv,
            _ => throw new InvalidOperationException(type.Name),
        };
        info.SetValue(copy, value);
        return copy;
    }
}
