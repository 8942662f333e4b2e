using System.Management.Automation;
using BandcampPS.Engine.Diagnostics;

namespace BandcampPS.Infrastructure;

/// <summary>
/// Engine messages written straight to a cmdlet's streams, for engine work that runs on the pipeline thread itself
/// (reading a CSV file); work on other threads goes through <see cref="PipelineQueue"/> instead.
/// </summary>
internal sealed class CmdletLog(Cmdlet cmdlet) : IBandcampLog
{
    public void Verbose(string message) => cmdlet.WriteVerbose(message);
    public void Warning(string message) => cmdlet.WriteWarning(message);
    public void Debug(string message) => cmdlet.WriteDebug(message);
}
