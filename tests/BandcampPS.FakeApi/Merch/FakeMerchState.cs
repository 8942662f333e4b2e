namespace BandcampPS.FakeApi;

/// <summary>An update_shipped item as received.</summary>
internal sealed record ShippedUpdate(long Id, string IdType, bool Shipped, DateTime? ShipDate, string? Carrier, string? TrackingCode, bool? Notification);

/// <summary>An update_quantities item as received.</summary>
internal sealed record QuantityUpdate(long Id, string IdType, int? QuantitySold, int? QuantityAvailable, long? OriginId);

/// <summary>An update_sku item as received.</summary>
internal sealed record SkuUpdate(long Id, string IdType, string? Sku);

/// <summary>
/// The merch side of the fake as Bandcamp keeps it: stock per unit and origin, SKUs, orders and their shipping
/// state. Every update checks all its items first and changes nothing unless all pass (api.md 3: all-or-nothing),
/// answering with the first failing item named by id. One lock; all members are thread-safe.
/// </summary>
public sealed class FakeMerchState
{
    private readonly object _gate = new();
    private readonly Dictionary<(long Unit, long Origin), (int? Available, int Sold)> _stock = [];
    private readonly Dictionary<long, string> _skus = [];
    private readonly List<FakeOrderItem> _orders;
    private readonly HashSet<long> _refused = [];
    private readonly Func<DateTime> _now;

    internal FakeMerchState(int seed, Func<DateTime> utcNow)
    {
        _now = utcNow;
        foreach (var (unit, origin, available, sold) in FakeMerchCatalog.InitialStock()) _stock[(unit, origin)] = (available, sold);
        foreach (var package in FakeMerchCatalog.Packages)
        {
            _skus[package.PackageId] = package.Sku;
            foreach (var option in package.Options) _skus[option.OptionId] = option.Sku;
        }
        _orders = FakeOrders.Create(seed, utcNow());
    }

    /// <summary>A copy of every order item, oldest last (the order get_orders answers in).</summary>
    public IReadOnlyList<FakeOrderItem> Orders
    {
        get { lock (_gate) return _orders.OrderByDescending(o => o.OrderDate).ThenBy(o => o.SaleItemId).ToList(); }
    }

    /// <summary>Available (null = unlimited) and sold of a unit (package without options, or option) at an origin (0: none).</summary>
    public (int? Available, int Sold) Stock(long unitId, long originId)
    {
        lock (_gate) return _stock[(unitId, originId)];
    }

    public string Sku(long unitOrPackageId)
    {
        lock (_gate) return _skus[unitOrPackageId];
    }

    /// <summary>A sale made on Bandcamp meanwhile: sold goes up, available down, so a client's last seen sold count is stale.</summary>
    public void Sell(long unitId, int quantity = 1, long? originId = null)
    {
        lock (_gate)
        {
            var key = (unitId, originId ?? OriginsOf(unitId).FirstOrDefault());
            if (!_stock.TryGetValue(key, out var stock)) throw new ArgumentException($"No stock of item {unitId} at origin {key.Item2}.");
            _stock[key] = (stock.Available is { } a ? Math.Max(0, a - quantity) : null, stock.Sold + quantity);
        }
    }

    /// <summary>Every update naming this id is refused ("cannot be changed right now"), as a fault knob.</summary>
    public void RefuseUpdatesOf(long id)
    {
        lock (_gate) _refused.Add(id);
    }

    internal void ResetFaults()
    {
        lock (_gate) _refused.Clear();
    }

    internal (long Origin, int? Available, int Sold)[] StockAtOrigins(long unitId)
    {
        lock (_gate) return _stock.Where(s => s.Key.Unit == unitId).Select(s => (s.Key.Origin, s.Value.Available, s.Value.Sold)).ToArray();
    }

    internal List<FakeOrderItem> FindOrders(Func<FakeOrderItem, bool> match)
    {
        lock (_gate) return _orders.Where(match).OrderByDescending(o => o.OrderDate).ThenBy(o => o.SaleItemId).ToList();
    }

