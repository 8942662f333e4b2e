using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace BandcampPS.FakeApi.Tests;

/// <summary>What every report row looks like on the wire (api.md 5.3, 5.4, 9.8–9.10).</summary>
public sealed class SalesRowShapeTests(ReportRowsFixture fixture) : IClassFixture<ReportRowsFixture>
{
    private static readonly string[] SaleTypes = ["album", "track", "package", "bundle"];
    private static readonly string[] MoneyFields =
    [
        "item_price", "sub_total", "additional_fan_contribution", "seller_tax", "marketplace_tax", "collection_society_share",
        "shipping", "transaction_fee", "item_total", "amount_you_received", "net_amount",
    ];

    private JsonElement[] Rows => fixture.Rows;

    [Fact]
    public void Every_row_has_all_53_keys_in_the_api_order()
    {
        Assert.Equal(3000, Rows.Length);
        Assert.Equal(53, FakeSaleFields.JsonNames.Count);
        Assert.All(Rows, row => Assert.Equal(FakeSaleFields.JsonNames, row.EnumerateObject().Select(p => p.Name)));
    }

    [Fact]
    public void Payouts_have_string_t_ids_and_every_other_transaction_id_is_a_number()
    {
        var payouts = Rows.Where(r => r.GetProperty("item_type").GetString() == "payout").ToArray();
        Assert.NotEmpty(payouts);
        Assert.All(payouts, r => Assert.Matches(new Regex(@"^t\d+$"), r.GetProperty("bandcamp_transaction_id").GetString()));
        Assert.All(Rows.Except(payouts), r => Assert.Equal(JsonValueKind.Number, r.GetProperty("bandcamp_transaction_id").ValueKind));
    }

    [Fact]
    public void Refunds_are_negative_and_point_at_an_earlier_payment_often_far_back()
    {
        var byTransaction = Rows.Where(r => SaleTypes.Contains(r.GetProperty("item_type").GetString()))
            .ToLookup(Json.TransactionId);
        var refunds = Rows.Where(r => r.GetProperty("item_type").GetString() == "refund").ToArray();
        Assert.NotEmpty(refunds);

        var gaps = refunds.Select(refund =>
        {
            var related = refund.GetProperty("bandcamp_related_transaction_id").GetInt64().ToString(CultureInfo.InvariantCulture);
            // The payment may be a cart: the refunded line is one of its items.
            var payment = byTransaction[related].ToArray();
            Assert.NotEmpty(payment);
            Assert.True(Json.Money(refund, "item_total") < 0 && Json.Money(refund, "net_amount") < 0);
            Assert.Contains(payment, item => -Json.Money(item, "item_total") == Json.Money(refund, "item_total"));
            return Json.Date(refund) - Json.Date(payment[0]);
        }).ToArray();

        Assert.All(gaps, gap => Assert.True(gap > TimeSpan.Zero));
        Assert.Contains(gaps, gap => gap > TimeSpan.FromDays(90));
        Assert.All(Rows.Where(r => r.GetProperty("item_type").GetString() != "refund"),
            r => Assert.Equal(JsonValueKind.Null, r.GetProperty("bandcamp_related_transaction_id").ValueKind));
    }

    [Fact]
    public void Money_is_a_json_number_with_one_or_two_decimals_and_jpy_is_whole()
    {
        Assert.Equal(["AUD", "CAD", "EUR", "GBP", "JPY", "USD"], Rows.Select(r => r.GetProperty("currency").GetString()).Distinct().Order());
        var raw = Rows.SelectMany(r => MoneyFields.Select(f => (Currency: r.GetProperty("currency").GetString(), Value: r.GetProperty(f))))
            .Where(x => x.Value.ValueKind != JsonValueKind.Null).ToArray();

        Assert.All(raw.Where(x => x.Currency == "JPY"), x => Assert.Matches(new Regex(@"^-?\d+$"), x.Value.GetRawText()));
        var others = raw.Where(x => x.Currency != "JPY").Select(x => x.Value.GetRawText()).ToArray();
        Assert.All(others, text => Assert.Matches(new Regex(@"^-?\d+\.\d{1,2}$"), text));
        Assert.Contains(others, t => Regex.IsMatch(t, @"\.\d$"));   // 10.5
        Assert.Contains(others, t => Regex.IsMatch(t, @"\.\d0$"));  // 1.00
    }

