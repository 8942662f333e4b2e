namespace BandcampPS.FakeApi;

/// <summary>
/// A sales_report / generate_sales_report body as the client sent it: ids as parsed (null if absent
/// or not a number), times and format as the raw text, so tests can assert what was asked for.
/// </summary>
public sealed record RecordedSalesReportRequest(
    string Method, long? BandId, long? MemberBandId, string? StartTime, string? EndTime, string? Format);
