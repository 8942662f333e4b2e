using System.Globalization;
using BandcampPS.Engine.Currency;

namespace BandcampPS.Engine.Reconciliation;

/// <summary>
/// Reconciles two sets of sales (API, CSV export or stored revenue, in any pairing). The reference set is held in
/// memory, keyed; difference sales are matched one by one as they arrive and then dropped, so a difference set of
/// any size streams through. Call <see cref="AddReference"/> for the whole reference set, then
/// <see cref="AddDifference"/> per difference sale, then <see cref="Finish"/> once.
/// </summary>
/// <remarks>
/// Matching: by TransactionItemId when both lines have one. A line without one (the CSV export has no item id
/// column) is matched by the composite key transaction id + item type + item name + occurrence, the occurrence
/// numbering lines of one transaction with the same type and name in the order they arrive. The item type is part
/// of the key because one order can hold the digital album and the vinyl of the same title. Where several lines
/// share that key, an identical line is paired first, so two exports that list a cart's lines in different orders
/// still reconcile. A line is matched at most once: a duplicate is reported as only on its side.
/// </remarks>
public sealed class RevenueReconciler
{
    private readonly bool _emitSales;
    private readonly bool _includeEqual;
    private readonly Dictionary<long, Entry> _byItem = new();
    private readonly Dictionary<LineBase, Bucket> _byLine = new();
    private readonly List<Entry> _reference = new();
    private readonly Dictionary<LineBase, int> _differenceOccurrences = new();
    private readonly Dictionary<string, Totals> _totals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TransactionFees> _fees = new(StringComparer.Ordinal);
    private bool _comparing;
    private bool _finished;

    /// <param name="includeEqual">Also emit an <see cref="RevenueDifferenceKind.Equal"/> row per matched, equal sale.</param>
    /// <param name="summaryOnly">Emit only the per-currency totals rows.</param>
    public RevenueReconciler(bool includeEqual = false, bool summaryOnly = false)
    {
        _emitSales = !summaryOnly;
        _includeEqual = includeEqual && !summaryOnly;
    }

    public int ReferenceCount { get; private set; }
    public int DifferenceCount { get; private set; }
    public int MatchedCount { get; private set; }
    public int DifferingCount { get; private set; }

    public void AddReference(ReconciledSale sale)
    {
        ArgumentNullException.ThrowIfNull(sale);
        if (_comparing) throw new InvalidOperationException("The whole reference set must be added before the first difference sale.");
        ReferenceCount++;
        var totals = TotalsOf(sale.Currency);
        totals.ReferenceCount++;
        totals.Reference.Add(sale);
        // Fees are compared per transaction only to emit rows: a summary alone does not keep them.
        if (_emitSales) FeesOf(sale).Reference.Add(sale);

        var entry = new Entry(sale);
        _reference.Add(entry);
        if (sale.TransactionItemId is { } itemId)
        {
            if (_byItem.TryGetValue(itemId, out var first))
            {
                var last = first;
                while (last.NextSameItem is not null) last = last.NextSameItem;
                last.NextSameItem = entry;
            }
            else
            {
                _byItem.Add(itemId, entry);
            }
        }

        var line = LineBase.Of(sale);
        if (_byLine.TryGetValue(line, out var bucket))
        {
            bucket.Tail.NextSameLine = entry;
            bucket.Tail = entry;
            entry.Occurrence = ++bucket.Count;
        }
        else
        {
            _byLine.Add(line, new Bucket { Head = entry, Tail = entry, Count = 1 });
            entry.Occurrence = 1;
        }
    }

    /// <summary>Matches one difference sale; returns its rows (none when it matches and is equal, unless includeEqual).</summary>
    public IReadOnlyList<BandcampRevenueDifference> AddDifference(ReconciledSale sale)
    {
        ArgumentNullException.ThrowIfNull(sale);
        if (_finished) throw new InvalidOperationException("The reconciliation is finished.");
        _comparing = true;
        DifferenceCount++;
        var totals = TotalsOf(sale.Currency);
        totals.DifferenceCount++;
        totals.Difference.Add(sale);
        if (_emitSales && _fees.TryGetValue(sale.TransactionId, out var fees)) fees.Difference.Add(sale);

        var line = LineBase.Of(sale);
        string? key = null;
        Entry? match = null;
        if (sale.TransactionItemId is { } itemId)
        {
            for (var candidate = _byItem.GetValueOrDefault(itemId); candidate is not null; candidate = candidate.NextSameItem)
            {
                if (!candidate.Matched)
                {
                    match = candidate;
                    key = ItemKey(itemId);
                    break;
                }
            }
            // A reference line without an item id (a CSV export) can still be this line.
            match ??= FindByLine(line, sale, itemIdLessOnly: true);
        }
        else
        {
            match = FindByLine(line, sale, itemIdLessOnly: false);
            if (_emitSales)
            {
                // Every item-id-less line is numbered, matched or not, so an unmatched one shows its true occurrence.
                // Only the key's strings stay, never the sale.
                var occurrence = _differenceOccurrences.GetValueOrDefault(line) + 1;
                _differenceOccurrences[line] = occurrence;
                key = match is null ? LineKey(line, occurrence) : null;
            }
        }

        if (match is null)
        {
            if (!_emitSales) return [];
            return [SaleRow(RevenueDifferenceKind.OnlyInDifference, key ?? ItemKey(sale.TransactionItemId!.Value), null, sale)];
        }

        match.Matched = true;
        MatchedCount++;
        if (!_emitSales)
        {
            if (!ComparedFields.AllEqual(match.Sale, sale)) DifferingCount++;
            return [];
        }

        key ??= LineKey(LineBase.Of(match.Sale), match.Occurrence);
        List<BandcampRevenueDifference>? rows = null;
        foreach (var field in ComparedFields.All)
        {
            if (field.AreEqual(match.Sale, sale)) continue;
            (rows ??= new List<BandcampRevenueDifference>()).Add(FieldRow(key, match.Sale, sale, field));
        }
        if (rows is not null)
        {
            DifferingCount++;
            return rows;
        }
        return _includeEqual ? [SaleRow(RevenueDifferenceKind.Equal, key, match.Sale, sale)] : [];
    }