    [Fact]
    public void Amounts_add_up()
    {
        decimal Z(JsonElement r, string f) => Json.Money(r, f) ?? 0m;
        foreach (var r in Rows.Where(r => r.GetProperty("item_type").GetString() is not "payout"))
        {
            Assert.Equal(Z(r, "item_price") * r.GetProperty("quantity").GetInt32(), Z(r, "sub_total"));
            Assert.Equal(Z(r, "sub_total") + Z(r, "additional_fan_contribution") + Z(r, "shipping") + Z(r, "seller_tax") + Z(r, "marketplace_tax"),
                Z(r, "item_total"));
            if (Z(r, "item_total") != 0) Assert.True(Math.Abs(Z(r, "net_amount")) < Math.Abs(Z(r, "item_total")), r.ToString());
        }
        Assert.Contains(Rows, r => SaleTypes.Contains(r.GetProperty("item_type").GetString()) && Z(r, "item_total") == 0); // $0 rows
    }

    [Fact]
    public void All_item_types_appear_and_packages_carry_shipping_details()
    {
        var types = Rows.Select(r => r.GetProperty("item_type").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "album", "track", "package", "bundle", "payout", "refund" }, types);
        Assert.Contains(Rows, r => r.GetProperty("item_name").GetString() == "full digital discography");
        var packages = Rows.Where(r => r.GetProperty("item_type").GetString() == "package").ToArray();
        Assert.All(packages, p =>
        {
            Assert.NotNull(p.GetProperty("sku").GetString());
            Assert.NotNull(p.GetProperty("ship_to_country_code").GetString());
            Assert.True(Json.Money(p, "shipping") > 0);
        });
        Assert.Contains(packages, p => p.GetProperty("option").ValueKind == JsonValueKind.String);
    }

    [Fact]
    public void Cart_items_share_transaction_id_and_date_with_unique_item_ids()
    {
        var carts = Rows.Where(r => SaleTypes.Contains(r.GetProperty("item_type").GetString()))
            .GroupBy(Json.TransactionId).Where(g => g.Count() > 1).ToArray();

        Assert.NotEmpty(carts);
        Assert.All(carts, cart =>
        {
            Assert.Single(cart.Select(r => r.GetProperty("date").GetString()).Distinct());
            Assert.Equal(cart.Count(), cart.Select(Json.ItemId).Distinct().Count());
        });
        Assert.Equal(Rows.Length, Rows.Select(Json.ItemId).Distinct().Count());
    }

    [Fact]
    public void Dates_use_the_v4_spelling_and_upc_isrc_are_strings_often_empty()
    {
        Assert.All(Rows, r =>
        {
            Assert.Matches(new Regex(@"^\d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$"), r.GetProperty("date").GetString());
            Assert.Equal(JsonValueKind.String, r.GetProperty("upc").ValueKind);
            Assert.Equal(JsonValueKind.String, r.GetProperty("isrc").ValueKind);
        });
        Assert.Contains(Rows, r => r.GetProperty("upc").GetString() == "");
        Assert.Contains(Rows, r => r.GetProperty("isrc").GetString() != "");
        var sale = fixture.Server.Sales.Get(42);
        Assert.Equal(sale.DateUtc, Json.Date(Rows.Single(r => Json.ItemId(r) == sale.BandcampTransactionItemId)));
    }

    [Fact]
    public void Names_include_hostile_text()
    {
        var text = string.Join("|", Rows.SelectMany(r => new[] { "item_name", "artist", "buyer_name", "buyer_note" }
            .Select(f => r.GetProperty(f).GetString())));

        foreach (var needle in new[] { "\"", ",", "\n", "'", "Robert'); DROP TABLE RevenueRow;--", "日本語", "Ελληνικά", "🎧", "Сecond Ärtist" })
            Assert.Contains(needle, text);
    }
}
