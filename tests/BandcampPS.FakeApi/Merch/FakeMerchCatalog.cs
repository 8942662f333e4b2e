namespace BandcampPS.FakeApi;

/// <summary>A shipping origin of the fake (get_shipping_origin_details).</summary>
public sealed record FakeOrigin(long OriginId, long BandId, string CountryName, string CountryCode, string? StateName = null, string? StateCode = null);

/// <summary>A size or colour of a package, with its own SKU and stock.</summary>
public sealed record FakeOption(long OptionId, string Title, string Sku);

/// <summary>A merch package. Stock is kept per unit (the package, or each option) and origin in <see cref="FakeMerchState"/>.</summary>
public sealed record FakePackage(
    long PackageId, long BandId, long? MemberBandId, string Title, string? AlbumTitle, string ItemType,
    decimal Price, string Currency, string Sku, DateTime NewDate, string Subdomain,
    IReadOnlyList<FakeOption> Options, IReadOnlyList<long> OriginIds)
{
    /// <summary>What update_quantities and update_sku address: the options, or the package itself when it has none.</summary>
    public IEnumerable<long> UnitIds => Options.Count > 0 ? Options.Select(o => o.OptionId) : [PackageId];
}

/// <summary>
/// The fake's merch (api.md 6): two origins for the label, one for the plain band; a record with two origins, a
/// shirt with three sizes, a cassette with unlimited stock and no per-origin quantities, and the plain band's CD.
/// Ids are large like Bandcamp's, and distinct across packages, options, origins, orders and payments.
/// </summary>
public static class FakeMerchCatalog
{
    public const long UsOriginId = 51000001;
    public const long GermanyOriginId = 51000002;
    public const long UkOriginId = 51000010;

    public const long VinylPackageId = 7100000101;
    public const long ShirtPackageId = 7100000102;
    public const long CassettePackageId = 7100000103;
    public const long CdPackageId = 7100000110;

    public const long ShirtSmallId = 7200000201;
    public const long ShirtMediumId = 7200000202;
    public const long ShirtLargeId = 7200000203;

    public static IReadOnlyList<FakeOrigin> Origins { get; } =
    [
        new(UsOriginId, FakeBands.LabelId, "United States", "US", "California", "CA"),
        new(GermanyOriginId, FakeBands.LabelId, "Germany", "DE"),
        new(UkOriginId, FakeBands.SoloBandId, "United Kingdom", "GB"),
    ];

    public static IReadOnlyList<FakePackage> Packages { get; } =
    [
        new(VinylPackageId, FakeBands.LabelId, FakeBands.FirstArtistId, "Night Studies - 12\" Vinyl LP", "Night Studies", "Vinyl LP",
            24.00m, "USD", "EXL012-LP", new DateTime(2023, 3, 1, 12, 0, 0, DateTimeKind.Utc), FakeBands.FirstArtistSubdomain,
            [], [UsOriginId, GermanyOriginId]),
        new(ShirtPackageId, FakeBands.LabelId, FakeBands.SecondArtistId, "Logo T-Shirt", null, "T-Shirt/Apparel",
            20.00m, "USD", "EXL-TS", new DateTime(2023, 9, 15, 9, 30, 0, DateTimeKind.Utc), FakeBands.SecondArtistSubdomain,
            [new(ShirtSmallId, "Small", "EXL-TS-S"), new(ShirtMediumId, "Medium", "EXL-TS-M"), new(ShirtLargeId, "Large", "EXL-TS-L")],
            [UsOriginId]),
        new(CassettePackageId, FakeBands.LabelId, FakeBands.FirstArtistId, "Night Studies - Cassette", "Night Studies", "Cassette",
            8.50m, "USD", "EXL012-MC", new DateTime(2024, 1, 20, 18, 0, 0, DateTimeKind.Utc), FakeBands.FirstArtistSubdomain,
            [], []),
        new(CdPackageId, FakeBands.SoloBandId, null, "First Light - CD", "First Light", "Compact Disc (CD)",
            10.00m, "GBP", "SOLO-CD", new DateTime(2022, 6, 1, 8, 0, 0, DateTimeKind.Utc), FakeBands.SoloBandSubdomain,
            [], [UkOriginId]),
    ];

    /// <summary>Starting stock per (unit, origin; 0 = no origin): available (null = unlimited) and sold.</summary>
    internal static IEnumerable<(long Unit, long Origin, int? Available, int Sold)> InitialStock() =>
    [
        (VinylPackageId, UsOriginId, 40, 12),
        (VinylPackageId, GermanyOriginId, 15, 3),
        (ShirtSmallId, UsOriginId, 10, 4),
        (ShirtMediumId, UsOriginId, 0, 9),
        (ShirtLargeId, UsOriginId, 6, 2),
        (CassettePackageId, 0, null, 31),
        (CdPackageId, UkOriginId, 100, 7),
    ];

    public static FakePackage? PackageOf(long unitId) =>
        Packages.FirstOrDefault(p => p.PackageId == unitId || p.Options.Any(o => o.OptionId == unitId));

    public static FakeOrigin? Origin(long originId) => Origins.FirstOrDefault(o => o.OriginId == originId);
}
