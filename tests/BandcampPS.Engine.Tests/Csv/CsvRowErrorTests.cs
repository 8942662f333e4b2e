using BandcampPS.Engine.Csv;

namespace BandcampPS.Engine.Tests.Csv;

public class CsvRowErrorTests
{
    private const string Header = "date,item type,item name,currency,item total,quantity,bandcamp transaction id\r\n";

    [Fact]
    public void Errors_name_the_physical_line_the_record_starts_on_counting_line_breaks_inside_quotes()
    {
        const string text =
            Header +                                                         // line 1
            "1/15/24 5:21pm,album,\"Three\r\nline\r\nname\",USD,5.00,1,1001\r\n" + // lines 2-4
            "31/31/24 9:99pm,album,x,USD,5.00,1,1002\r\n" +                  // line 5
            "\r\n" +                                                         // line 6
            "1/15/24 5:21pm,track,\"a \"\"b\"\", c\nd\",USD,$5.00,1,1003\r\n" +  // lines 7-8
            ",,,,,,\r\n" +                                                   // line 9
            "1/16/24 5:21pm,pending sale,x,USD,1.00,1.5,1004\r\n" +          // line 10
            "1/16/24 5:22pm,pending sale,y,USD,1.00,1,1005\r\n";             // line 11

        var results = CsvTestFiles.ReadText(text);

        Assert.Equal(5, results.Count);
        Assert.Equal("Three\r\nline\r\nname", results[0].Sale!.ItemName);
        var errors = results.Errors();
        Assert.Equal([5, 7, 10], errors.Select(e => e.LineNumber));
        Assert.Equal(
            "Line 5 of 'sales.csv': date '31/31/24 9:99pm' is not a date Bandcamp writes (expected M/d/yy h:mmtt)",
            errors[0].Message);
        Assert.Equal(
            "Line 7 of 'sales.csv': item total '$5.00' is not an amount " +
            "(expected a plain number such as 1234.50 or 1,234.50, without a currency symbol)",
            errors[1].Message);
        Assert.Equal("Line 10 of 'sales.csv': quantity '1.5' is not a whole number", errors[2].Message);
        Assert.Equal(
            [CsvRowErrorKind.InvalidDate, CsvRowErrorKind.InvalidAmount, CsvRowErrorKind.InvalidQuantity],
            errors.Select(e => e.Kind));
        Assert.Equal(["date", "item total", "quantity"], errors.Select(e => e.Column));
        Assert.Equal(["31/31/24 9:99pm", "$5.00", "1.5"], errors.Select(e => e.RawValue));
        Assert.All(errors, e => Assert.Equal("sales.csv", e.FileName));
        Assert.Equal("1005", results[^1].Sale!.TransactionId);
    }

    [Fact]
    public void The_column_is_named_as_the_file_writes_it()
    {
        const string text = "Date,Item_Type,Currency,Net Amount,Bandcamp Transaction ID\n1/15/24 5:21pm,album,USD,1 234,1\n";

        var error = CsvTestFiles.ReadText(text).Errors().Single();

        Assert.Equal("Net Amount", error.Column);
        Assert.StartsWith("Line 2 of 'sales.csv': Net Amount '1 234' is not an amount", error.Message);
    }

    [Fact]
    public void A_quoted_amount_with_thousands_separators_is_read()
    {
        var sale = CsvTestFiles.ReadText(Header + "1/15/24 5:21pm,package,Box set,USD,\"1,234.50\",1,1001\r\n").Sales().Single();

        Assert.Equal(1234.50m, sale.ItemTotal);
    }

    [Theory]
    [InlineData(",album,x,USD,1.00,1,1", "date")]
    [InlineData("1/15/24 5:21pm, ,x,USD,1.00,1,1", "item type")]
    [InlineData("1/15/24 5:21pm,album,x,,1.00,1,1", "currency")]
    [InlineData("1/15/24 5:21pm,album,x,USD,1.00,1,", "bandcamp transaction id")]
    public void A_blank_required_value_is_an_error(string line, string column)
    {
        var error = CsvTestFiles.ReadText(Header + line + "\r\n").Errors().Single();

        Assert.Equal(CsvRowErrorKind.MissingValue, error.Kind);
        Assert.Equal(column, error.Column);
        Assert.Equal($"Line 2 of 'sales.csv': {column} is blank, but every row needs one", error.Message);
    }

