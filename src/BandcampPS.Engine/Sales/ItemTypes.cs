namespace BandcampPS.Engine.Sales;

/// <summary>What a row of the sales report is, for totals: a sale, a correction of an earlier sale, or a payout.</summary>
public enum ItemKind
{
    /// <summary>Money from a buyer: album, track, bundle, package, pending sale, and any type Bandcamp adds later.</summary>
    Sale,

    /// <summary>Money going back on an earlier sale: refund, reversal, pending reversal, cancelled reversal, adjustment.</summary>
    Refund,

    /// <summary>Bandcamp sending the balance to the label (PayPal, Stripe): not revenue.</summary>
    Payout,
}

/// <summary>
/// The item_type values Bandcamp is known to send (see shared/bandcamp-api.md 5.6) and what counts as music.
/// </summary>
public static class ItemTypes
{
    public const string Album = "album";
    public const string Track = "track";
    public const string Bundle = "bundle";
    public const string Package = "package";
    public const string Payout = "payout";
    public const string PendingSale = "pending sale";
    public const string Refund = "refund";
    public const string Reversal = "reversal";
    public const string PendingReversal = "pending reversal";
    public const string CancelledReversal = "cancelled reversal";
    public const string Adjustment = "adjustment";

    /// <summary>Every known value, for argument completion and validation hints.</summary>
    public static readonly IReadOnlyList<string> Known =
    [
        Album, Track, Bundle, Package, Payout, PendingSale, Refund, Reversal, PendingReversal, CancelledReversal, Adjustment,
    ];

    /// <summary>The types that correct an earlier sale (<see cref="ItemKind.Refund"/>), lower case.</summary>
    public static readonly IReadOnlyList<string> Refunds = [Refund, Reversal, PendingReversal, CancelledReversal, Adjustment];

    /// <summary>The digital music types, lower case (see <see cref="IsDigitalMusic"/>).</summary>
    public static readonly IReadOnlyList<string> DigitalMusic = [Album, Track, Bundle];

    /// <summary>
    /// Digital music only: albums, tracks and bundles (e.g. "full digital discography").
    /// Packages are physical (vinyl, shirts) and count as merch; payouts and refunds are money movements.
    /// Filtering is by item_type, never by the item's name, which the seed found fragile.
    /// </summary>
    public static bool IsDigitalMusic(string? itemType) =>
        string.Equals(itemType, Album, StringComparison.OrdinalIgnoreCase)
        || string.Equals(itemType, Track, StringComparison.OrdinalIgnoreCase)
        || string.Equals(itemType, Bundle, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// How a row counts in totals (case-insensitive). An unknown type counts as a sale: Bandcamp's list is not
    /// documented (api.md 11.6), and a new kind of item is far likelier than a new kind of money movement.
    /// </summary>
    public static ItemKind KindOf(string? itemType)
    {
        if (string.Equals(itemType, Payout, StringComparison.OrdinalIgnoreCase)) return ItemKind.Payout;
        foreach (var refund in Refunds)
            if (string.Equals(itemType, refund, StringComparison.OrdinalIgnoreCase)) return ItemKind.Refund;
        return ItemKind.Sale;
    }

    /// <summary>
    /// Checks item types a user typed (-ItemType) before anything is read: a typo ("albums") would otherwise match
    /// nothing and return nothing, silently. Returns the types that are not known (empty when all are).
    /// </summary>
    /// <param name="allowUnknown">
    /// Bandcamp may add types (its list is undocumented), so a user can ask for one the module does not know yet;
    /// then the unknown ones are returned for a warning instead of refused.
    /// </param>
    /// <exception cref="BandcampException">ItemTypeUnknown: a type is unknown and <paramref name="allowUnknown"/> is false.</exception>
    public static IReadOnlyList<string> Check(IEnumerable<string>? itemTypes, bool allowUnknown)
    {
        var unknown = (itemTypes ?? [])
            .Where(t => !string.IsNullOrWhiteSpace(t))
            .Select(t => t.Trim())
            .Where(t => !Known.Contains(t, StringComparer.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (unknown.Count == 0 || allowUnknown) return unknown;

        var guesses = unknown.Select(t => Nearest(t) is { } guess ? $" (did you mean '{guess}'?)" : "");
        throw new BandcampException(BandcampErrorIds.ItemTypeUnknown, BandcampErrorKind.InvalidArgument,
            $"-ItemType {string.Join(", ", unknown.Zip(guesses, (t, g) => $"'{t}'{g}"))}: not an item type Bandcamp is known to send, " +
            $"so it would match nothing. Known types: {string.Join(", ", Known)}. " +
            "If Bandcamp has added this type, add -AllowUnknownItemType to filter on it anyway.",
            unknown.Count == 1 ? unknown[0] : unknown);
    }

    /// <summary>A known type the typed one differs from by a plural, case or separator, or by one letter.</summary>
    private static string? Nearest(string typed)
    {
        var simple = typed.Replace('_', ' ').Replace('-', ' ').Trim().ToLowerInvariant();
        if (simple.EndsWith('s') && Known.Contains(simple[..^1])) return simple[..^1];
        if (Known.Contains(simple)) return simple;
        return Known.FirstOrDefault(k => EditDistanceIsOne(k, simple));
    }

    private static bool EditDistanceIsOne(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 1 || a == b) return false;
        int i = 0, j = 0, edits = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j]) { i++; j++; continue; }
            if (++edits > 1) return false;
            if (a.Length > b.Length) i++;
            else if (b.Length > a.Length) j++;
            else { i++; j++; }
        }
        return edits + (a.Length - i) + (b.Length - j) == 1;
    }
}