    /// <summary>
    /// The reference sales nothing matched (in the order they were added), then one totals row per currency,
    /// sorted by currency code. Releases the reference set.
    /// </summary>
    public IReadOnlyList<BandcampRevenueDifference> Finish()
    {
        if (_finished) throw new InvalidOperationException("The reconciliation is finished.");
        _finished = true;
        var rows = new List<BandcampRevenueDifference>();
        if (_emitSales)
        {
            foreach (var entry in _reference)
            {
                if (entry.Matched) continue;
                var key = entry.Sale.TransactionItemId is { } id ? ItemKey(id) : LineKey(LineBase.Of(entry.Sale), entry.Occurrence);
                rows.Add(SaleRow(RevenueDifferenceKind.OnlyInReference, key, entry.Sale, null));
            }
            foreach (var (transactionId, fees) in _fees)
                if (fees.Differ()) rows.Add(fees.ToRow(transactionId));
        }
        foreach (var (currency, totals) in _totals.OrderBy(t => t.Key, StringComparer.Ordinal))
            rows.Add(totals.ToRow(currency));

        _reference.Clear();
        _fees.Clear();
        _byItem.Clear();
        _byLine.Clear();
        _differenceOccurrences.Clear();
        return rows;
    }

    private Entry? FindByLine(LineBase line, ReconciledSale sale, bool itemIdLessOnly)
    {
        if (!_byLine.TryGetValue(line, out var bucket)) return null;
        Entry? first = null;
        for (var candidate = bucket.Head; candidate is not null; candidate = candidate.NextSameLine)
        {
            if (candidate.Matched || (itemIdLessOnly && candidate.Sale.TransactionItemId is not null)) continue;
            if (bucket.Count == 1 || ComparedFields.AllEqual(candidate.Sale, sale)) return candidate;
            first ??= candidate;
        }
        return first;
    }

    private TransactionFees FeesOf(ReconciledSale sale)
    {
        if (!_fees.TryGetValue(sale.TransactionId, out var fees))
            _fees.Add(sale.TransactionId, fees = new TransactionFees(sale));
        return fees;
    }

    private Totals TotalsOf(string currency)
    {
        if (!_totals.TryGetValue(currency, out var totals))
        {
            totals = new Totals();
            _totals.Add(currency, totals);
        }
        return totals;
    }

    private static string ItemKey(long itemId) => string.Create(CultureInfo.InvariantCulture, $"item:{itemId}");

    private static string LineKey(LineBase line, int occurrence) =>
        string.Create(CultureInfo.InvariantCulture, $"line:{line.TransactionId}/{line.ItemType}/{line.ItemName}/{occurrence}");

    private static BandcampRevenueDifference SaleRow(
        RevenueDifferenceKind kind, string key, ReconciledSale? reference, ReconciledSale? difference, ComparedFields.Field? field = null)
    {
        var any = reference ?? difference!;
        return new BandcampRevenueDifference
        {
            Kind = kind,
            Key = key,
            Currency = any.Currency,
            TransactionId = any.TransactionId,
            TransactionItemId = reference?.TransactionItemId ?? difference?.TransactionItemId,
            SaleDate = any.SaleDate,
            ItemType = any.ItemType,
            ItemName = any.ItemName,
            Artist = any.Artist,
            Field = field?.Name,
            ReferenceValue = field is null ? null : field.Format(reference!),
            DifferenceValue = field is null ? null : field.Format(difference!),
            ReferenceItemTotal = reference?.ItemTotal,
            DifferenceItemTotal = difference?.ItemTotal,
            ReferenceAmountYouReceived = reference?.AmountYouReceived,
            DifferenceAmountYouReceived = difference?.AmountYouReceived,
            ReferenceNetAmount = reference?.NetAmount,
            DifferenceNetAmount = difference?.NetAmount,
        };
    }

    private static BandcampRevenueDifference FieldRow(string key, ReconciledSale reference, ReconciledSale difference, ComparedFields.Field field) =>
        SaleRow(RevenueDifferenceKind.FieldDiffers, key, reference, difference, field);

