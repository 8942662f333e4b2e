namespace BandcampPS.FakeApi;

/// <summary>
/// How rows are spelled on the wire for one report: their dates (<see cref="SaleDateText"/>), which rows are sent
/// malformed, and whether payout rows carry a transaction item id (api.md 11.6 leaves it open, so the fake does both).
/// </summary>
internal sealed class ReportRowStyle(SaleDateText dates, IReadOnlyDictionary<long, MalformedRowKind> malformed, bool payoutItemIds)
{
    public static readonly ReportRowStyle Plain = new(SaleDateText.Plain, new Dictionary<long, MalformedRowKind>(), true);

    public SaleDateText Dates { get; } = dates;

    public MalformedRowKind? Malformed(FakeSale sale) =>
        malformed.Count > 0 && malformed.TryGetValue(sale.BandcampTransactionItemId, out var kind) ? kind : null;

    public bool SendsItemId(FakeSale sale) => payoutItemIds || sale.ItemType != "payout";
}
