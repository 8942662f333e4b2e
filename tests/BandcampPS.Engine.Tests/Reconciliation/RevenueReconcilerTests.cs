using BandcampPS.Engine.Reconciliation;
using BandcampPS.Engine.Sales;
using BandcampPS.Engine.Storage;

namespace BandcampPS.Engine.Tests.Reconciliation;

public class RevenueReconcilerTests
{
    private static readonly string[] Currencies = ["EUR", "USD", "JPY"];

    /// <summary>API-like sales: item ids, whole seconds, carts of several lines, refunds with negative amounts.</summary>
    private static List<BandcampSale> ApiSales(int count, int seed = 3)
    {
        var random = new Random(seed);
        var sales = new List<BandcampSale>(count);
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < count; i++)
        {
            var currency = Currencies[i % Currencies.Length];
            var price = currency == "JPY" ? 1000m + random.Next(2000) : random.Next(100, 3000) / 100m;
            var refund = i % 17 == 16;
            var sign = refund ? -1 : 1;
            sales.Add(new BandcampSale
            {
                Source = BandcampSaleSource.Api,
                BandId = 3000000001,
                TransactionId = (4100000000 + i / 3).ToString(System.Globalization.CultureInfo.InvariantCulture), // carts of 3 lines
                TransactionItemId = 900000000 + i,
                RelatedTransactionId = refund ? "4100000001" : null,
                SaleDate = start.AddSeconds(i * 97L + 13),
                ItemType = refund ? "refund" : (i % 3) switch { 0 => "album", 1 => "track", _ => "package" },
                ItemName = "Item " + (i % 40),
                Artist = "Artist " + (i % 5),
                Currency = currency,
                ItemPrice = sign * price,
                Quantity = 1,
                SubTotal = sign * price,
                TransactionFee = sign * decimal.Round(price * 0.1m, currency == "JPY" ? 0 : 2),
                ItemTotal = sign * price,
                AmountYouReceived = sign * (price - decimal.Round(price * 0.1m, currency == "JPY" ? 0 : 2)),
                NetAmount = sign * (price - decimal.Round(price * 0.15m, currency == "JPY" ? 0 : 2)),
                Package = i % 3 == 2 ? "Vinyl LP" : "digital download",
                Upc = "",
                Country = "Germany",
                CountryCode = "DE",
                BuyerName = "Buyer " + i,
            });
        }
        return sales;
    }

    /// <summary>The same sales as the web CSV export gives them: no item id, minutes only, money with two decimals.</summary>
    private static BandcampSale AsCsv(BandcampSale sale) => sale with
    {
        Source = BandcampSaleSource.Csv,
        TransactionItemId = null,
        SaleDate = new DateTime(sale.SaleDate.Ticks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, DateTimeKind.Utc),
        ItemPrice = sale.ItemPrice + 0.00m,
        SubTotal = sale.SubTotal + 0.00m,
        TransactionFee = sale.TransactionFee + 0.00m,
        ItemTotal = sale.ItemTotal + 0.00m,
        AmountYouReceived = sale.AmountYouReceived + 0.00m,
        NetAmount = sale.NetAmount + 0.00m,
        Upc = null,
    };

    private static List<BandcampRevenueDifference> Run(IEnumerable<BandcampSale> reference, IEnumerable<BandcampSale> difference,
        bool includeEqual = false, bool summaryOnly = false)
    {
        var reconciler = new RevenueReconciler(includeEqual, summaryOnly);
        foreach (var sale in reference) reconciler.AddReference(ReconciledSale.From(sale));
        var rows = new List<BandcampRevenueDifference>();
        foreach (var sale in difference) rows.AddRange(reconciler.AddDifference(ReconciledSale.From(sale)));
        rows.AddRange(reconciler.Finish());
        return rows;
    }

    private static bool IsTotals(BandcampRevenueDifference row) =>
        row.Kind is RevenueDifferenceKind.TotalsAgree or RevenueDifferenceKind.TotalsDiffer;

    [Fact]
    public void Identical_sets_give_only_agreeing_totals_one_per_currency_sorted()
    {
        var sales = ApiSales(300);
        var rows = Run(sales, sales.AsEnumerable().Reverse());
        Assert.Equal(["EUR", "JPY", "USD"], rows.Select(r => r.Currency));
        Assert.All(rows, r => Assert.Equal(RevenueDifferenceKind.TotalsAgree, r.Kind));
        var eur = rows[0];
        Assert.Equal(100, eur.ReferenceCount);
        Assert.Equal(100, eur.DifferenceCount);
        Assert.Equal(sales.Where(s => s.Currency == "EUR").Sum(s => s.ItemTotal), eur.ReferenceItemTotal);
        Assert.Equal(eur.ReferenceNetAmount, eur.DifferenceNetAmount);
        Assert.Null(eur.Field);
    }

    [Fact]
    public void Planted_differences_are_each_found_and_nothing_else_is_reported()
    {
        var reference = ApiSales(300);
        var difference = ApiSales(300);
        var onlyInReference = reference[10];
        difference.RemoveAt(10);                                  // missing on the difference side
        var onlyInDifference = new BandcampSale
        {
            Source = BandcampSaleSource.Api, TransactionId = "4199999999", TransactionItemId = 999999999, SaleDate = reference[0].SaleDate,
            ItemType = "album", ItemName = "Extra", Currency = "USD", ItemTotal = 7m, NetAmount = 6m, AmountYouReceived = 6.5m,
        };
        difference.Add(onlyInDifference);                         // missing on the reference side
        var refund = reference.First(s => s.ItemType == "refund" && s.Currency == "EUR");
        reference.Remove(refund);                                 // a refund the difference side has only
        var centOff = difference.First(s => s.Currency == "EUR" && s.ItemType == "album");
        difference[difference.IndexOf(centOff)] = Copy(centOff, netAmount: centOff.NetAmount + 0.01m);

        var rows = Run(reference, difference);
        var sales = rows.Where(r => !IsTotals(r)).ToList();
        Assert.Equal(4, sales.Count);

        var missing = Assert.Single(sales, r => r.Kind == RevenueDifferenceKind.OnlyInReference);
        Assert.Equal($"item:{onlyInReference.TransactionItemId}", missing.Key);
        Assert.Equal(onlyInReference.ItemTotal, missing.ReferenceItemTotal);
        Assert.Null(missing.DifferenceItemTotal);

        var extra = sales.Where(r => r.Kind == RevenueDifferenceKind.OnlyInDifference).OrderBy(r => r.TransactionItemId).ToList();
        Assert.Equal([refund.TransactionItemId, onlyInDifference.TransactionItemId], extra.Select(r => r.TransactionItemId));
        Assert.Equal("refund", extra[0].ItemType);

        var field = Assert.Single(sales, r => r.Kind == RevenueDifferenceKind.FieldDiffers);
        Assert.Equal("NetAmount", field.Field);
        Assert.Equal(centOff.TransactionItemId, field.TransactionItemId);
        Assert.Equal(centOff.NetAmount!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), field.ReferenceValue);
        Assert.Equal((centOff.NetAmount + 0.01m)!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), field.DifferenceValue);

        var totals = rows.Where(IsTotals).ToDictionary(r => r.Currency!);
        Assert.Equal(RevenueDifferenceKind.TotalsDiffer, totals["EUR"].Kind);
        Assert.Contains("NetAmount", totals["EUR"].Field);
        Assert.Equal(RevenueDifferenceKind.TotalsDiffer, totals["USD"].Kind);
        var jpyDiffers = onlyInReference.Currency == "JPY";
        Assert.Equal(jpyDiffers ? RevenueDifferenceKind.TotalsDiffer : RevenueDifferenceKind.TotalsAgree, totals["JPY"].Kind);
    }

    [Fact]
    public void Api_sales_and_the_csv_export_of_them_compare_equal_in_either_direction()
    {
        var api = ApiSales(600);
        var csv = api.Select(AsCsv).Reverse().ToList();
        Assert.All(Run(api, csv), r => Assert.Equal(RevenueDifferenceKind.TotalsAgree, r.Kind));
        Assert.All(Run(csv, api), r => Assert.Equal(RevenueDifferenceKind.TotalsAgree, r.Kind));
        Assert.All(Run(csv, csv.AsEnumerable().Reverse()), r => Assert.Equal(RevenueDifferenceKind.TotalsAgree, r.Kind));
    }

    [Fact]
    public void Csv_lines_of_one_cart_with_the_same_type_and_name_pair_with_their_identical_line_whatever_the_order()
    {
        BandcampSale Line(long itemId, string option, decimal total) => new()
        {
            Source = BandcampSaleSource.Api, TransactionId = "4100000042", TransactionItemId = itemId, SaleDate = new DateTime(2024, 5, 1, 10, 0, 30, DateTimeKind.Utc),
            ItemType = "package", ItemName = "Night Studies", Option = option, Currency = "EUR", ItemTotal = total, NetAmount = total - 1,
        };
        var api = new[] { Line(1, "black vinyl", 25m), Line(2, "red vinyl", 27m), Line(3, "black vinyl", 25m) };
        var csv = new[] { api[1], api[2], api[0] }.Select(AsCsv).ToList(); // red first: "first unpaired line" alone would pair it with black

        var rows = Run(api, csv, includeEqual: true);
        Assert.True(rows.Count == 4, string.Join("\n", rows));
        var equal = rows.Where(r => r.Kind == RevenueDifferenceKind.Equal).ToList();
        Assert.Equal(3, equal.Count);
        Assert.All(equal, r => Assert.StartsWith("line:4100000042/package/Night Studies/", r.Key));
        Assert.Equal(3, equal.Select(r => r.TransactionItemId).Distinct().Count());
        Assert.Equal(RevenueDifferenceKind.TotalsAgree, Assert.Single(rows, IsTotals).Kind);
    }

    [Fact]
    public void A_csv_line_whose_identity_matches_but_values_differ_is_one_row_per_differing_field()
    {
        var api = ApiSales(30);
        var csv = api.Select(AsCsv).ToList();
        csv[4] = Copy(csv[4], netAmount: csv[4].NetAmount - 1m, artist: "Someone Else");
        csv[5] = Copy(csv[5], date: csv[5].SaleDate.AddMinutes(1));
        var rows = Run(api, csv).Where(r => !IsTotals(r)).ToList();
        Assert.Equal(["Artist", "NetAmount", "SaleDate"], rows.Select(r => r.Field).Order());
        Assert.All(rows, r => Assert.Equal(RevenueDifferenceKind.FieldDiffers, r.Kind));
        Assert.Equal($"line:{api[4].TransactionId}/{api[4].ItemType}/{api[4].ItemName}/1", rows.First(r => r.Field == "Artist").Key);
        Assert.Equal(api[4].TransactionItemId, rows.First(r => r.Field == "Artist").TransactionItemId);
    }

    [Fact]
    public void An_unmatched_csv_line_is_keyed_with_its_own_occurrence_in_its_transaction()
    {
        var csv = ApiSales(3).Select(AsCsv).ToList();
        var second = Copy(csv[0], option: "red vinyl");
        var rows = Run([csv[0]], [csv[0], second]).Where(r => !IsTotals(r)).ToList();
        var row = Assert.Single(rows);
        Assert.Equal(RevenueDifferenceKind.OnlyInDifference, row.Kind);
        Assert.Equal($"line:{csv[0].TransactionId}/{csv[0].ItemType}/{csv[0].ItemName}/2", row.Key);
        Assert.Null(row.TransactionItemId);
    }

    [Fact]
    public void Api_to_api_times_are_compared_to_the_second()
    {
        var api = ApiSales(10);
        var other = api.Select(s => Copy(s, date: s.SaleDate.AddSeconds(1))).ToList();
        var rows = Run(api, other).Where(r => !IsTotals(r)).ToList();
        Assert.Equal(10, rows.Count);
        Assert.All(rows, r => Assert.Equal("SaleDate", r.Field));
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$", rows[0].ReferenceValue);
    }

    [Fact]
    public void Text_is_compared_trimmed_with_blank_as_missing_and_codes_in_any_case()
    {
        var api = ApiSales(9);
        var other = api.Select(s => Copy(s, artist: " " + s.Artist + " ", clearUpc: true, itemType: s.ItemType.ToUpperInvariant(), countryCode: "de")).ToList();
        Assert.All(Run(api, other), r => Assert.Equal(RevenueDifferenceKind.TotalsAgree, r.Kind));
    }

    [Fact]
    public void IncludeEqual_emits_each_match_and_SummaryOnly_only_the_totals()
    {
        var api = ApiSales(90);
        var difference = api.Skip(1).ToList();
        var withEqual = Run(api, difference, includeEqual: true);
        Assert.Equal(89, withEqual.Count(r => r.Kind == RevenueDifferenceKind.Equal));
        Assert.Single(withEqual, r => r.Kind == RevenueDifferenceKind.OnlyInReference);
        var equal = withEqual.First(r => r.Kind == RevenueDifferenceKind.Equal);
        Assert.Equal(equal.ReferenceItemTotal, equal.DifferenceItemTotal);
        Assert.Null(equal.Field);

        var summary = Run(api, difference, includeEqual: true, summaryOnly: true);
        Assert.Equal(3, summary.Count);
        Assert.All(summary, r => Assert.True(IsTotals(r)));
        Assert.Single(summary, r => r.Kind == RevenueDifferenceKind.TotalsDiffer);
    }

    [Fact]
    public void Totals_agree_to_the_cent_and_to_the_yen()
    {
        BandcampSale Sale(long id, string currency, decimal total) => new()
        {
            Source = BandcampSaleSource.Api, TransactionId = id.ToString(System.Globalization.CultureInfo.InvariantCulture), TransactionItemId = id,
            SaleDate = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), ItemType = "album", Currency = currency, ItemTotal = total,
        };
        // Sub-cent amounts: each line differs (a FieldDiffers row) but the totals round to the same cent.
        var rows = Run([Sale(1, "EUR", 1.001m), Sale(2, "JPY", 1500m)], [Sale(1, "EUR", 1.002m), Sale(2, "JPY", 1500.4m)]);
        Assert.Equal(2, rows.Count(r => r.Kind == RevenueDifferenceKind.FieldDiffers));
        Assert.All(rows.Where(IsTotals), r => Assert.Equal(RevenueDifferenceKind.TotalsAgree, r.Kind));

        rows = Run([Sale(1, "EUR", 1.00m), Sale(2, "JPY", 1500m)], [Sale(1, "EUR", 1.01m), Sale(2, "JPY", 1501m)]);
        Assert.All(rows.Where(IsTotals), r => Assert.Equal(RevenueDifferenceKind.TotalsDiffer, r.Kind));
        Assert.All(rows.Where(IsTotals), r => Assert.Equal("ItemTotal", r.Field));
    }

    [Fact]
    public void A_duplicate_line_is_matched_once_and_the_copy_reported_on_its_side()
    {
        var api = ApiSales(6);
        var rows = Run(api.Append(api[2]), api).Where(r => !IsTotals(r)).ToList();
        var row = Assert.Single(rows);
        Assert.Equal(RevenueDifferenceKind.OnlyInReference, row.Kind);
        Assert.Equal(api[2].TransactionItemId, row.TransactionItemId);

        rows = Run(api, api.Append(api[3])).Where(r => !IsTotals(r)).ToList();
        Assert.Equal(RevenueDifferenceKind.OnlyInDifference, Assert.Single(rows).Kind);
    }

    [Fact]
    public void Stored_rows_reconcile_with_the_sales_they_were_made_from()
    {
        var api = ApiSales(120);
        var stored = Storage.SampleSales.Keyed(api);
        var csvStored = Storage.SampleSales.Keyed(api.Select(AsCsv));
        var reconciler = new RevenueReconciler();
        foreach (var row in stored) reconciler.AddReference(ReconciledSale.From(row));
        var rows = api.SelectMany(s => reconciler.AddDifference(ReconciledSale.From(s))).ToList();
        rows.AddRange(reconciler.Finish());
        Assert.All(rows, r => Assert.Equal(RevenueDifferenceKind.TotalsAgree, r.Kind));

        reconciler = new RevenueReconciler();
        foreach (var row in csvStored) reconciler.AddReference(ReconciledSale.From(row));
        rows = api.SelectMany(s => reconciler.AddDifference(ReconciledSale.From(s))).ToList();
        rows.AddRange(reconciler.Finish());
        Assert.All(rows, r => Assert.Equal(RevenueDifferenceKind.TotalsAgree, r.Kind));
    }

    [Fact]
    public void The_whole_reference_set_comes_first()
    {
        var reconciler = new RevenueReconciler();
        var sale = ReconciledSale.From(ApiSales(1)[0]);
        reconciler.AddReference(sale);
        reconciler.AddDifference(sale);
        Assert.Throws<InvalidOperationException>(() => reconciler.AddReference(sale));
    }

    [Fact]
    public void The_compared_fields_are_documented_and_leave_out_source_keys_and_buyer_details()
    {
        Assert.Contains("SaleDate", ComparedFields.Names);
        Assert.Contains("NetAmount", ComparedFields.Names);
        Assert.DoesNotContain("Source", ComparedFields.Names);
        Assert.DoesNotContain("TransactionItemId", ComparedFields.Names);
        Assert.DoesNotContain("BuyerName", ComparedFields.Names);
        Assert.DoesNotContain("BandId", ComparedFields.Names);
        // Every compared field is a property of both a sale and a stored row.
        Assert.All(ComparedFields.Names, name =>
        {
            Assert.NotNull(typeof(BandcampSale).GetProperty(name));
            Assert.NotNull(typeof(RevenueRow).GetProperty(name));
        });
    }

    [Fact]
    public void A_hundred_thousand_against_a_hundred_thousand_find_the_one_difference()
    {
        // No timing here (the house rule): the benchmark measures speed; this holds the result at size.
        var api = ApiSales(100_000);
        var csv = api.Select(AsCsv).ToList();
        csv[500] = Copy(csv[500], itemTotal: csv[500].ItemTotal + 0.01m);
        var rows = Run(api, csv);
        Assert.Equal(RevenueDifferenceKind.FieldDiffers, Assert.Single(rows, r => !IsTotals(r)).Kind);
    }

    /// <summary>
    /// The CSV export as Bandcamp writes it (api.md 12): a cart's whole fee on its last line, blank on the others,
    /// "*" on every line while the payment is pending; and payouts moving from PayPal to Stripe, so paid to, fee type and
    /// paypal transaction id change.
    /// </summary>
    private static List<BandcampSale> AsBandcampWritesTheCsv(List<BandcampSale> api, string pendingTransaction)
    {
        var csv = new List<BandcampSale>();
        foreach (var cart in api.GroupBy(s => s.TransactionId))
        {
            var lines = cart.ToList();
            var fee = lines.Sum(s => s.TransactionFee ?? 0m);
            for (var i = 0; i < lines.Count; i++)
            {
                var line = AsCsv(lines[i]);
                csv.Add(line with
                {
                    TransactionFee = cart.Key == pendingTransaction || i < lines.Count - 1 ? null : fee,
                    PaidTo = "Stripe", FeeType = "stripe", PaypalTransactionId = null,
                });
            }
        }
        return csv;
    }

    [Fact]
    public void Cart_fees_on_the_last_line_a_pending_star_and_Stripe_instead_of_PayPal_are_not_differences()
    {
        var api = ApiSales(300);
        foreach (var sale in api) { sale.GetType().GetProperty(nameof(BandcampSale.PaidTo))!.SetValue(sale, "PayPal"); }
        var csv = AsBandcampWritesTheCsv(api, pendingTransaction: api[31].TransactionId);

        foreach (var rows in new[] { Run(api, csv), Run(csv, api) })
            Assert.All(rows, r => Assert.Equal(RevenueDifferenceKind.TotalsAgree, r.Kind));
        // Stored rows (Get-BandcampRevenue) reduce through the same code: the CSV export against the API's stored rows.
        var stored = api.Select(s => RevenueRow.FromSale(s, includeBuyerDetails: false)).ToList();
        var reconciler = new RevenueReconciler();
        foreach (var row in stored) reconciler.AddReference(ReconciledSale.From(row));
        var differences = csv.SelectMany(s => reconciler.AddDifference(ReconciledSale.From(s))).ToList();
        Assert.All(differences.Concat(reconciler.Finish()), r => Assert.Equal(RevenueDifferenceKind.TotalsAgree, r.Kind));
    }

    [Fact]
    public void A_transaction_whose_fees_add_up_differently_is_one_row_naming_the_transaction()
    {
        var api = ApiSales(30);
        var csv = AsBandcampWritesTheCsv(api, pendingTransaction: "none");
        var last = csv.FindLastIndex(s => s.TransactionId == api[4].TransactionId);
        csv[last] = Copy(csv[last]);
        typeof(BandcampSale).GetProperty(nameof(BandcampSale.TransactionFee))!.SetValue(csv[last], csv[last].TransactionFee + 0.05m);

        var rows = Run(api, csv);
        var fee = Assert.Single(rows, r => !IsTotals(r));
        Assert.Equal((RevenueDifferenceKind.FieldDiffers, $"transaction:{api[4].TransactionId}", "TransactionFee", api[4].TransactionId),
            (fee.Kind, fee.Key, fee.Field, fee.TransactionId));
        var apiFee = api.Where(s => s.TransactionId == api[4].TransactionId).Sum(s => s.TransactionFee!.Value);
        Assert.Equal(BandcampPS.Engine.Currency.CurrencyMinorUnits.RoundToMinorUnit(apiFee, fee.Currency!).ToString(System.Globalization.CultureInfo.InvariantCulture), fee.ReferenceValue);
        Assert.Equal(BandcampPS.Engine.Currency.CurrencyMinorUnits.RoundToMinorUnit(apiFee + 0.05m, fee.Currency!).ToString(System.Globalization.CultureInfo.InvariantCulture), fee.DifferenceValue);
    }

    [Fact]
    public void Names_with_CRLF_or_LF_line_breaks_are_the_same_name_and_the_same_key()
    {
        var crlf = AsBandcampWritesTheCsv(ApiSales(60), "none");
        foreach (var sale in crlf) typeof(BandcampSale).GetProperty(nameof(BandcampSale.ItemName))!.SetValue(sale, "Line one\r\nLine two " + sale.ItemName);
        var lf = crlf.Select(s => Copy(s)).ToList();
        foreach (var sale in lf) typeof(BandcampSale).GetProperty(nameof(BandcampSale.ItemName))!.SetValue(sale, sale.ItemName!.Replace("\r\n", "\n"));
        var deleted = lf[7];
        lf.RemoveAt(7);

        var rows = Run(crlf, lf);
        // One deletion is one row, not a cascade of unmatched lines on both sides.
        var only = Assert.Single(rows, r => !IsTotals(r));
        Assert.Equal(RevenueDifferenceKind.OnlyInReference, only.Kind);
        Assert.Equal($"line:{deleted.TransactionId}/{deleted.ItemType}/{deleted.ItemName}/1", only.Key);
        Assert.Contains("\n", only.Key);
        Assert.DoesNotContain("\r", only.Key);
    }

    [Fact]
    public void Totals_are_written_to_the_currencys_minor_unit_on_both_sides()
    {
        BandcampSale Sale(long id, string currency, decimal total) => new()
        {
            Source = BandcampSaleSource.Api, TransactionId = id.ToString(System.Globalization.CultureInfo.InvariantCulture), TransactionItemId = id,
            SaleDate = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), ItemType = "album", Currency = currency, ItemTotal = total, NetAmount = total,
        };
        // The API writes 2415914, the CSV export 2415914.00; EUR 10.5 and 10.50.
        var rows = Run([Sale(1, "JPY", 2415914m), Sale(2, "EUR", 10.5m)], [Sale(1, "JPY", 2415914.00m), Sale(2, "EUR", 10.50m)]).ToDictionary(r => r.Currency!);
        string Text(decimal? value) => value!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(("2415914", "2415914", "2415914"), (Text(rows["JPY"].ReferenceItemTotal), Text(rows["JPY"].DifferenceItemTotal), Text(rows["JPY"].DifferenceNetAmount)));
        Assert.Equal(("10.50", "10.50", "0.00"), (Text(rows["EUR"].ReferenceItemTotal), Text(rows["EUR"].DifferenceItemTotal), Text(rows["EUR"].ReferenceAmountYouReceived)));
    }

    private static BandcampSale Copy(BandcampSale s, decimal? netAmount = null, decimal? itemTotal = null, string? artist = null,
        DateTime? date = null, bool clearUpc = false, string? itemType = null, string? countryCode = null, string? option = null) => s with
    {
        SaleDate = date ?? s.SaleDate, ItemType = itemType ?? s.ItemType, Artist = artist ?? s.Artist, ItemTotal = itemTotal ?? s.ItemTotal,
        NetAmount = netAmount ?? s.NetAmount, Option = option ?? s.Option, Upc = clearUpc ? null : s.Upc, CountryCode = countryCode ?? s.CountryCode,
    };
}
