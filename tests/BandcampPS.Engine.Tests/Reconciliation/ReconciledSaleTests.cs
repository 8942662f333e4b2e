using System.Reflection;
using BandcampPS.Engine.Reconciliation;
using BandcampPS.Engine.Sales;
using BandcampPS.Engine.Storage;
using BandcampPS.Engine.Tests.Storage;

namespace BandcampPS.Engine.Tests.Reconciliation;

/// <summary>How a sale or stored row is reduced to what a reconciliation compares.</summary>
public sealed class ReconciledSaleTests
{
    private static readonly PropertyInfo[] Fields = typeof(ReconciledSale).GetProperties(BindingFlags.Public | BindingFlags.Instance);

    [Fact]
    public void Every_field_of_the_reconciled_line_comes_from_the_stored_row_of_the_same_name()
    {
        var copied = SameNameCopy.CopiedNames(typeof(RevenueRow), typeof(ReconciledSale));

        Assert.Equal(Fields.Select(p => p.Name).Order(), copied.Order());
        Assert.Subset(copied.ToHashSet(), ComparedFields.Names.ToHashSet());
    }

    [Fact]
    public void Every_field_a_sale_shares_with_the_line_arrives_with_its_value()
    {
        var sale = SaleFields.EveryFieldFilled();

        var line = ReconciledSale.From(sale);

        foreach (var field in Fields)
        {
            var expected = typeof(BandcampSale).GetProperty(field.Name)!.GetValue(sale);
            if (field.Name == nameof(ReconciledSale.Currency)) expected = ((string)expected!).ToUpperInvariant();
            Assert.Equal(expected, field.GetValue(line));
        }
    }

    [Fact]
    public void Text_is_trimmed_with_LF_line_breaks_blank_is_null_codes_are_upper_case_and_times_UTC()
    {
        var stored = SampleSales.Row(1) with
        {
            TransactionId = " 41 ", ItemName = " Night\r\nStudies ", Artist = "   ", Upc = "", Currency = " eur ",
            SaleDate = new DateTime(2024, 3, 27, 8, 0, 0, DateTimeKind.Unspecified),
        };

        var line = ReconciledSale.From(stored);

        Assert.Equal(("41", "Night\nStudies", null, null, "EUR"), (line.TransactionId, line.ItemName, line.Artist, line.Upc, line.Currency));
        Assert.Equal(DateTimeKind.Utc, line.SaleDate.Kind);
        Assert.Equal("", ReconciledSale.From(stored with { ItemType = " " }).ItemType); // required text is never null
    }
}
