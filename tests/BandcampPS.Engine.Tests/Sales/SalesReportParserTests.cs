using System.Text;
using BandcampPS.Engine.Sales;

namespace BandcampPS.Engine.Tests.Sales;

public class SalesReportParserTests
{
    private const string Item = """
        {"bandcamp_transaction_id":4100000101,"bandcamp_transaction_item_id":900000201,"bandcamp_related_transaction_id":null,
         "date":"27 Mar 2024 08:27:49 GMT","paid_to":"Bandcamp","item_type":"album","item_name":"Night \"Studies\", Vol. 1\n日本語",
         "artist":"First Artist","currency":"EUR","item_price":8.0,"quantity":1,"discount_code":null,"sub_total":8.00,
         "additional_fan_contribution":2.0,"seller_tax":null,"marketplace_tax":null,"tax_rate":null,"collection_society_share":null,
         "shipping":null,"ship_from_country_name":null,"transaction_fee":0.55,"fee_type":"paypal","item_total":10.0,
         "amount_you_received":9.45,"paypal_transaction_id":null,"net_amount":8.25,"package":"digital download","option":null,
         "item_url":"https://firstartist.bandcamp.com/album/night-studies","catalog_number":"EXL012","upc":"","isrc":"",
         "buyer_name":"A. Buyer","buyer_email":"buyer@example.invalid","buyer_phone":null,"buyer_note":null,"ship_to_name":null,
         "ship_to_street":null,"ship_to_street_2":null,"ship_to_city":null,"ship_to_state":null,"ship_to_zip":null,"ship_to_country":null,
         "ship_to_country_code":null,"ship_date":null,"ship_notes":null,"country":"Germany","country_code":"DE","region_or_state":"Berlin",
         "city":"Berlin","referer":"bandcamp","referer_url":null,"sku":null,"some_future_field":{"nested":[1,2,{"x":null}]}}
        """;

    private const string Payout = """
        {"bandcamp_transaction_id":"t878373461","bandcamp_transaction_item_id":900000202,"date":"4 Jan 2021 23:22:11 GMT",
         "item_type":"payout","currency":"USD","item_total":-1234.56,"net_amount":"-1234.56","quantity":null}
        """;

    private static async Task<List<SaleParseResult>> ParseAsync(string json, int chunkSize = int.MaxValue)
    {
        var stream = new TrickleStream(Encoding.UTF8.GetBytes(json), chunkSize);
        var results = new List<SaleParseResult>();
        await foreach (var row in SalesReportReader.ReadAsync(stream, 3000000001, 3000000002, "test report")) results.Add(row);
        return results;
    }

    [Fact]
    public async Task A_row_keeps_none_of_the_values_of_the_row_before_it()
    {
        // The payout row lacks almost every field the album row has; a row repeating one field more often than a
        // row has fields comes between, and still nothing leaks into the next row.
        var repeats = string.Join(",", Enumerable.Repeat("\"item_name\":\"x\"", 80));
        var repeated = $$"""{"bandcamp_transaction_id":1,"bandcamp_transaction_item_id":2,"date":"4 Jan 2021 23:22:11 GMT","item_type":"track","currency":"USD","sub_total":1.5,{{repeats}}}""";

        var rows = await ParseAsync($$"""{"report":[{{Item}},{{Payout}},{{repeated}},{{Payout}}]}""");

        var payouts = rows.Select(r => r.Sale!).Where(s => s.ItemType == "payout").ToList();
        Assert.Equal(2, payouts.Count);
        Assert.All(payouts, payout =>
        {
            Assert.Null(payout.ItemName);
            Assert.Null(payout.Artist);
            Assert.Null(payout.ItemPrice);
            Assert.Null(payout.SubTotal);
            Assert.Null(payout.TransactionFee);
            Assert.Null(payout.Country);
        });
        Assert.Equal(1.5m, rows[2].Sale!.SubTotal);
    }

