namespace BandcampPS.Engine.Auth;

/// <summary>
/// An exclusive lock shared by every process on the machine: a lock file opened with FileShare.None
/// (Windows share modes; flock on Unix). Two scheduled jobs starting together take turns instead of
/// both asking Bandcamp for a grant. A lock file that cannot be created at all (a read-only folder or file system)
/// is not waited for: the IOException or UnauthorizedAccessException is thrown at once.
/// </summary>
public sealed class CrossProcessFileLock : IDisposable
{
    private readonly FileStream _stream;

    private CrossProcessFileLock(FileStream stream) => _stream = stream;

    /// <param name="holder">Who else may hold it, for the timeout message; the token cache unless said otherwise.</param>
    public static async Task<CrossProcessFileLock> AcquireAsync(string lockPath, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken,
        string errorId = BandcampErrorIds.TokenCacheLocked, string holder = "the token cache lock")
    {
        var deadline = time.GetUtcNow() + timeout;
        var wait = TimeSpan.FromMilliseconds(25);
        while (true)
        {
            try
            {
                var stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                return new CrossProcessFileLock(stream);
            }
            catch (IOException ex) when (IsHeldElsewhere(ex) && time.GetUtcNow() < deadline)
            {
                // Held by another process: poll, backing off up to half a second.
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
                wait = TimeSpan.FromMilliseconds(Math.Min(wait.TotalMilliseconds * 2, 500));
            }
            catch (IOException ex) when (IsHeldElsewhere(ex))
            {
                throw new BandcampException(errorId, BandcampErrorKind.ResourceBusy,
                    $"Another process has held {holder} '{lockPath}' for more than {timeout.TotalSeconds:0} s.", lockPath, ex);
            }
        }
    }

    private static bool IsHeldElsewhere(IOException ex) =>
        ex is not (DirectoryNotFoundException or PathTooLongException) && !FileWriteErrors.MeansNotWritable(ex);

    public void Dispose() => _stream.Dispose();
}
