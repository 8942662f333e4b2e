using System.Reflection;
using BandcampPS.Engine.Sales;

namespace BandcampPS.Engine.Tests.Csv;

/// <summary>Compares sales property by property, so a round-trip test covers every field, new ones included.</summary>
internal static class SaleAssert
{
    private static readonly PropertyInfo[] Properties =
        typeof(BandcampSale).GetProperties(BindingFlags.Public | BindingFlags.Instance);

    public static void Equal(BandcampSale expected, BandcampSale actual, string? context = null)
    {
        foreach (var property in Properties)
        {
            var want = property.GetValue(expected);
            var got = property.GetValue(actual);
            if (!Equals(want, got))
            {
                Assert.Fail($"{context}{property.Name}: expected {Show(want)} but read {Show(got)} ({expected})");
            }
        }

        Assert.Equal(DateTimeKind.Utc, actual.SaleDate.Kind);
    }

    public static void AllEqual(IReadOnlyList<BandcampSale> expected, IReadOnlyList<BandcampSale> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Equal(expected[i], actual[i], $"sale {i}: ");
        }
    }

    private static string Show(object? value) => value is null ? "null" : $"'{value}' ({value.GetType().Name})";
}
