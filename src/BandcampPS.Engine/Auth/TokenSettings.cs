namespace BandcampPS.Engine.Auth;

public sealed record TokenSettings
{
    /// <summary>Tokens are renewed this long before they expire (clients seen renew 1 to 5 minutes early).</summary>
    public TimeSpan RenewBefore { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Attempts at a client_credentials grant answered with duplicate_grant before giving up.</summary>
    public int DuplicateGrantAttempts { get; init; } = 3;

    /// <summary>Wait after the first duplicate_grant; doubles each time. Another process may be mid-refresh.</summary>
    public TimeSpan DuplicateGrantDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long to wait for another process holding the token cache lock.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
