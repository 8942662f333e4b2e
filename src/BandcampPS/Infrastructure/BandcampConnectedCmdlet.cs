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

    protected BandcampConnection ActiveConnection => _resolved ??= Connection ?? BandcampSession.Current ?? Fail();

    private BandcampConnection Fail()
    {
        ThrowTerminatingError(ErrorRecords.NotConnected());
        return null!;
    }

    /// <summary>
    /// Authentication failures end the command (every later call would fail the same way); anything else is one
    /// error about one input, and the next input is still tried.
    /// </summary>
    protected void WriteEngineError(Exception exception, object? target)
    {
        var record = ErrorRecords.From(exception, target);
        if (exception is BandcampException { Kind: BandcampErrorKind.Authentication } or BandcampDuplicateGrantException)
            ThrowTerminatingError(record);
        WriteError(record);
    }
}
