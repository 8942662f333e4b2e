namespace BandcampPS.FakeApi;

/// <summary>
/// A request the delay knob is holding back (<see cref="FakeFaults.DelayNext"/>): a test awaits it as the signal that
/// the client is now waiting on the server, then learns how the wait ended, with no clock or sleep involved.
/// </summary>
public sealed class HeldRequest(string path)
{
    private readonly TaskCompletionSource<bool> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Path { get; } = path;

    /// <summary>Completes when the hold ends: true when the client gave up (cancelled, disconnected) first, false when the delay ran out.</summary>
    public Task<bool> ClientGaveUp => _ended.Task;

    internal void End(bool clientGaveUp) => _ended.TrySetResult(clientGaveUp);
}
