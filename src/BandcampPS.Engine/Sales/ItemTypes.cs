namespace BandcampPS.Engine.Sales;

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

    /// <summary>Every known value, for argument completion and validation hints.</summary>
    public static readonly IReadOnlyList<string> Known =
    [
        Album, Track, Bundle, Package, Payout, PendingSale, Refund, Reversal,
        "pending reversal", "cancelled reversal", "adjustment",
    ];

    /// <summary>What -MusicOnly keeps (see <see cref="IsDigitalMusic"/>).</summary>
    public static readonly IReadOnlyList<string> Music = [Album, Track, Bundle];

    /// <summary>
    /// Digital music only: albums, tracks and bundles (e.g. "full digital discography").
    /// Packages are physical (vinyl, shirts) and count as merch; payouts and refunds are money movements.
    /// Filtering is by item_type, never by the item's name, which the seed found fragile.
    /// </summary>
    public static bool IsDigitalMusic(string? itemType) =>
        string.Equals(itemType, Album, StringComparison.OrdinalIgnoreCase)
        || string.Equals(itemType, Track, StringComparison.OrdinalIgnoreCase)
        || string.Equals(itemType, Bundle, StringComparison.OrdinalIgnoreCase);
}