    [Fact]
    public void Blank_optional_values_are_null()
    {
        var sale = CsvTestFiles.ReadText(Header + "1/15/24 5:21pm,album,,USD,,,1\r\n").Sales().Single();

        Assert.Null(sale.ItemName);
        Assert.Null(sale.ItemTotal);
        Assert.Null(sale.Quantity);
    }

    [Fact]
    public void A_line_with_too_few_or_too_many_fields_is_reported_and_the_next_line_still_read()
    {
        const string text = Header +
            "1/15/24 5:21pm,album,x,USD,1.00\r\n" +
            "1/15/24 5:21pm,album,Comma, unquoted,USD,1.00,1,2\r\n" +
            "1/15/24 5:21pm,album,x,USD,1.00,1,3,,\r\n" +
            "1/15/24 5:21pm,album,x,USD,1.00,1,4\r\n";

        var results = CsvTestFiles.ReadText(text);

        var errors = results.Errors();
        Assert.Equal([2, 3], errors.Select(e => e.LineNumber));
        Assert.All(errors, e => Assert.Equal(CsvRowErrorKind.WrongFieldCount, e.Kind));
        Assert.Equal(
            "Line 2 of 'sales.csv': the line has 5 field(s) but the header has 7; it may be cut off or have an unquoted comma",
            errors[0].Message);
        Assert.Equal(["3", "4"], results.Where(r => r.IsSale).Select(r => r.Sale!.TransactionId));
    }

    [Fact]
    public void A_stray_quote_is_reported_and_the_next_line_still_read()
    {
        const string text = Header +
            "1/15/24 5:21pm,album,\"Half\"quoted,USD,1.00,1,1\r\n" +
            "1/15/24 5:21pm,album,x,USD,1.00,1,2\r\n";

        var results = CsvTestFiles.ReadText(text);

        var error = results.Errors().Single();
        Assert.Equal(CsvRowErrorKind.MalformedQuotes, error.Kind);
        Assert.Equal(2, error.LineNumber);
        Assert.Equal("2", results[1].Sale!.TransactionId);
    }

    [Fact]
    public void An_unclosed_quote_is_one_error_at_the_line_where_it_opens_and_the_rows_after_it_still_come_out()
    {
        const string text = Header +
            "1/15/24 5:21pm,album,x,USD,1.00,1,1\r\n" +
            "1/15/24 5:21pm,album,\"Unclosed,USD,1.00,1,2\r\n" +
            "1/15/24 5:21pm,album,x,USD,1.00,1,3\r\n" +
            "1/15/24 5:21pm,album,x,USD,1.00,1,4\r\n";

        var results = CsvTestFiles.ReadText(text);

        var error = results.Errors().Single();
        Assert.Equal(3, error.LineNumber);
        Assert.Equal(CsvRowErrorKind.UnclosedQuote, error.Kind);
        Assert.Equal(
            "Line 3 of 'sales.csv': a quoted field opened on this line is never closed (the file ends inside it); " +
            "the row is skipped, and reading goes on at line 4",
            error.Message);
        Assert.Equal(["1", "3", "4"], results.Where(r => r.IsSale).Select(r => r.Sale!.TransactionId));
    }

