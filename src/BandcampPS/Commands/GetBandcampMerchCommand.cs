using System.Management.Automation;
using BandcampPS.Engine;
using BandcampPS.Engine.Merch;
using BandcampPS.Infrastructure;

namespace BandcampPS.Commands;

/// <summary>
/// Lists a band's merch with its stock (get_merch_details): one row per package, or per option of a package, and per
/// shipping origin, with quantity available and sold, price, SKU. Rows pipe into Set-BandcampMerchQuantity and
/// Set-BandcampMerchSku.
/// </summary>
[Cmdlet(VerbsCommon.Get, "BandcampMerch")]
[OutputType(typeof(BandcampMerchItem))]
public sealed class GetBandcampMerchCommand : BandcampConnectedCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, long.MaxValue)]
    public long BandId { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public long? MemberBandId { get; set; }

    /// <summary>Only packages added on or after this date (UTC); default: every package.</summary>
    [Parameter]
    public DateTime? StartDate { get; set; }

    /// <summary>Only packages added before this date (UTC).</summary>
    [Parameter]
    public DateTime? EndDate { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public long[]? PackageId { get; set; }

    private readonly HashSet<(long, long, long?, long?)> _written = [];

    protected override void ProcessRecord()
    {
        var query = new MerchQuery(BandId, MemberBandId is > 0 ? MemberBandId : null, UtcDates.ToUtc(StartDate), UtcDates.ToUtc(EndDate), PackageId);
        if (query.StartUtc is { } start && query.EndUtc is { } end && end <= start)
            ThrowTerminatingError(ErrorRecords.DateRangeInvalid(nameof(StartDate), start, nameof(EndDate), end, EndDate));
        var connection = ActiveConnection;
        if (!TryOrWriteError(() => RunEngine(token => connection.Merch.GetMerchAsync(query, token)), query, out var rows)) return;
        MerchRows.Write(this, rows, _written, r => (r.BandId, r.PackageId, r.OptionId, r.OriginId));
    }
}
