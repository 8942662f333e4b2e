using System.Management.Automation;
using BandcampPS.Engine.Bands;
using BandcampPS.Infrastructure;

namespace BandcampPS.Commands;

/// <summary>Lists the bands and labels the credentials manage (account/1/my_bands).</summary>
[Cmdlet(VerbsCommon.Get, "BandcampBand")]
[OutputType(typeof(BandcampBand))]
public sealed class GetBandcampBandCommand : BandcampConnectedCmdlet
{
    /// <summary>Also emit every member band of each label, with the label's BandId and the member's MemberBandId.</summary>
    [Parameter]
    public SwitchParameter IncludeMemberBands { get; set; }

    protected override void EndProcessing()
    {
        var connection = ActiveConnection;
        var bands = Terminating(() => RunEngine(token => connection.GetBandsAsync(IncludeMemberBands, token)), connection);
        foreach (var band in bands) WriteObject(band);
    }
}
