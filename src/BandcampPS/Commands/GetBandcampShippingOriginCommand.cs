using System.Management.Automation;
using BandcampPS.Engine.Merch;
using BandcampPS.Infrastructure;

namespace BandcampPS.Commands;

/// <summary>Lists the places merch ships from (get_shipping_origin_details): the OriginId the other merch cmdlets take.</summary>
[Cmdlet(VerbsCommon.Get, "BandcampShippingOrigin")]
[OutputType(typeof(BandcampShippingOrigin))]
public sealed class GetBandcampShippingOriginCommand : BandcampConnectedCmdlet
{
    /// <summary>Only this band's origins; default: every origin the client may use.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    public long? BandId { get; set; }

    [Parameter]
    public long? OriginId { get; set; }

    private readonly HashSet<long> _written = [];

    protected override void ProcessRecord()
    {
        var connection = ActiveConnection;
        if (!TryOrWriteError(() => RunEngine(token => connection.Merch.GetShippingOriginsAsync(BandId is > 0 ? BandId : null, OriginId, token)), BandId, out var rows)) return;
        MerchRows.Write(this, rows, _written, r => r.OriginId);
    }
}
