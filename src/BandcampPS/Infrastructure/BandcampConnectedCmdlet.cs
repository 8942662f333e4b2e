using System.Management.Automation;
using BandcampPS.Engine;

namespace BandcampPS.Infrastructure;

/// <summary>Base of the cmdlets that call Bandcamp: -Connection, or the current connection, or a clear error.</summary>
public abstract class BandcampConnectedCmdlet : BandcampCmdlet
{
    /// <summary>The connection to use instead of the current one (from Connect-Bandcamp -PassThru).</summary>
    [Parameter]
    public BandcampConnection? Connection { get; set; }

    private BandcampConnection? _resolved;

    protected BandcampConnection ActiveConnection => _resolved ??= BandcampSession.Resolve(this, Connection);
}
