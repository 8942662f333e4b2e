namespace BandcampPS.FakeApi;

/// <summary>The paths the fake answers, as on bandcamp.com (api.md 1, 4, 5).</summary>
public static class Routes
{
    public const string Token = "/oauth_token";
    public const string ApiPrefix = "/api";
    public const string MyBands = "/api/account/1/my_bands";
    public const string SalesReport = "/api/sales/4/sales_report";
    public const string GenerateSalesReport = "/api/sales/4/generate_sales_report";
    public const string FetchSalesReport = "/api/sales/4/fetch_sales_report";

    /// <summary>Where generated reports are downloaded from, without authorisation.</summary>
    public const string Reports = "/reports";

    /// <summary>A hop that answers 302 to <see cref="Reports"/> when redirects are switched on.</summary>
    public const string ReportRedirects = "/download";
}
