using Microsoft.Extensions.Hosting;

namespace BandcampPS.FakeApi;

/// <summary>
/// Keeps the embedded host from hooking Ctrl+C/SIGTERM: inside a test run that belongs to the test
/// host, and the command-line runner handles it itself.
/// </summary>
internal sealed class NoopHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
