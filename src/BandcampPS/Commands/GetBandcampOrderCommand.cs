using System.Management.Automation;
using BandcampPS.Engine;
using BandcampPS.Engine.Merch;
using BandcampPS.Infrastructure;

namespace BandcampPS.Commands;

/// <summary>
/// Lists merch orders (get_orders): one object per order item, with the buyer's ship-to address (for shipping;
/// never logged), money as decimal and dates in UTC. Items bought together share a PaymentId.
/// </summary>
[Cmdlet(VerbsCommon.Get, "BandcampOrder")]
[OutputType(typeof(BandcampOrder))]
public sealed class GetBandcampOrderCommand : BandcampConnectedCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, long.MaxValue)]
    public long BandId { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public long? MemberBandId { get; set; }

    /// <summary>Orders placed on or after this date; without a time zone taken as UTC.</summary>
    [Parameter]
    [Alias("Since")]
    public DateTime? StartDate { get; set; }

    /// <summary>Orders placed before this date; without a time zone taken as UTC.</summary>
    [Parameter]
    [Alias("Before")]
    public DateTime? EndDate { get; set; }

    /// <summary>Only items not yet marked shipped.</summary>
    [Parameter]
    public SwitchParameter Unshipped { get; set; }

    /// <summary>Only items whose name contains this text (Bandcamp's item title filter).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <summary>Only items shipping from this origin (Get-BandcampShippingOrigin).</summary>
    [Parameter]
    public long? OriginId { get; set; }

    private readonly HashSet<long> _written = [];

    protected override void ProcessRecord()
    {
        var query = new OrderQuery(BandId, MemberBandId is > 0 ? MemberBandId : null, UtcDates.ToUtc(StartDate), UtcDates.ToUtc(EndDate), Unshipped, Name, OriginId);
        if (query.StartUtc is { } start && query.EndUtc is { } end && end <= start)
            ThrowTerminatingError(ErrorRecords.DateRangeInvalid(nameof(StartDate), start, nameof(EndDate), end, EndDate));
        var connection = ActiveConnection;
        if (!TryOrWriteError(() => RunEngine(token => connection.Merch.GetOrdersAsync(query, token)), query, out var rows)) return;
        MerchRows.Write(this, rows, _written, r => r.SaleItemId);
    }
}
