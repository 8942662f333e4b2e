namespace BandcampPS.Engine.Diagnostics;

/// <summary>
/// Where the engine says what it is doing. The cmdlets queue these onto the pipeline thread
/// (Write-Verbose/Write-Warning/Write-Debug); tests collect them. Never pass a secret.
/// </summary>
public interface IBandcampLog
{
    void Verbose(string message);
    void Warning(string message);
    void Debug(string message);
}

/// <summary>Discards everything: the default when nobody listens.</summary>
public sealed class NullBandcampLog : IBandcampLog
{
    public static readonly NullBandcampLog Instance = new();
    public void Verbose(string message) { }
    public void Warning(string message) { }
    public void Debug(string message) { }
}