    /// <returns>Null when every item was applied; otherwise the refusal, and nothing changed.</returns>
    internal string? UpdateShipped(IReadOnlyList<ShippedUpdate> items)
    {
        lock (_gate)
        {
            foreach (var item in items)
            {
                if (_refused.Contains(item.Id)) return $"Item {item.Id} cannot be changed right now";
                if (item.IdType == "s" && !_orders.Any(o => o.SaleItemId == item.Id)) return $"Unknown sale item id {item.Id}";
                if (item.IdType == "p" && !_orders.Any(o => o.PaymentId == item.Id)) return $"Unknown payment id {item.Id}";
            }
            var today = _now().Date;
            foreach (var item in items)
            {
                foreach (var order in _orders.Where(o => item.IdType == "s" ? o.SaleItemId == item.Id : o.PaymentId == item.Id))
                {
                    order.ShipDate = item.Shipped ? item.ShipDate ?? today : null;
                    order.Carrier = item.Shipped ? item.Carrier : null;
                    order.TrackingCode = item.Shipped ? item.TrackingCode : null;
                    order.Notified = item.Notification;
                }
            }
            return null;
        }
    }

    internal List<FakeOrderItem> MarkShipped(Func<FakeOrderItem, bool> match)
    {
        lock (_gate)
        {
            var marked = _orders.Where(o => o.ShipDate is null && match(o)).ToList();
            foreach (var order in marked) order.ShipDate = _now();
            return marked;
        }
    }

    internal string? UpdateQuantities(IReadOnlyList<QuantityUpdate> items)
    {
        lock (_gate)
        {
            var keys = new List<((long, long) Key, int Available)>();
            foreach (var item in items)
            {
                if (_refused.Contains(item.Id)) return $"Item {item.Id} cannot be changed right now";
                if (UnitProblem(item.Id, item.IdType) is { } problem) return problem;
                if (item.QuantityAvailable is not { } available || available < 0) return $"quantity_available for item {item.Id} must be a whole number, 0 or more";
                if (item.QuantitySold is not { } sentSold) return $"quantity_sold is required for item {item.Id}";
                var origins = OriginsOf(item.Id);
                long origin;
                if (item.OriginId is { } asked)
                {
                    if (!origins.Contains(asked)) return $"Origin {asked} is not a shipping origin of item {item.Id}";
                    origin = asked;
                }
                else if (origins.Count > 1) return $"origin_id is required for item {item.Id}: it ships from {origins.Count} origins";
                else origin = origins.FirstOrDefault();
                var currentSold = _stock[(item.Id, origin)].Sold;
                if (currentSold != sentSold)
                    return $"quantity_sold for item {item.Id} is {currentSold}, not {sentSold}: it changed since it was read";
                keys.Add(((item.Id, origin), available));
            }
            foreach (var (key, available) in keys) _stock[key] = (available, _stock[key].Sold);
            return null;
        }
    }

    internal string? UpdateSkus(IReadOnlyList<SkuUpdate> items)
    {
        lock (_gate)
        {
            foreach (var item in items)
            {
                if (_refused.Contains(item.Id)) return $"Item {item.Id} cannot be changed right now";
                if (UnitProblem(item.Id, item.IdType, packageWithOptionsAllowed: true) is { } problem) return problem;
                if (string.IsNullOrWhiteSpace(item.Sku)) return $"sku is required for item {item.Id}";
            }
            foreach (var item in items) _skus[item.Id] = item.Sku!;
            return null;
        }
    }

    private static string? UnitProblem(long id, string idType, bool packageWithOptionsAllowed = false)
    {
        var package = FakeMerchCatalog.PackageOf(id);
        return idType switch
        {
            "p" when package?.PackageId != id => $"Unknown package id {id}",
            "p" when package!.Options.Count > 0 && !packageWithOptionsAllowed => $"Package {id} has options; update its options instead",
            "o" when package is null || package.PackageId == id => $"Unknown option id {id}",
            "p" or "o" => null,
            _ => $"Invalid id_type '{idType}' for item {id}: use 'p' or 'o'",
        };
    }

    private List<long> OriginsOf(long unitId) => _stock.Keys.Where(k => k.Unit == unitId).Select(k => k.Origin).ToList();
}