    [Fact]
    public async Task Every_field_is_read_with_exact_decimals_and_utc_dates()
    {
        var sale = Assert.Single(await ParseAsync($$"""{"report":[{{Item}}]}""")).Sale!;
        Assert.Equal(BandcampSaleSource.Api, sale.Source);
        Assert.Equal(3000000001, sale.BandId);
        Assert.Equal(3000000002, sale.MemberBandId);
        Assert.Equal("4100000101", sale.TransactionId);
        Assert.Equal(900000201, sale.TransactionItemId);
        Assert.Null(sale.RelatedTransactionId);
        Assert.Equal(new DateTime(2024, 3, 27, 8, 27, 49, DateTimeKind.Utc), sale.SaleDate);
        Assert.Equal(DateTimeKind.Utc, sale.SaleDate.Kind);
        Assert.Equal("Night \"Studies\", Vol. 1\n日本語", sale.ItemName);
        Assert.Equal(9.45m, sale.AmountYouReceived);
        Assert.Equal(0.55m, sale.TransactionFee);
        Assert.Equal(8.25m, sale.NetAmount);
        Assert.Equal(1, sale.Quantity);
        Assert.Equal("", sale.Upc);
        Assert.Equal("DE", sale.CountryCode);
        Assert.Equal("bandcamp", sale.Referer);
        Assert.Null(sale.SellerTax);
        Assert.True(sale.IsMusic);
    }

    [Fact]
    public async Task Escaped_numeric_strings_and_cached_text_are_read_as_their_decoded_text()
    {
        var escaped = Payout.Replace("\"-1234.56\"", "\"\\u002d1234.56\"").Replace("\"item_type\":\"payout\"", "\"item_type\":\"pay\\u006fut\"")
            + ",\n" + Payout.Replace("900000202", "\"\\u0039\"").Replace("\"quantity\":null", "\"quantity\":\"\\u0032\"");
        var rows = await ParseAsync($$"""{"report":[{{escaped}}]}""");
        Assert.Equal(-1234.56m, rows[0].Sale!.NetAmount);
        Assert.Equal("payout", rows[0].Sale!.ItemType);
        Assert.Equal(9, rows[1].Sale!.TransactionItemId);
        Assert.Equal(2, rows[1].Sale!.Quantity);
    }

    [Fact]
    public async Task Payout_rows_keep_their_letter_prefixed_transaction_id_and_numeric_strings()
    {
        var sale = Assert.Single(await ParseAsync($$"""{"report":[{{Payout}}]}""")).Sale!;
        Assert.Equal("t878373461", sale.TransactionId);
        Assert.Equal(-1234.56m, sale.NetAmount);
        Assert.Equal(-1234.56m, sale.ItemTotal);
        Assert.Null(sale.Quantity);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(100)]
    public async Task Bytes_arriving_in_any_pieces_give_the_same_rows(int chunkSize)
    {
        var json = $$"""{"something_first":{"a":[1,2]},"report":[{{Item}},{{Payout}},{{Item}}],"trailer":"x"}""";
        var whole = await ParseAsync(json);
        var trickled = await ParseAsync(json, chunkSize);
        Assert.Equal(3, trickled.Count);
        Assert.Equal(whole.Select(r => r.Sale!.ToString()), trickled.Select(r => r.Sale!.ToString()));
    }

    [Fact]
    public async Task A_bare_array_is_accepted() =>
        Assert.Equal(2, (await ParseAsync($"[{Item},{Payout}]")).Count);

    [Fact]
    public async Task An_empty_report_yields_nothing() => Assert.Empty(await ParseAsync("""{"report":[]}"""));

    [Fact]
    public async Task The_error_envelope_becomes_bandcamps_own_message()
    {
        var ex = await Assert.ThrowsAsync<BandcampApiException>(() => ParseAsync("""{"error":true,"error_message":"band not found"}"""));
        Assert.Contains("band not found", ex.Message);
        Assert.Equal("BandcampApiError", ex.ErrorId);
    }

