using System.Globalization;
using System.Management.Automation;
using BandcampPS.Engine;
using BandcampPS.Engine.Merch;
using BandcampPS.Infrastructure;

namespace BandcampPS.Commands;

/// <summary>
/// Marks merch orders shipped, with carrier and tracking code: order items (-SaleItemId, bound by name from
/// Get-BandcampOrder or a carrier's CSV), whole payments (-PaymentId), or every unshipped order of a band up to a
/// date (-EndDate, mark_date_range_as_shipped). Items go in batches (update_shipped); one refused item is one error
/// and the others go through. -WhatIf sends nothing.
/// </summary>
[Cmdlet(VerbsCommon.Set, "BandcampOrderShipped", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = SaleItemSet)]
[OutputType(typeof(BandcampOrderShipment))]
public sealed class SetBandcampOrderShippedCommand : BandcampConnectedCmdlet
{
    private UpdateBatch<BandcampOrderShipment>? _batch;

    private UpdateBatch<BandcampOrderShipment> Batch => _batch ??= new(this, () => ActiveConnection, CancellationToken,
        (merch, items, applied, refused, token) => merch.UpdateShippedAsync(items, applied, refused, token), MerchRefusals.Shipment);

    protected override void EndProcessing() => _batch?.Flush();

    private const string SaleItemSet = "SaleItem";
    private const string PaymentSet = "Payment";
    private const string DateRangeSet = "DateRange";

    [Parameter(Mandatory = true, ParameterSetName = SaleItemSet, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, long.MaxValue)]
    public long SaleItemId { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = PaymentSet, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, long.MaxValue)]
    public long PaymentId { get; set; }

    [Parameter(ParameterSetName = SaleItemSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = PaymentSet, ValueFromPipelineByPropertyName = true)]
    public string? Carrier { get; set; }

    [Parameter(ParameterSetName = SaleItemSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = PaymentSet, ValueFromPipelineByPropertyName = true)]
    [Alias("Tracking", "TrackingNumber")]
    public string? TrackingCode { get; set; }

    /// <summary>Default: today (Bandcamp's default). A date without a time zone is taken as UTC.</summary>
    [Parameter(ParameterSetName = SaleItemSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = PaymentSet, ValueFromPipelineByPropertyName = true)]
    public DateTime? ShipDate { get; set; }

    /// <summary>E-mail the buyer (-Notify) or not (-Notify:$false); absent: the seller's default setting.</summary>
    [Parameter]
    public SwitchParameter Notify { get; set; }

    [Parameter(ParameterSetName = SaleItemSet)]
    [Parameter(ParameterSetName = PaymentSet)]
    [ValidateNotNullOrEmpty]
    public string? NotificationMessage { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = DateRangeSet)]
    [ValidateRange(1, long.MaxValue)]
    public long BandId { get; set; }

    [Parameter(ParameterSetName = DateRangeSet)]
    public long? MemberBandId { get; set; }

    [Parameter(ParameterSetName = DateRangeSet)]
    public DateTime? StartDate { get; set; }

    /// <summary>Orders placed before this date are marked; it must be in the past.</summary>
    [Parameter(Mandatory = true, ParameterSetName = DateRangeSet)]
    public DateTime EndDate { get; set; }

    [Parameter(ParameterSetName = DateRangeSet)]
    public long? OriginId { get; set; }

    /// <summary>Skips the confirmation that marking a whole date range asks for.</summary>
    [Parameter(ParameterSetName = DateRangeSet)]
    public SwitchParameter Force { get; set; }

    private bool? NotifyValue => MyInvocation.BoundParameters.ContainsKey(nameof(Notify)) ? Notify.IsPresent : null;

    protected override void ProcessRecord()
    {
        if (ParameterSetName == DateRangeSet)
        {
            MarkDateRange();
            return;
        }
        var shipment = new BandcampOrderShipment
        {
            SaleItemId = ParameterSetName == SaleItemSet ? SaleItemId : null,
            PaymentId = ParameterSetName == PaymentSet ? PaymentId : null,
            ShipDate = UtcDates.ToUtc(ShipDate),
            Carrier = string.IsNullOrWhiteSpace(Carrier) ? null : Carrier.Trim(),
            TrackingCode = string.IsNullOrWhiteSpace(TrackingCode) ? null : TrackingCode.Trim(),
            Notify = NotifyValue,
            NotificationMessage = NotificationMessage,
        };
        if (ShouldProcess(shipment.ToString(), Describe(shipment))) Batch.Enqueue(shipment);
    }

    private static string Describe(BandcampOrderShipment s) =>
        "Mark shipped" + (s.ShipDate is { } d ? $" on {d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}" : "")
        + (s.Carrier is null ? "" : $" with {s.Carrier}") + (s.TrackingCode is null ? "" : $", tracking {s.TrackingCode}")
        + (s.Notify switch { true => ", e-mailing the buyer", false => ", without e-mailing the buyer", _ => "" });

    private void MarkDateRange()
    {
        var end = UtcDates.ToUtc(EndDate);
        var start = UtcDates.ToUtc(StartDate);
        if (start is { } from && end <= from) ThrowTerminatingError(ErrorRecords.DateRangeInvalid(nameof(StartDate), from, nameof(EndDate), end, EndDate));
        if (end > UtcNow)
            ThrowTerminatingError(ErrorRecords.Create(BandcampErrorIds.DateRangeInvalid, ErrorCategory.InvalidArgument,
                $"-EndDate {end:yyyy-MM-dd HH:mm:ss}Z is in the future; Bandcamp marks only orders up to a past date.", EndDate));
        var range = new DateRangeShipment(BandId, end, MemberBandId is > 0 ? MemberBandId : null, start, OriginId, NotifyValue);

        // High impact, like deleting: asks even when $ConfirmPreference is left at High, unless -Force or -Confirm:$false
        // (or $ConfirmPreference = 'None', which says never to ask).
        if (!ShouldProcess(range.ToString(), "Mark every unshipped order shipped")) return;
        var preference = SessionState.PSVariable.GetValue("ConfirmPreference") is ConfirmImpact p ? p : ConfirmImpact.High;
        if (preference != ConfirmImpact.None && !ConfirmedOrForced(Force,
                $"Every unshipped order of {range} will be marked shipped{(NotifyValue == true ? " and its buyer e-mailed" : "")}. Continue?",
                "Mark Bandcamp orders shipped",
                ex => new BandcampException(BandcampErrorIds.ShipNotConfirmed, BandcampErrorKind.InvalidOperation,
                    $"Marking every unshipped order of {range} shipped needs a confirmation this session cannot ask for (non-interactive). " +
                    "Add -Force (or -Confirm:$false) to mark them without asking. Nothing was marked shipped.", range.ToString(), ex)))
        {
            WriteVerbose("Nothing was marked shipped.");
            return;
        }

        var connection = ActiveConnection;
        if (!TryOrWriteError(() => RunEngine(token => connection.Merch.MarkDateRangeShippedAsync(range, token)), range, out var marked)) return;
        foreach (var shipment in marked) WriteObject(shipment);
    }
}
