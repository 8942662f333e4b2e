using System.Management.Automation;
using System.Text.RegularExpressions;
using BandcampPS.Engine;

namespace BandcampPS.Infrastructure;

/// <summary>
/// The one way a path parameter (-Database, -ExchangeRatePath, -TokenCachePath, -Path) becomes a file-system path:
/// resolved against PowerShell's current location, and refused with BandcampPathInvalid, naming the parameter and
/// the value, when it cannot be one on this machine — a Windows path typed on Linux or macOS, a drive that does not
/// exist, another provider's path (HKLM:, Env:) — instead of failing later as an unexpected error.
/// </summary>
internal static partial class UserPaths
{
    public static string Resolve(PSCmdlet cmdlet, string parameterName, string value)
    {
        if (!OperatingSystem.IsWindows() && WindowsPath().IsMatch(value))
        {
            throw Invalid(parameterName, value,
                "it is a Windows path (a drive letter or a \\\\server\\share), and this machine is not Windows; give a path of this machine, such as ~/bandcamp/revenue.db");
        }

        string resolved;
        ProviderInfo provider;
        try
        {
            resolved = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(value, out provider, out _);
        }
        catch (Exception ex) when (ex is System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or ProviderInvocationException
                                       or NotSupportedException or ArgumentException or PSArgumentException)
        {
            throw Invalid(parameterName, value, ex.Message.TrimEnd('.'), ex);
        }

        if (provider.Name != "FileSystem")
            throw Invalid(parameterName, value, $"it is a path of PowerShell's {provider.Name} provider, not of the file system");
        if (resolved.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
            throw Invalid(parameterName, value, "it holds characters no file path may hold");
        return resolved;
    }

    private static BandcampException Invalid(string parameterName, string value, string reason, Exception? inner = null) =>
        new(BandcampErrorIds.PathInvalid, BandcampErrorKind.InvalidArgument, $"-{parameterName} '{value}' is not a path on this machine: {reason}.", value, inner);

    /// <summary>C:\…, C:/…, or \\server\share.</summary>
    [GeneratedRegex(@"^([A-Za-z]:[\\/]|\\\\[^\\]+\\)")]
    private static partial Regex WindowsPath();
}