    [Fact]
    public void An_unclosed_quote_in_a_long_file_costs_its_row_alone_and_the_error_holds_only_the_start_of_it()
    {
        var generator = new CsvSaleGenerator(seed: 11);
        var sales = generator.Sales(3_000).ToList();
        using var bytes = new MemoryStream();
        int badLine;
        using (var writer = new BandcampCsvExportWriter(bytes, System.Text.Encoding.UTF8))
        {
            writer.WriteHeader();
            for (var i = 0; i < 10; i++) writer.WriteSale(sales[i]);
            var cells = writer.CellsOf(sales[10]);
            cells[writer.IndexOf("item name")] = "OPEN-QUOTE-HERE";
            badLine = writer.WriteRecord(cells);
            for (var i = 11; i < sales.Count; i++) writer.WriteSale(sales[i]);
        }
        var text = System.Text.Encoding.UTF8.GetString(bytes.ToArray()).Replace("OPEN-QUOTE-HERE", "\"no closing quote");

        var results = CsvTestFiles.ReadText(text);

        // Other quoted values of the row ("Comma, Separated, Title") close the open quote on its own line: one bad row.
        var error = results.Errors().Single();
        Assert.Equal(badLine, error.LineNumber);
        Assert.True(error.RawValue!.Length <= 4096);
        SaleAssert.AllEqual([.. sales[..10], .. sales[11..]], results.Where(r => r.IsSale).Select(r => r.Sale!).ToList());
    }

    [Fact]
    public void An_unclosed_quote_closed_by_a_later_rows_quote_costs_only_its_own_row()
    {
        const string text = Header +
            "1/15/24 5:21pm,album,\"Unclosed,USD,1.00,1,2\r\n" +
            "1/15/24 5:21pm,album,x,USD,1.00,1,3\r\n" +
            "1/15/24 5:21pm,album,\"Smith, John\",USD,1.00,1,4\r\n" +
            "1/15/24 5:21pm,album,x,USD,1.00,1,5\r\n";

        var results = CsvTestFiles.ReadText(text);

        var error = results.Errors().Single();
        Assert.Equal((2, CsvRowErrorKind.WrongFieldCount), (error.LineNumber, error.Kind));
        Assert.EndsWith("a quoted field may be missing its closing quote, and reading goes on at line 3", error.Message);
        Assert.Equal(["3", "4", "5"], results.Where(r => r.IsSale).Select(r => r.Sale!.TransactionId));
        Assert.Equal("Smith, John", results.Single(r => r.Sale?.TransactionId == "4").Sale!.ItemName);
    }

    [Fact]
    public void An_unclosed_quote_that_nothing_closes_is_cut_at_the_row_limit_and_reading_goes_on()
    {
        // Rows without a single quote after the bad one: the open quote runs until the 64 K limit.
        var rows = Enumerable.Range(3, 2_000).Select(n => $"1/15/24 5:21pm,album,x,USD,1.00,1,{n}\r\n");
        var text = Header + "1/15/24 5:21pm,album,\"Unclosed,USD,1.00,1,2\r\n" + string.Concat(rows);

        var results = CsvTestFiles.ReadText(text);

        var error = results.Errors().Single();
        Assert.Equal(2, error.LineNumber);
        Assert.Equal(CsvRowErrorKind.UnclosedQuote, error.Kind);
        Assert.StartsWith("Line 2 of 'sales.csv': a quoted field opened on this line is not closed within 64 K characters", error.Message);
        Assert.Equal(Enumerable.Range(3, 2_000).Select(n => n.ToString()), results.Where(r => r.IsSale).Select(r => r.Sale!.TransactionId));
    }

    [Fact]
    public void A_line_longer_than_any_row_is_one_error_and_the_next_line_is_read()
    {
        var text = Header + new string('x', 200_000) + "\r\n" + "1/15/24 5:21pm,album,x,USD,1.00,1,2\r\n";

        var results = CsvTestFiles.ReadText(text);

        var error = results.Errors().Single();
        Assert.Equal((2, CsvRowErrorKind.RecordTooLong), (error.LineNumber, error.Kind));
        Assert.Equal(4096, error.RawValue!.Length);
        Assert.Equal("2", results.Single(r => r.IsSale).Sale!.TransactionId);
    }

    [Fact]
    public void The_first_bad_field_is_reported_when_a_row_has_several()
    {
        var error = CsvTestFiles.ReadText(Header + "1/15/24 5:21pm,album,x,USD,oops,one,1\r\n").Errors().Single();

        Assert.Equal("item total", error.Column);
    }

    [Fact]
    public void A_time_skipped_by_the_export_zone_is_a_date_error()
    {
        var reader = new BandcampCsvReader(TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));

