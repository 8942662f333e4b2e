namespace BandcampPS.FakeApi;

/// <summary>A made-up buyer. Every value is invented; e-mail addresses use the reserved .invalid domain.</summary>
public sealed record FakeBuyer(string Name, string Email, string Phone, string Street, string? Street2, string City,
    string? State, string Zip, string Country, string CountryCode);

/// <summary>One order item of the fake (get_orders). Shipping state changes through update_shipped and mark_date_range_as_shipped.</summary>
public sealed class FakeOrderItem
{
    public required long SaleItemId { get; init; }
    public required long PaymentId { get; init; }
    public required FakePackage Package { get; init; }
    public FakeOption? Option { get; init; }
    public required long? OriginId { get; init; }
    public required DateTime OrderDate { get; init; }
    public required int Quantity { get; init; }
    public required FakeBuyer Buyer { get; init; }
    public required string PaymentState { get; init; }
    public string? BuyerNote { get; init; }

    public DateTime? ShipDate { get; internal set; }
    public string? Carrier { get; internal set; }
    public string? TrackingCode { get; internal set; }
    public bool? Notified { get; internal set; }

    public decimal SubTotal => Package.Price * Quantity;
    public decimal Shipping => Package.Currency == "GBP" ? 3.50m : 6.00m;
    public decimal Tax => Buyer.CountryCode is "DE" or "FR" or "SE" ? decimal.Round(SubTotal * 0.19m, 2, MidpointRounding.AwayFromZero) : 0.00m;
    public decimal OrderTotal => SubTotal + Shipping + Tax;
}

/// <summary>
/// The fake's orders: a deterministic month of them before the server's start, for the label (its artists'
/// packages) and the plain band. Items older than ten days are shipped, except every seventh; a few payments are
/// pending or refunded; some payments hold two items (bought together).
/// </summary>
internal static class FakeOrders
{
    public const long FirstSaleItemId = 9100000001;
    public const long FirstPaymentId = 9200000001;
    public const int Count = 30;

    public static IReadOnlyList<FakeBuyer> Buyers { get; } =
    [
        new("Ada Example", "ada@example.invalid", "+1 555 0100", "1 Main Street", "Apt 4", "Springfield", "Illinois", "62701", "United States", "US"),
        new("Bruno Beispiel", "bruno@example.invalid", "+49 30 5550100", "Musterstra\u00DFe 12", null, "Berlin", null, "10115", "Germany", "DE"),
        new("Chlo\u00E9 Exemple", "chloe@example.invalid", "+33 1 55 50 01 00", "8 rue de l'Exemple", null, "Paris", null, "75001", "France", "FR"),
        new("\u5C71\u7530 \u82B1\u5B50", "hanako@example.invalid", "+81 3 5550 0100", "1-2-3 Chiyoda", null, "Tokyo", "Tokyo", "100-0001", "Japan", "JP"),
        new("Emma Sample", "emma@example.invalid", "+44 20 5550 0100", "10 Example Road", null, "London", null, "SW1A 1AA", "United Kingdom", "GB"),
        new("Sven Provsson", "sven@example.invalid", "+46 8 555 001 00", "Exempelgatan 5", null, "Stockholm", null, "111 22", "Sweden", "SE"),
    ];

    public static List<FakeOrderItem> Create(int seed, DateTime nowUtc)
    {
        var orders = new List<FakeOrderItem>();
        var now = new DateTime(nowUtc.Year, nowUtc.Month, nowUtc.Day, nowUtc.Hour, nowUtc.Minute, nowUtc.Second, DateTimeKind.Utc);
        var payment = FirstPaymentId;
        for (var i = 0; i < Count; i++)
        {
            var together = i > 0 && StableHash.Below(seed, i, 0x0D, 4) == 0 && orders[^1].Package.BandId == BandOf(i);
            if (!together) payment++;
            var previous = together ? orders[^1] : null;
            var packages = FakeMerchCatalog.Packages.Where(p => p.BandId == BandOf(i)).ToList();
            var package = packages[StableHash.Below(seed, i, 0x0A, packages.Count)];
            var option = package.Options.Count == 0 ? null : package.Options[StableHash.Below(seed, i, 0x0B, package.Options.Count)];
            var buyer = previous?.Buyer ?? (package.BandId == FakeBands.SoloBandId
                ? Buyers[4 + StableHash.Below(seed, i, 0x0C, 2)]
                : Buyers[StableHash.Below(seed, i, 0x0C, Buyers.Count)]);
            var orderDate = previous?.OrderDate ?? now.AddHours(-(i * 23 + 5)).AddMinutes(-StableHash.Below(seed, i, 0x0E, 60));
            var item = new FakeOrderItem
            {
                SaleItemId = FirstSaleItemId + i,
                PaymentId = payment,
                Package = package,
                Option = option,
                OriginId = OriginFor(package, buyer),
                OrderDate = orderDate,
                Quantity = 1 + StableHash.Below(seed, i, 0x0F, 3) / 2,
                Buyer = buyer,
                PaymentState = previous?.PaymentState ?? (i % 11 == 5 ? "pending" : i % 13 == 8 ? "refunded" : "paid"),
                BuyerNote = i % 6 == 1 ? "Please ship in a sturdy box" : null,
            };
            if (now - orderDate > TimeSpan.FromDays(10) && i % 7 != 3)
            {
                item.ShipDate = orderDate.Date.AddDays(2);
                item.Carrier = "DHL";
                item.TrackingCode = $"JD01460000{item.SaleItemId % 100000000:D8}";
            }
            orders.Add(item);
        }
        return orders;
    }

    private static long BandOf(int index) => index % 5 == 4 ? FakeBands.SoloBandId : FakeBands.LabelId;

    private static long? OriginFor(FakePackage package, FakeBuyer buyer) => package.OriginIds.Count switch
    {
        0 => null,
        1 => package.OriginIds[0],
        _ => buyer.CountryCode == "US" ? FakeMerchCatalog.UsOriginId : FakeMerchCatalog.GermanyOriginId,
    };
}
