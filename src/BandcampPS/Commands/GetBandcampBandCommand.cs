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
        IReadOnlyList<BandcampBand> bands;
        try
        {
            bands = RunEngine(token => connection.GetBandsAsync(IncludeMemberBands, token));
        }
        catch (PipelineStoppedException) { throw; }
        catch (Exception ex) when (ex is not PipelineStoppedException)
        {
            ThrowTerminatingError(ErrorRecords.From(ex, connection));
            return;
        }
        foreach (var band in bands) WriteObject(band);
    }
}
