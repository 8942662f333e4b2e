using System.Globalization;

namespace BandcampPS.FakeApi;

/// <summary>
/// How a row's date is spelled on the wire: normally the v4 form; with faults armed, garbage for
/// chosen rows or the other spellings Bandcamp has been seen to send.
/// </summary>
internal sealed class SaleDateText(IReadOnlySet<long> invalidItemIds, bool alternateFormats, int seed)
{
    public const string Garbage = "31 Foo 2024 99:99:99 GMT";
    public static readonly SaleDateText Plain = new(new HashSet<long>(), false, 0);

    public string For(FakeSale sale)
    {
        if (invalidItemIds.Count > 0 && invalidItemIds.Contains(sale.BandcampTransactionItemId)) return Garbage;
        if (!alternateFormats) return sale.Date;
        var format = StableHash.Below(seed, sale.Index, 77, 4) switch
        {
            0 => BandcampDates.SingleDigitDayFormat,
            1 => BandcampDates.SqlFormat,
            2 => BandcampDates.IsoFormat,
            _ => null,
        };
        return format is null ? sale.Date : sale.DateUtc.ToString(format, CultureInfo.InvariantCulture);
    }
}
