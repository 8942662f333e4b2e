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
}
