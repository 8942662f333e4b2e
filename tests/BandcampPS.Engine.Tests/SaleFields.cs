using System.Reflection;
using BandcampPS.Engine.Sales;

namespace BandcampPS.Engine.Tests;

/// <summary>The fields of <see cref="BandcampSale"/>, found by reflection so a new one is covered by every test that uses them.</summary>
internal static class SaleFields
{
    public static readonly PropertyInfo[] All = typeof(BandcampSale)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.SetMethod is { IsPublic: true })
        .ToArray();

    public static IEnumerable<string> Names => All.Select(p => p.Name);

    /// <summary>
    /// A sale with a different, storable value in every field (buyer details too): short text, so even the codes the
    /// store bounds (a currency keeps 8 characters) take it.
    /// </summary>
    public static BandcampSale EveryFieldFilled()
    {
        var sale = new BandcampSale();
        for (var i = 0; i < All.Length; i++)
        {
            var property = All[i];
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            object value = type == typeof(string) ? $"{property.Name[..Math.Min(4, property.Name.Length)]}{i}"
                : type == typeof(long) ? 3_000_000_000L + i
                : type == typeof(int) ? i + 1
                : type == typeof(decimal) ? i + 0.25m
                : type == typeof(DateTime) ? new DateTime(2024, 3, 27, 8, 27, i, DateTimeKind.Utc)
                : type == typeof(BandcampSaleSource) ? BandcampSaleSource.Csv
                : throw new InvalidOperationException($"Give BandcampSale.{property.Name} ({type.Name}) a value here.");
            property.SetValue(sale, value);
        }
        return sale;
    }
}
