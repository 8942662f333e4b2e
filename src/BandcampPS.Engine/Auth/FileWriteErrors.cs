namespace BandcampPS.Engine.Auth;

/// <summary>
/// Tells "this folder cannot be written" (permissions, a read-only file system, a full disk) from "another process
/// holds the file", so a lock on a read-only folder fails at once instead of waiting for a holder that does not exist.
/// </summary>
internal static class FileWriteErrors
{
    // On Unix, .NET gives an IOException whose HResult is the raw errno for the errors it has no exception type for.
    private const int ErrnoNoSpace = 28;         // ENOSPC, Linux and macOS
    private const int ErrnoReadOnlyFs = 30;      // EROFS, Linux and macOS
    private const int ErrnoQuotaLinux = 122;     // EDQUOT
    private const int ErrnoQuotaMac = 69;        // EDQUOT

    // On Windows, HRESULTs from Win32 errors.
    private const int WinWriteProtect = unchecked((int)0x80070013);  // ERROR_WRITE_PROTECT
    private const int WinHandleDiskFull = unchecked((int)0x80070027); // ERROR_HANDLE_DISK_FULL
    private const int WinDiskFull = unchecked((int)0x80070070);       // ERROR_DISK_FULL

    public static bool MeansNotWritable(Exception exception) => exception switch
    {
        UnauthorizedAccessException => true,
        FileNotFoundException or DirectoryNotFoundException or PathTooLongException => false,
        IOException io => OperatingSystem.IsWindows()
            ? io.HResult is WinWriteProtect or WinHandleDiskFull or WinDiskFull
            : io.HResult is ErrnoNoSpace or ErrnoReadOnlyFs || io.HResult == (OperatingSystem.IsMacOS() ? ErrnoQuotaMac : ErrnoQuotaLinux),
        _ => false,
    };
}
