using BandcampPS.Engine.Sales;

namespace BandcampPS.Engine.Tests.Csv;

/// <summary>
/// Deterministic sales with every field filled in ways that trouble CSV readers: quotes, commas and line
/// breaks in names, non-Latin letters, empty UPCs, payout ids like "t878373461", negative refunds and
/// zero-decimal JPY. Values are only what the export can carry: whole minutes, two decimals, and null
/// rather than "" (CSV cannot tell the two apart).
/// </summary>
internal sealed class CsvSaleGenerator(int seed = 20240115, long bandId = 0)
{
    private static readonly string[] Names =
    [
        "Night Studies",
        "Comma, Separated, Title",
        "She said \"hello\"",
        "\"Quoted\" at the start",
        "Two\nlines",
        "Windows\r\nline break",
        "Trailing comma,",
        "東京の夜",
        "Ёжик в тумане",
        "Über Café — naïve façade",
        "  leading and trailing spaces  ",
        "Emoji 🎶🎸",
        "mixed, \"all\"\nof it",
        "עברית",
    ];

    private static readonly string[] Currencies = ["USD", "EUR", "GBP", "JPY", "CAD"];
    private static readonly string[] SoldItemTypes = ["album", "track", "package", "bundle"];

    private readonly Random _random = new(seed);

    public int Count { get; private set; }

    public IEnumerable<BandcampSale> Sales(int count) => Enumerable.Range(0, count).Select(_ => Next());

    public BandcampSale Next(string? itemType = null)
    {
        var n = Count++;
        itemType ??= (n % 17) switch
        {
            5 => "payout",
            11 => "refund",
            _ => SoldItemTypes[n % SoldItemTypes.Length],
        };

        return itemType switch
        {
            "payout" => Payout(n),
            "refund" => Refund(n),
            _ => Sold(n, itemType),
        };
    }

    private BandcampSale Sold(int n, string itemType)
    {
        var currency = Currencies[n % Currencies.Length];
        var price = Amount(currency, 1, 60);
        var quantity = itemType == "package" ? _random.Next(1, 4) : 1;
        var subTotal = price * quantity;
        var contribution = n % 3 == 0 ? Amount(currency, 0, 10) : (decimal?)null;
        var shipping = itemType == "package" ? Amount(currency, 2, 20) : (decimal?)null;
        var itemTotal = subTotal + (contribution ?? 0) + (shipping ?? 0);
        var fee = Round(currency, itemTotal * 0.05m);
        var isPackage = itemType == "package";

        return new BandcampSale
        {
            Source = BandcampSaleSource.Csv,
            BandId = bandId,
            TransactionId = (4_100_000_000L + n).ToString(),
            SaleDate = Date(),
            PaidTo = n % 5 == 0 ? "PayPal" : "Bandcamp",
            ItemType = itemType,
            ItemName = Names[n % Names.Length],
            Artist = n % 9 == 0 ? null : Names[(n + 3) % Names.Length],
            Currency = currency,
            ItemPrice = price,
            Quantity = quantity,
            DiscountCode = n % 13 == 0 ? "SPRING,24" : null,
            SubTotal = subTotal,
            AdditionalFanContribution = contribution,
            SellerTax = n % 7 == 0 ? Amount(currency, 0, 5) : null,
            MarketplaceTax = n % 4 == 0 ? Amount(currency, 0, 5) : null,
            TaxRate = n % 4 == 0 ? 19m : n % 6 == 0 ? 7.5m : null,
            CollectionSocietyShare = n % 10 == 0 ? Amount(currency, 0, 1) : null,
            Shipping = shipping,
            ShipFromCountryName = isPackage ? "United Kingdom" : null,
            TransactionFee = fee,
            FeeType = n % 5 == 0 ? "paypal" : "bandcamp",
            ItemTotal = itemTotal,
            AmountYouReceived = itemTotal - fee,
            PaypalTransactionId = n % 5 == 0 ? $"8AB{n:D6}XYZ" : null,
            NetAmount = Round(currency, (itemTotal - fee) * 0.85m),
            Package = isPackage ? "12\" Vinyl, Black" : "digital download",
            Option = isPackage && n % 2 == 0 ? "Size: L, \"oversized\"" : null,
            ItemUrl = $"https://artist{n % 7}.bandcamp.com/album/x-{n}",
            CatalogNumber = n % 8 == 0 ? null : $"CAT{n % 100:D3}",
            Upc = n % 3 == 0 ? null : "5055869512345",
            Isrc = itemType == "track" ? "GBAYE2400123" : null,
            BuyerName = Names[(n + 5) % Names.Length],
            BuyerEmail = $"buyer{n}@example.invalid",
            BuyerPhone = isPackage ? "+44 20 7946 0000" : null,
            BuyerNote = n % 6 == 0 ? "Please, gift wrap\n\"thanks\"" : null,
            ShipToName = isPackage ? Names[(n + 7) % Names.Length] : null,
            ShipToStreet = isPackage ? "1 Example Street, Flat 2" : null,
            ShipToStreet2 = isPackage && n % 2 == 1 ? "Building \"B\"" : null,
            ShipToCity = isPackage ? "München" : null,
            ShipToState = isPackage ? "Bayern" : null,
            ShipToZip = isPackage ? "80331" : null,
            ShipToCountry = isPackage ? "Germany" : null,
            ShipToCountryCode = isPackage ? "DE" : null,
            ShipDate = isPackage && n % 2 == 0 ? "2/1/24" : null,
            ShipNotes = isPackage && n % 4 == 0 ? "Left with neighbour,\nno. 3" : null,
            Country = "Japan",
            CountryCode = "JP",
            RegionOrState = "Tōkyō",
            City = "東京",
            Referer = n % 2 == 0 ? "bandcamp" : null,
            RefererUrl = n % 2 == 0 ? $"https://bandcamp.com/search?q=a,b&n={n}" : null,
            Sku = isPackage ? $"SKU-{n}" : null,
        };
    }

    private BandcampSale Payout(int n) => new()
    {
        Source = BandcampSaleSource.Csv,
        BandId = bandId,
        TransactionId = $"t{878_373_461 + n}",
        SaleDate = Date(),
        PaidTo = "PayPal",
        ItemType = "payout",
        Currency = "USD",
        ItemTotal = -Amount("USD", 100, 2000),
        AmountYouReceived = null,
        NetAmount = null,
    };

    private BandcampSale Refund(int n)
    {
        var currency = Currencies[n % Currencies.Length];
        var amount = Amount(currency, 1, 40);
        return new BandcampSale
        {
            Source = BandcampSaleSource.Csv,
            BandId = bandId,
            TransactionId = (4_200_000_000L + n).ToString(),
            RelatedTransactionId = (4_100_000_000L + n - 1).ToString(),
            SaleDate = Date(),
            PaidTo = "Bandcamp",
            ItemType = "refund",
            ItemName = Names[n % Names.Length],
            Currency = currency,
            Quantity = -1,
            ItemTotal = -amount,
            AmountYouReceived = -amount,
            NetAmount = -Round(currency, amount * 0.85m),
        };
    }

    /// <summary>Whole minutes in UTC: the export has no seconds.</summary>
    private DateTime Date() =>
        new DateTime(2009, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(_random.Next(0, 20 * 365 * 24 * 60));

    private decimal Amount(string currency, int min, int max) =>
        Round(currency, _random.Next(min * 100, max * 100) / 100m);

    private static decimal Round(string currency, decimal amount) =>
        Math.Round(amount, currency == "JPY" ? 0 : 2, MidpointRounding.AwayFromZero);
}
