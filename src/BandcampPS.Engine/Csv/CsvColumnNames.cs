using System.Text;

namespace BandcampPS.Engine.Csv;

/// <summary>
/// Which header text means which column. The web export writes the API field names with '_' turned
/// into spaces, except that it spells referer "referrer" and region_or_state "region/state"; files
/// that went through other tools (or the API's own CSV) may use either spelling, so both are accepted.
/// </summary>
internal static class CsvColumnNames
{
    public static readonly int Count = Enum.GetValues<CsvColumn>().Length;

    private static readonly string[] WebNames = new string[Count];
    private static readonly Dictionary<string, CsvColumn> ByNormalizedName = new(StringComparer.Ordinal);

    static CsvColumnNames()
    {
        Add(CsvColumn.Date, "date");
        Add(CsvColumn.PaidTo, "paid to");
        Add(CsvColumn.ItemType, "item type");
        Add(CsvColumn.ItemName, "item name");
        Add(CsvColumn.Artist, "artist");
        Add(CsvColumn.Currency, "currency");
        Add(CsvColumn.ItemPrice, "item price");
        Add(CsvColumn.Quantity, "quantity");
        Add(CsvColumn.DiscountCode, "discount code");
        Add(CsvColumn.SubTotal, "sub total", "subtotal");
        Add(CsvColumn.AdditionalFanContribution, "additional fan contribution");
        Add(CsvColumn.SellerTax, "seller tax");
        Add(CsvColumn.MarketplaceTax, "marketplace tax");
        Add(CsvColumn.TaxRate, "tax rate");
        Add(CsvColumn.CollectionSocietyShare, "collection society share");
        Add(CsvColumn.Shipping, "shipping");
        Add(CsvColumn.ShipFromCountryName, "ship from country name", "ship from country");
        Add(CsvColumn.TransactionFee, "transaction fee");
        Add(CsvColumn.FeeType, "fee type");
        Add(CsvColumn.ItemTotal, "item total");
        Add(CsvColumn.AmountYouReceived, "amount you received");
        Add(CsvColumn.PaypalTransactionId, "paypal transaction id");
        Add(CsvColumn.NetAmount, "net amount");
        Add(CsvColumn.Package, "package");
        Add(CsvColumn.Option, "option");
        Add(CsvColumn.ItemUrl, "item url");
        Add(CsvColumn.CatalogNumber, "catalog number");
        Add(CsvColumn.Upc, "upc");
        Add(CsvColumn.Isrc, "isrc");
        Add(CsvColumn.BuyerName, "buyer name");
        Add(CsvColumn.BuyerEmail, "buyer email");
        Add(CsvColumn.BuyerPhone, "buyer phone");
        Add(CsvColumn.BuyerNote, "buyer note");
        Add(CsvColumn.ShipToName, "ship to name");
        Add(CsvColumn.ShipToStreet, "ship to street");
        Add(CsvColumn.ShipToStreet2, "ship to street 2", "ship to street2");
        Add(CsvColumn.ShipToCity, "ship to city");
        Add(CsvColumn.ShipToState, "ship to state");
        Add(CsvColumn.ShipToZip, "ship to zip");
        Add(CsvColumn.ShipToCountry, "ship to country");
        Add(CsvColumn.ShipToCountryCode, "ship to country code");
        Add(CsvColumn.ShipDate, "ship date");
        Add(CsvColumn.ShipNotes, "ship notes");
        Add(CsvColumn.Country, "country");
        Add(CsvColumn.CountryCode, "country code");
        Add(CsvColumn.RegionOrState, "region/state", "region or state");
        Add(CsvColumn.City, "city");
        Add(CsvColumn.Referer, "referrer", "referer");
        Add(CsvColumn.RefererUrl, "referrer url", "referer url");
        Add(CsvColumn.Sku, "sku");
        Add(CsvColumn.TransactionId, "bandcamp transaction id");
        Add(CsvColumn.RelatedTransactionId, "bandcamp related transaction id");
    }

    /// <summary>The name the web export uses, for messages.</summary>
    public static string WebName(CsvColumn column) => WebNames[(int)column];

    public static bool TryFind(string header, out CsvColumn column) =>
        ByNormalizedName.TryGetValue(Normalize(header), out column);

    /// <summary>
    /// Lower case, NUL and BOM characters removed, '_' and '-' read as spaces, runs of spaces collapsed
    /// and spaces around '/' dropped, so "Region / State", "region_or_state" and "Item-Type" all match.
    /// </summary>
    internal static string Normalize(string header)
    {
        var result = new StringBuilder(header.Length);
        var pendingSpace = false;
        foreach (var raw in header)
        {
            var c = raw is '_' or '-' ? ' ' : char.ToLowerInvariant(raw);
            if (c is '\0' or '\uFEFF')
            {
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                pendingSpace = result.Length > 0;
                continue;
            }

            if (pendingSpace && c != '/' && result[^1] != '/')
            {
                result.Append(' ');
            }

            pendingSpace = false;
            result.Append(c);
        }

        return result.ToString();
    }

    private static void Add(CsvColumn column, string webName, params string[] otherSpellings)
    {
        WebNames[(int)column] = webName;
        ByNormalizedName.Add(Normalize(webName), column);
        foreach (var spelling in otherSpellings)
        {
            ByNormalizedName.Add(Normalize(spelling), column);
        }
    }
}
