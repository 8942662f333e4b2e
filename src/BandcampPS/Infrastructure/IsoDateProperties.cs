using System.Globalization;
using System.Management.Automation;
using BandcampPS.Engine;
using BandcampPS.Engine.Currency;
using BandcampPS.Engine.Reconciliation;
using BandcampPS.Engine.Sales;
using BandcampPS.Engine.Storage;

namespace BandcampPS.Infrastructure;

/// <summary>
/// The getters of the &lt;Name&gt;Iso properties that BandcampPS.Types.ps1xml adds to the output types: every date as
/// culture-independent ISO 8601 text, so Export-Csv and ConvertTo-Json write it the same under any culture. Code
/// properties, not script properties: they cost no script call per row, and hosts that read properties off the
/// pipeline thread (no runspace there) can still read them.
/// </summary>
public static class IsoDateProperties
{
    public static string? SaleDateIso(PSObject instance) => instance.BaseObject switch
    {
        BandcampSale sale => Time(sale.SaleDate),      // ConvertedSale too
        RevenueRow row => Time(row.SaleDate),
        BandcampRevenueDifference difference => difference.SaleDate is { } date ? Time(date) : null,
        _ => null,
    };

    public static string? ExchangeRateDateIso(PSObject instance) => instance.BaseObject switch
    {
        ConvertedSale sale => Date(sale.ExchangeRateDate),
        RevenueRow row => row.ExchangeRateDate is { } date ? Date(date) : null,
        _ => null,
    };

    public static string? ImportedAtIso(PSObject instance) => instance.BaseObject is RevenueRow row ? Time(row.ImportedAt) : null;

    public static string? DateIso(PSObject instance) => instance.BaseObject is ExchangeRate rate ? Date(rate.Date) : null;

    public static string? LatestDateIso(PSObject instance) => instance.BaseObject is ExchangeRateDownloadResult result ? Date(result.LatestDate) : null;

    public static string? TokenExpiresAtIso(PSObject instance) =>
        instance.BaseObject is BandcampConnection { TokenExpiresAt: { } expires } ? Time(expires.UtcDateTime) : null;

    public static string? NewDateIso(PSObject instance) => instance.BaseObject is Engine.Merch.BandcampMerchItem { NewDate: { } date } ? Time(date) : null;

    public static string? OrderDateIso(PSObject instance) => instance.BaseObject is Engine.Merch.BandcampOrder order ? Time(order.OrderDate) : null;

    public static string? ShipDateIso(PSObject instance) => instance.BaseObject switch
    {
        Engine.Merch.BandcampOrder { ShipDate: { } date } => Time(date),
        Engine.Merch.BandcampOrderShipment { ShipDate: { } date } => Time(date),
        _ => null,
    };

    public static string? BeginsShippingOnIso(PSObject instance) =>
        instance.BaseObject is Engine.Merch.BandcampOrder { BeginsShippingOn: { } date } ? Time(date) : null;

    public static string? StartUtcIso(PSObject instance) => instance.BaseObject is Engine.Import.RevenueSyncResult r ? Time(r.StartUtc) : null;

    public static string? EndUtcIso(PSObject instance) => instance.BaseObject is Engine.Import.RevenueSyncResult r ? Time(r.EndUtc) : null;

    public static string? CompleteThroughUtcIso(PSObject instance) => instance.BaseObject is Engine.Import.RevenueSyncResult r ? Time(r.CompleteThroughUtc) : null;

    /// <summary>yyyy-MM-ddTHH:mm:ssZ: UTC to the second, as the API's times are.</summary>
    private static string Time(DateTime utc) =>
        UtcDates.ToUtc(utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
