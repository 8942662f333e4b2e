using System.Management.Automation;
using System.Net;
using System.Security;
using BandcampPS.Engine;
using BandcampPS.Engine.Auth;
using BandcampPS.Engine.Http;
using BandcampPS.Infrastructure;

namespace BandcampPS.Commands;

/// <summary>Connects to Bandcamp with an API client id and secret (OAuth2 client credentials).</summary>
[Cmdlet(VerbsCommunications.Connect, "Bandcamp", DefaultParameterSetName = EnvironmentSet)]
[OutputType(typeof(BandcampConnection))]
public sealed class ConnectBandcampCommand : BandcampCmdlet
{
    private const string SecretSet = "ClientSecret";
    private const string CredentialSet = "Credential";
    private const string EnvironmentSet = "Environment";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = SecretSet)]
    [ValidateNotNullOrEmpty]
    public string ClientId { get; set; } = "";

    [Parameter(Mandatory = true, Position = 1, ParameterSetName = SecretSet)]
    [ValidateNotNull]
    public SecureString? ClientSecret { get; set; }

    /// <summary>User name = client id, password = client secret.</summary>
    [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
    [Credential]
    [ValidateNotNull]
    public PSCredential? Credential { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? BaseUri { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? TokenCachePath { get; set; }

    [Parameter]
    [ValidateRange(0, 10)]
    public int MaxRetryCount { get; set; } = new HttpSettings().MaxRetries;

    [Parameter]
    public TimeSpan RetryBaseDelay { get; set; } = new HttpSettings().BaseDelay;

    [Parameter]
    public TimeSpan RequestTimeout { get; set; } = new HttpSettings().AttemptTimeout;

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing() => Terminating(() =>
    {
        var options = new BandcampConnectionOptions
        {
            Credentials = ReadCredentials(),
            BaseUri = BandcampConnectionOptions.ValidateBaseUri(
                BaseUri ?? BandcampEnvironment.BaseUri ?? BandcampConnectionOptions.DefaultBaseUri),
            TokenCacheFolder = TokenCachePath is null ? null : UserPaths.Resolve(this, nameof(TokenCachePath), TokenCachePath),
            Http = new HttpSettings
            {
                MaxRetries = MaxRetryCount,
                BaseDelay = RetryBaseDelay < TimeSpan.Zero ? TimeSpan.Zero : RetryBaseDelay,
                AttemptTimeout = RequestTimeout <= TimeSpan.Zero ? new HttpSettings().AttemptTimeout : RequestTimeout,
            },
        };
        var connection = new BandcampConnection(options);
        WriteVerbose($"Connecting to {connection.BaseUri} as client {connection.ClientId}; token cache: {connection.TokenCachePath}");
        RunEngine(async token => { await connection.ConnectAsync(token).ConfigureAwait(false); return true; });
        BandcampSession.Current = connection;
        if (PassThru) WriteObject(connection);
    }, ClientIdForErrors());

    private ClientCredentials ReadCredentials()
    {
        switch (ParameterSetName)
        {
            case SecretSet:
                return new ClientCredentials(ClientId, new NetworkCredential("", ClientSecret).Password);
            case CredentialSet:
                return new ClientCredentials(Credential!.UserName, Credential.GetNetworkCredential().Password);
            default:
                var id = BandcampEnvironment.ClientId;
                var secret = BandcampEnvironment.ClientSecret;
                if (id is null || secret is null)
                    throw new BandcampException(BandcampErrorIds.CredentialsMissing, BandcampErrorKind.InvalidArgument,
                        $"No Bandcamp credentials: pass -ClientId and -ClientSecret, or -Credential, or set the {BandcampEnvironment.ClientIdVariable} and {BandcampEnvironment.ClientSecretVariable} environment variables.");
                return new ClientCredentials(id, secret);
        }
    }

    private string? ClientIdForErrors() => ParameterSetName switch
    {
        SecretSet => ClientId,
        CredentialSet => Credential?.UserName,
        _ => BandcampEnvironment.ClientId,
    };
}
