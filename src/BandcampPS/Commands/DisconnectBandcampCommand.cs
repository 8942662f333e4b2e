using System.Management.Automation;
using BandcampPS.Engine;
using BandcampPS.Infrastructure;

namespace BandcampPS.Commands;

/// <summary>Forgets the current Bandcamp connection and, with -ClearTokenCache, deletes its token cache file.</summary>
[Cmdlet(VerbsCommunications.Disconnect, "Bandcamp", SupportsShouldProcess = true)]
[OutputType(typeof(void))]
public sealed class DisconnectBandcampCommand : BandcampCmdlet
{
    [Parameter(ValueFromPipeline = true)]
    public BandcampConnection? Connection { get; set; }

    [Parameter]
    public SwitchParameter ClearTokenCache { get; set; }

    protected override void ProcessRecord()
    {
        var connection = Connection ?? BandcampSession.Current;
        if (connection is null)
        {
            WriteError(ErrorRecords.NotConnected());
            return;
        }
        // -WhatIf changes nothing: not the token cache, and not the current connection either.
        var path = ClearTokenCache ? connection.TokenCachePath : null;
        if (!ShouldProcess(path ?? connection.ToString(), path is null ? "Disconnect from Bandcamp" : "Disconnect from Bandcamp and delete the token cache"))
            return;
        if (path is not null)
        {
            if (connection.Forget(deleteTokenCache: true)) WriteVerbose($"Deleted the token cache '{path}'.");
        }
        else
        {
            connection.Forget(deleteTokenCache: false);
        }
        if (ReferenceEquals(connection, BandcampSession.Current)) BandcampSession.Current = null;
        WriteVerbose($"Disconnected {connection}.");
    }
}
