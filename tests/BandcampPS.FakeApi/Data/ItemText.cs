using System.Runtime.CompilerServices;

namespace BandcampPS.FakeApi;

/// <summary>The descriptive fields of a purchase line (what was bought, where it lives, its codes).</summary>
internal readonly record struct ItemText(
    string ItemType, string Name, string Url, string Package, string? Option, string? Sku, string Isrc)
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ItemText Describe(SaleShape shape, Release release, string subdomain, ref RowRandom row)
    {
        var home = $"https://{subdomain}.bandcamp.com";
        switch (shape.Kind)
        {
            case SaleKind.Track or SaleKind.FreeTrack:
                var track = row.Below(release.Tracks.Length);
                var isrc = row.Percent(50) ? "" : $"QZ{subdomain[..3].ToUpperInvariant()}2{track + 1:D6}";
                return new("track", release.Tracks[track], $"{home}/track/{release.Slug}-{track + 1}",
                    "digital download", null, null, isrc);
            case SaleKind.Package:
                var format = row.Pick(SaleCatalog.Packages);
                var option = format.Options is null ? null : row.Pick(format.Options);
                var prefix = release.CatalogNumber.Length == 0 ? "SB" : release.CatalogNumber;
                var sku = option is null ? $"{prefix}-{format.SkuSuffix}" : $"{prefix}-{format.SkuSuffix}-{option[0]}{option[^1]}";
                return new("package", $"{release.Title} {format.Name}", $"{home}/album/{release.Slug}",
                    format.Name, option, sku, "");
            case SaleKind.Bundle:
                return new("bundle", "full digital discography", $"{home}/music", "digital download", null, null, "");
            default:
                return new("album", release.Title, $"{home}/album/{release.Slug}", "digital download", null, null, "");
        }
    }
}
