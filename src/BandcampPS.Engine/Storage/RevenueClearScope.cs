using System.Globalization;
using BandcampPS.Engine.Sales;

namespace BandcampPS.Engine.Storage;

/// <summary>
/// Stored rows a run may replace: one source, one band (and one of its member bands, or all), some item types (or
/// all), within [StartUtc, EndUtc). Built only from a span the run read completely; the import deletes the rows in
/// scope that it did not bring again, and never a row written after the import began (another importer's).
/// </summary>
public sealed record RevenueClearScope
{
    public required BandcampSaleSource Source { get; init; }
    public required long BandId { get; init; }

    /// <summary>Only rows of this member band of the label; null: every row of <see cref="BandId"/>.</summary>
    public long? MemberBandId { get; init; }

    /// <summary>Lower-case item types the read kept; null: every type.</summary>
    public IReadOnlyCollection<string>? ItemTypes { get; init; }

    /// <summary>Inclusive.</summary>
    public required DateTime StartUtc { get; init; }

    /// <summary>Exclusive, like the API's end_time.</summary>
    public required DateTime EndUtc { get; init; }

    public static RevenueClearScope Of(SalesSpan span) => new()
    {
        Source = span.Scope.Source,
        BandId = span.Scope.BandId,
        MemberBandId = span.Scope.MemberBandId,
        ItemTypes = span.Scope.Filter.ItemTypeList,
        StartUtc = span.StartUtc,
        EndUtc = span.EndUtc,
    };

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Source} band {BandId}{(MemberBandId is { } m ? $" member {m}" : "")}{(ItemTypes is null ? "" : $" ({string.Join(", ", ItemTypes)})")} [{StartUtc:yyyy-MM-dd HH:mm:ss}, {EndUtc:yyyy-MM-dd HH:mm:ss})");
}