    /// <summary>Transaction, item type (lower case) and item name: the key of a line without an item id, less its occurrence.</summary>
    private readonly record struct LineBase(string TransactionId, string ItemType, string? ItemName)
    {
        public static LineBase Of(ReconciledSale sale) => new(sale.TransactionId, sale.ItemType.ToLowerInvariant(), sale.ItemName);
    }

    private sealed class Entry(ReconciledSale sale)
    {
        public ReconciledSale Sale { get; } = sale;
        public bool Matched;
        public int Occurrence;
        public Entry? NextSameItem;
        public Entry? NextSameLine;
    }

    private sealed class Bucket
    {
        public required Entry Head;
        public required Entry Tail;
        public int Count;
    }

    /// <summary>
    /// A transaction's fees on each side. Bandcamp charges one fee per payment and its CSV export shows it on the
    /// cart's last line only (blank on the others, "*" while pending, read as no fee), where the API may spread it
    /// over the lines: so the sums of a transaction are compared, and only when both sides show a fee at all.
    /// </summary>
    private sealed class TransactionFees(ReconciledSale first)
    {
        public FeeSum Reference;
        public FeeSum Difference;

        // A cart with a line missing on one side has that line reported already: its fees are not compared again.
        public bool Differ() =>
            Reference.Lines > 0 && Reference.Lines == Difference.Lines && Reference.Shown && Difference.Shown
            && CurrencyMinorUnits.RoundToMinorUnit(Reference.Sum, first.Currency) != CurrencyMinorUnits.RoundToMinorUnit(Difference.Sum, first.Currency);

        public BandcampRevenueDifference ToRow(string transactionId) => new()
        {
            Kind = RevenueDifferenceKind.FieldDiffers,
            Key = string.Create(CultureInfo.InvariantCulture, $"transaction:{transactionId}"),
            Currency = first.Currency,
            TransactionId = transactionId,
            SaleDate = first.SaleDate,
            Field = nameof(ReconciledSale.TransactionFee),
            ReferenceValue = CurrencyMinorUnits.RoundToMinorUnit(Reference.Sum, first.Currency).ToString(CultureInfo.InvariantCulture),
            DifferenceValue = CurrencyMinorUnits.RoundToMinorUnit(Difference.Sum, first.Currency).ToString(CultureInfo.InvariantCulture),
        };
    }

    private struct FeeSum
    {
        public int Lines;
        public bool Shown;
        public decimal Sum;

        public void Add(ReconciledSale sale)
        {
            Lines++;
            if (sale.TransactionFee is not { } fee) return;
            Shown = true;
            Sum += fee;
        }
    }

    private struct Sums
    {
        public decimal ItemTotal;
        public decimal AmountYouReceived;
        public decimal NetAmount;

        // A missing amount adds nothing, as SUM does in the database.
        public void Add(ReconciledSale sale)
        {
            ItemTotal += sale.ItemTotal ?? 0m;
            AmountYouReceived += sale.AmountYouReceived ?? 0m;
            NetAmount += sale.NetAmount ?? 0m;
        }
    }

    private sealed class Totals
    {
        public int ReferenceCount;
        public int DifferenceCount;
        public Sums Reference;
        public Sums Difference;

        public BandcampRevenueDifference ToRow(string currency)
        {
            // Both sides to the currency's minor unit, so 2415914 and 2415914.00 read the same, and "to the cent" they
            // agree when the rounded values are equal (none for JPY).
            (decimal Reference, decimal Difference) ToMinorUnit(decimal reference, decimal difference) =>
                (CurrencyMinorUnits.RoundToMinorUnit(reference, currency), CurrencyMinorUnits.RoundToMinorUnit(difference, currency));
            var itemTotal = ToMinorUnit(Reference.ItemTotal, Difference.ItemTotal);
            var received = ToMinorUnit(Reference.AmountYouReceived, Difference.AmountYouReceived);
            var net = ToMinorUnit(Reference.NetAmount, Difference.NetAmount);

            var differing = new List<string>(3);
            if (itemTotal.Reference != itemTotal.Difference) differing.Add(nameof(Sums.ItemTotal));
            if (received.Reference != received.Difference) differing.Add(nameof(Sums.AmountYouReceived));
            if (net.Reference != net.Difference) differing.Add(nameof(Sums.NetAmount));
            return new BandcampRevenueDifference
            {
                Kind = differing.Count == 0 ? RevenueDifferenceKind.TotalsAgree : RevenueDifferenceKind.TotalsDiffer,
                Currency = currency,
                Field = differing.Count == 0 ? null : string.Join(',', differing),
                ReferenceCount = ReferenceCount,
                DifferenceCount = DifferenceCount,
                ReferenceItemTotal = itemTotal.Reference,
                DifferenceItemTotal = itemTotal.Difference,
                ReferenceAmountYouReceived = received.Reference,
                DifferenceAmountYouReceived = received.Difference,
                ReferenceNetAmount = net.Reference,
                DifferenceNetAmount = net.Difference,
            };
        }
    }
}