        var error = CsvTestFiles.ReadText(Header + "3/10/24 2:30am,album,x,USD,1.00,1,1\r\n", reader).Errors().Single();

        Assert.Equal(CsvRowErrorKind.InvalidDate, error.Kind);
        Assert.Equal(
            "Line 2 of 'sales.csv': date '3/10/24 2:30am' is a time that did not exist in time zone 'America/New_York' " +
            "(the clocks went forward)",
            error.Message);
    }

    [Fact]
    public void A_thousand_bad_rows_among_ten_thousand_good_ones_are_each_reported_at_their_line()
    {
        var generator = new CsvSaleGenerator(seed: 7);
        var spoilers = new (string Column, string Value, CsvRowErrorKind Kind)[]
        {
            ("date", "31/31/24 9:99pm", CsvRowErrorKind.InvalidDate),
            ("date", "2024-13-01 00:00:00", CsvRowErrorKind.InvalidDate),
            ("date", "yesterday", CsvRowErrorKind.InvalidDate),
            ("item total", "$5.00", CsvRowErrorKind.InvalidAmount),
            ("net amount", "1,5", CsvRowErrorKind.InvalidAmount),
            ("sub total", "12.3.4", CsvRowErrorKind.InvalidAmount),
            ("quantity", "1.5", CsvRowErrorKind.InvalidQuantity),
            ("quantity", "two", CsvRowErrorKind.InvalidQuantity),
        };
        var goodSales = new List<global::BandcampPS.Engine.Sales.BandcampSale>();
        var expectedErrors = new List<(int Line, string Column, string Value, CsvRowErrorKind Kind)>();
        using var bytes = new MemoryStream();
        using (var writer = new BandcampCsvExportWriter(bytes))
        {
            writer.WriteHeader();
            for (var row = 0; row < 11_000; row++)
            {
                var sale = generator.Next();
                if (row % 11 != 5)
                {
                    goodSales.Add(sale);
                    writer.WriteSale(sale);
                    continue;
                }

                // The bad rows keep their multi-line names, so later line numbers depend on counting them right.
                var spoiler = spoilers[row / 11 % spoilers.Length];
                var cells = writer.CellsOf(sale);
                cells[writer.IndexOf(spoiler.Column)] = spoiler.Value;
                expectedErrors.Add((writer.WriteRecord(cells), spoiler.Column, spoiler.Value, spoiler.Kind));
            }
        }

        var results = CsvTestFiles.Read(bytes.ToArray());

        Assert.Equal(10_000, goodSales.Count);
        Assert.Equal(1_000, expectedErrors.Count);
        SaleAssert.AllEqual(goodSales, results.Where(r => r.IsSale).Select(r => r.Sale!).ToList());
        var errors = results.Errors();
        Assert.Equal(expectedErrors, errors.Select(e => (e.LineNumber, e.Column!, e.RawValue!, e.Kind)));
        Assert.All(errors, e => Assert.StartsWith($"Line {e.LineNumber} of 'sales.csv': {e.Column} '", e.Message));
        Assert.True(expectedErrors[^1].Line > 11_001, "multi-line names must push line numbers past the record count");
    }

    [Fact]
    public void A_pending_fee_written_as_a_star_and_a_blank_fee_on_a_carts_other_lines_read_as_no_fee_not_as_bad_rows()
    {
        const string text =
            "date,item type,item name,currency,item total,transaction fee,paid to,fee type,paypal transaction id,bandcamp transaction id\r\n" +
            "1/15/24 5:21pm,album,a,USD,5.00,,Stripe,stripe,,1001\r\n" +
            "1/15/24 5:21pm,track,b,USD,1.00,0.42,Stripe,stripe,,1001\r\n" +
            "1/16/24 5:21pm,album,c,USD,5.00,*,Bandcamp,,,1002\r\n";

        var results = CsvTestFiles.ReadText(text);

        Assert.Empty(results.Errors());
        Assert.Equal([null, 0.42m, null], results.Sales().Select(s => s.TransactionFee));
        Assert.Equal("Stripe", results.Sales()[0].PaidTo);
    }
}
