namespace BandcampPS.Engine;

/// <summary>
/// What kind of failure an engine exception is. The cmdlet layer maps it to a PowerShell
/// ErrorCategory in one place, so the engine stays free of PowerShell types.
/// </summary>
public enum BandcampErrorKind
{
    NotSpecified,
    InvalidArgument,
    InvalidData,
    Authentication,
    ConnectionError,
    ResourceBusy,
    LimitsExceeded,
    ProtocolError,
    ResourceUnavailable,
    WriteError,
    ObjectNotFound,
    InvalidOperation,
    PermissionDenied,
}

/// <summary>
/// Base of every failure the engine reports on purpose: a stable ErrorId (what scripts match on),
/// a kind, and the object the failure is about. Messages never carry secrets.
/// </summary>
public class BandcampException : Exception
{
    public BandcampException(string errorId, BandcampErrorKind kind, string message, object? target = null, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
        Kind = kind;
        Target = target;
    }

    public string ErrorId { get; }
    public BandcampErrorKind Kind { get; }
    public object? Target { get; }
}

/// <summary>Bandcamp answered with its error envelope ({"error": true, "error_message": ...}), often with HTTP 200.</summary>
public sealed class BandcampApiException(string method, string bandcampMessage, int statusCode)
    : BandcampException(statusCode == 401 ? BandcampErrorIds.Unauthorized : BandcampErrorIds.ApiError,
        statusCode == 401 ? BandcampErrorKind.Authentication : BandcampErrorKind.InvalidArgument,
        $"Bandcamp refused {method}: {bandcampMessage}", method)
{
    public string BandcampMessage { get; } = bandcampMessage;
    public int StatusCode { get; } = statusCode;
}

/// <summary>The token endpoint refused a grant ({"error": code, "error_description": ...}).</summary>
public sealed class BandcampTokenException(string errorCode, string? description, string message)
    : BandcampException(errorCode == "invalid_client" ? BandcampErrorIds.InvalidClient : BandcampErrorIds.TokenRefused,
        BandcampErrorKind.Authentication, message)
{
    public string ErrorCode { get; } = errorCode;
    public string? Description { get; } = description;
}

/// <summary>Bandcamp keeps one live grant per API client and refused a second one.</summary>
public sealed class BandcampDuplicateGrantException(string clientId, int attempts)
    : BandcampException(BandcampErrorIds.DuplicateGrant, BandcampErrorKind.Authentication,
        $"Bandcamp refused a new token for client {clientId} with 'duplicate_grant' after {attempts} attempt(s): " +
        "another process or machine holds the one live grant Bandcamp allows per API client, or its tokens were lost. " +
        $"Let only one machine use this client id and share its token cache (-TokenCachePath / {BandcampEnvironment.TokenCacheVariable}); " +
        "if the tokens are lost, wait for the old access token to expire (up to an hour) or regenerate the client secret " +
        "under Settings > API Access on bandcamp.com and connect with the new secret.", clientId)
{
    public string ClientId { get; } = clientId;
}

/// <summary>Bandcamp's edge answered with an HTML page (a block or a browser challenge) instead of JSON (see Http.WebPageAnswer).</summary>
public sealed class BandcampBlockedException(string path, int statusCode, string? title)
    : BandcampException(BandcampErrorIds.Blocked, BandcampErrorKind.ResourceUnavailable,
        $"Bandcamp answered {path} with an HTML page (HTTP {statusCode}{(title is null ? "" : $", '{title}'")}) instead of JSON: " +
        "its edge is blocking or challenging this client. Wait before retrying; if it persists, run from another network " +
        "or contact Bandcamp support with this message.", path)
{
    public int StatusCode { get; } = statusCode;
}

/// <summary>A response could not be read: truncated, malformed, or retries ran out.</summary>
public sealed class BandcampTransportException(string message, object? target = null, Exception? inner = null)
    : BandcampException(BandcampErrorIds.TransportFailed, BandcampErrorKind.ConnectionError, message, target, inner);
