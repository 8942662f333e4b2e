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
        // -WhatIf leaves the session and the cache file as they are: each change asks first.
        if (ClearTokenCache && connection.TokenCachePath is { } path)
        {
            if (!ShouldProcess(path, "Disconnect and delete the Bandcamp token cache")) return;
            if (connection.Forget(deleteTokenCache: true)) WriteVerbose($"Deleted the token cache '{path}'.");
        }
        else
        {
            if (!ShouldProcess(connection.ToString(), "Disconnect")) return;
            connection.Forget(deleteTokenCache: false);
        }
        if (ReferenceEquals(connection, BandcampSession.Current)) BandcampSession.Current = null;
        WriteVerbose($"Disconnected {connection}.");
    }
}
