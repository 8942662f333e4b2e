using BandcampPS.Engine.Csv;

namespace BandcampPS.Engine.Tests.Csv;

public class CsvHeaderTests
{
    [Theory]
    [InlineData("item type", nameof(CsvColumn.ItemType))]
    [InlineData("item_type", nameof(CsvColumn.ItemType))]
    [InlineData("  Item-Type ", nameof(CsvColumn.ItemType))]
    [InlineData("ITEM\0 TYPE", nameof(CsvColumn.ItemType))]
    [InlineData("\uFEFFdate", nameof(CsvColumn.Date))]
    [InlineData("referrer", nameof(CsvColumn.Referer))]
    [InlineData("referer", nameof(CsvColumn.Referer))]
    [InlineData("referrer url", nameof(CsvColumn.RefererUrl))]
    [InlineData("referer_url", nameof(CsvColumn.RefererUrl))]
    [InlineData("region/state", nameof(CsvColumn.RegionOrState))]
    [InlineData("Region / State", nameof(CsvColumn.RegionOrState))]
    [InlineData("region_or_state", nameof(CsvColumn.RegionOrState))]
    [InlineData("ship from country name", nameof(CsvColumn.ShipFromCountryName))]
    [InlineData("ship-from country", nameof(CsvColumn.ShipFromCountryName))]
    [InlineData("ship_to_street_2", nameof(CsvColumn.ShipToStreet2))]
    [InlineData("bandcamp transaction id", nameof(CsvColumn.TransactionId))]
    [InlineData("bandcamp_related_transaction_id", nameof(CsvColumn.RelatedTransactionId))]
    [InlineData("amount   you received", nameof(CsvColumn.AmountYouReceived))]
    public void Headers_match_whatever_their_case_separators_and_spelling(string header, string expected)
    {
        Assert.True(CsvColumnNames.TryFind(header, out var column));
        Assert.Equal(Enum.Parse<CsvColumn>(expected), column);
    }

    [Theory]
    [InlineData("balance of revenue share (EUR)")]
    [InlineData("bandcamp transaction item id")]
    [InlineData("")]
    public void Other_headers_are_not_columns_the_reader_knows(string header) =>
        Assert.False(CsvColumnNames.TryFind(header, out _));

    [Fact]
    public void The_test_writer_uses_a_name_the_reader_knows_for_every_column_of_the_sale()
    {
        var columns = BandcampCsvExportWriter.ColumnNames.Select(name =>
            CsvColumnNames.TryFind(name, out var column) ? column : throw new Xunit.Sdk.XunitException(name));

        Assert.Equal(Enum.GetValues<CsvColumn>(), columns);
    }

    [Fact]
    public void Api_style_headers_and_unknown_extra_columns_are_read()
    {
        const string text =
            "Date,Item_Type,Currency,Item_Total,Bandcamp_Transaction_Id,Referer,Region_Or_State,Ship-From Country,balance of revenue share (EUR)\r\n" +
            "1/15/24 5:21pm,album,EUR,10.00,4100000101,bandcamp,Berlin,Germany,0.15\r\n";

        var sale = CsvTestFiles.ReadText(text).Sales().Single();

        Assert.Equal("album", sale.ItemType);
        Assert.Equal(10.00m, sale.ItemTotal);
        Assert.Equal("4100000101", sale.TransactionId);
        Assert.Equal("bandcamp", sale.Referer);
        Assert.Equal("Berlin", sale.RegionOrState);
        Assert.Equal("Germany", sale.ShipFromCountryName);
        Assert.Null(sale.NetAmount);
    }

    [Fact]
    public void Missing_required_columns_stop_the_file_once_naming_the_file_and_every_missing_column()
    {
        const string text = "paid to,item type,item name,bandcamp transaction id\r\nBandcamp,album,x,1\r\n";

        var error = Assert.Throws<CsvSchemaException>(() => CsvTestFiles.ReadText(text));

        Assert.Equal("sales.csv", error.FileName);
        Assert.Equal(["date", "currency", "item total", "net amount", "amount you received"], error.MissingColumns);
        Assert.Equal(
            "'sales.csv' is missing required column(s): 'date', 'currency', one of 'item total', 'net amount', 'amount you received'",
            error.Message);
    }

    [Fact]
    public void The_transaction_id_column_is_required()
    {
        const string text = "date,item type,currency,net amount\r\n1/15/24 5:21pm,album,USD,1.00\r\n";

        var error = Assert.Throws<CsvSchemaException>(() => CsvTestFiles.ReadText(text));

        Assert.Equal(["bandcamp transaction id"], error.MissingColumns);
    }

    [Theory]
    [InlineData("item total")]
    [InlineData("net amount")]
    [InlineData("amount you received")]
    public void Any_one_amount_column_is_enough(string amountColumn)
    {
        var text = $"date,item type,currency,{amountColumn},bandcamp transaction id\r\n1/15/24 5:21pm,album,USD,1.00,7\r\n";

        Assert.Single(CsvTestFiles.ReadText(text).Sales());
    }

    [Fact]
    public void An_empty_file_is_missing_every_required_column()
    {
        var error = Assert.Throws<CsvSchemaException>(() => CsvTestFiles.Read([]));

        Assert.Equal(7, error.MissingColumns.Count);
    }

    [Fact]
    public void The_schema_error_comes_when_reading_starts_not_when_the_reader_is_asked()
    {
        var results = new BandcampCsvReader().Read(new MemoryStream([]), "empty.csv");

        using var enumerator = results.GetEnumerator();
        Assert.Throws<CsvSchemaException>(() => enumerator.MoveNext());
    }
}
