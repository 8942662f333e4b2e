namespace BandcampPS.Engine.Auth;

/// <summary>
/// A Bandcamp API client id and its secret. The secret is only handed to the token endpoint's form body;
/// ToString and every message show the client id alone.
/// </summary>
public sealed class ClientCredentials
{
    private readonly string _secret;

    public ClientCredentials(string clientId, string secret)
    {
        if (string.IsNullOrWhiteSpace(clientId)) throw new ArgumentException("The client id is empty.", nameof(clientId));
        if (string.IsNullOrEmpty(secret)) throw new ArgumentException("The client secret is empty.", nameof(secret));
        ClientId = clientId.Trim();
        _secret = secret;
    }

    public string ClientId { get; }

    internal string Secret => _secret;

    public override string ToString() => $"Bandcamp client {ClientId}";
}