    [Fact]
    public async Task A_body_cut_off_mid_json_is_a_transport_error_after_the_complete_rows()
    {
        var json = $$"""{"report":[{{Item}},{{Payout}}""";
        var rows = new List<SaleParseResult>();
        var ex = await Assert.ThrowsAsync<BandcampTransportException>(async () =>
        {
            await foreach (var row in SalesReportReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(json[..^20])), 1, null, "cut")) rows.Add(row);
        });
        Assert.Contains("cut off", ex.Message);
        Assert.Single(rows);
    }

    [Fact]
    public async Task Broken_json_inside_a_row_ends_the_report_as_not_valid_json_rather_than_as_one_bad_row()
    {
        // The JSON itself is broken, not a value in it: where that row ends, and so where the next one begins, is unknown.
        var ex = await Assert.ThrowsAsync<BandcampTransportException>(() => ParseAsync($$"""{"report":[{"bandcamp_transaction_id":1,,"x":2},{{Payout}}]}"""));
        Assert.Contains("not valid JSON", ex.Message);
    }

    [Fact]
    public async Task An_unparseable_date_is_an_error_naming_the_value_and_the_transaction_and_the_next_row_still_flows()
    {
        var bad = Item.Replace("27 Mar 2024 08:27:49 GMT", "31 Foo 2024 99:99:99 GMT");
        var rows = await ParseAsync($$"""{"report":[{{bad}},{{Payout}}]}""");
        Assert.Equal(2, rows.Count);
        var error = rows[0].Error!;
        Assert.Equal("BandcampSaleDateInvalid", error.ErrorId);
        Assert.Contains("31 Foo 2024 99:99:99 GMT", error.Message);
        Assert.Contains("4100000101", error.Message);
        Assert.Contains("900000201", error.Message);
        Assert.NotNull(rows[1].Sale);
    }

    [Fact]
    public async Task An_unreadable_row_is_quoted_by_characters_not_cut_inside_one()
    {
        // Byte 200 of this row falls inside a three-byte character; the bytes that no string can hold make the row unreadable.
        var head = Encoding.UTF8.GetBytes("{\"report\":[{\"city\":\"" + new string('日', 300) + "\",\"buyer_name\":\"");
        var tail = Encoding.UTF8.GetBytes("\"}," + Payout + "]}");
        byte[] body = [.. head, 0xFF, 0xFE, .. tail];
        var rows = new List<SaleParseResult>();
        await foreach (var row in SalesReportReader.ReadAsync(new MemoryStream(body), 1, null, "quoted")) rows.Add(row);

        var error = rows[0].Error!;
        Assert.Contains("could not be read", error.Message);
        Assert.Equal($$"""{"city":"{{new string('日', 191)}}…""", error.Value);
        Assert.DoesNotContain('\uFFFD', error.Message);
        Assert.NotNull(rows[1].Sale);
    }

    [Fact]
    public async Task A_non_numeric_amount_is_an_error_naming_the_field()
    {
        var rows = await ParseAsync($$"""{"report":[{{Item.Replace("\"net_amount\":8.25", "\"net_amount\":\"lots\"")}}]}""");
        Assert.Contains("net_amount 'lots'", rows.Single().Error!.Message);
    }

    [Fact]
    public async Task A_line_item_larger_than_the_read_buffer_still_parses()
    {
        var huge = Item.Replace("A. Buyer", new string('x', 200_000));
        var sale = Assert.Single(await ParseAsync($$"""{"report":[{{huge}}]}""", 4096)).Sale!;
        Assert.Equal(200_000, sale.BuyerName!.Length);
    }

    /// <summary>Hands out at most N bytes per read, as a slow network does.</summary>
    private sealed class TrickleStream(byte[] data, int chunkSize) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunkSize)], cancellationToken);
    }
}
