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

    // merchorders (api.md 6), at the versions clients use today.
    public const string MerchDetails = "/api/merchorders/1/get_merch_details";
    public const string ShippingOrigins = "/api/merchorders/1/get_shipping_origin_details";
    public const string Orders = "/api/merchorders/4/get_orders";
    public const string UpdateShipped = "/api/merchorders/2/update_shipped";
    public const string MarkDateRangeShipped = "/api/merchorders/1/mark_date_range_as_shipped";
    public const string UpdateQuantities = "/api/merchorders/1/update_quantities";
    public const string UpdateSku = "/api/merchorders/1/update_sku";

    /// <summary>Where generated reports are downloaded from, without authorisation.</summary>
    public const string Reports = "/reports";

    /// <summary>A hop that answers 302 to <see cref="Reports"/> when redirects are switched on.</summary>
    public const string ReportRedirects = "/download";
}
