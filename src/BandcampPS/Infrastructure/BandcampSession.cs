using System.Management.Automation;
using BandcampPS.Engine;

namespace BandcampPS.Infrastructure;

/// <summary>The process-wide current connection that Connect-Bandcamp sets (Connect-MgGraph's "process" scope).</summary>
public static class BandcampSession
{
    private static volatile BandcampConnection? _current;

    public static BandcampConnection? Current
    {
        get => _current;
        internal set => _current = value;
    }

    /// <summary>-Connection when given, else the current connection; neither ends the command with BandcampNotConnected.</summary>
    internal static BandcampConnection Resolve(Cmdlet cmdlet, BandcampConnection? given)
    {
        if ((given ?? Current) is { } connection) return connection;
        cmdlet.ThrowTerminatingError(ErrorRecords.NotConnected());
        return null!; // not reached: ThrowTerminatingError throws
    }
}
