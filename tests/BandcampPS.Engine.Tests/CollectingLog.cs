using System.Collections.Concurrent;
using BandcampPS.Engine.Diagnostics;

namespace BandcampPS.Engine.Tests;

public sealed class CollectingLog : IBandcampLog
{
    public ConcurrentQueue<string> Verbose { get; } = new();
    public ConcurrentQueue<string> Warnings { get; } = new();
    public ConcurrentQueue<string> Debugs { get; } = new();

    void IBandcampLog.Verbose(string message) => Verbose.Enqueue(message);
    public void Warning(string message) => Warnings.Enqueue(message);
    public void Debug(string message) => Debugs.Enqueue(message);

    public string All => string.Join("\n", Verbose.Concat(Warnings).Concat(Debugs));
}
