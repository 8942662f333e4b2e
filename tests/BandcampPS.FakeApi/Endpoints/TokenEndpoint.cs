using Microsoft.AspNetCore.Http;

namespace BandcampPS.FakeApi;

/// <summary>
/// POST /oauth_token, form-encoded only (api.md 2): client_credentials and refresh_token grants.
/// Errors are <c>{"ok":false,"error":code,"error_description":…}</c> with the configured status.
/// </summary>
internal sealed class TokenEndpoint(FakeServerState state)
{
    public async Task HandleAsync(HttpContext context)
    {
        var outcome = await DecideAsync(context);
        if (outcome.Tokens is { } tokens)
        {
            await JsonResponse.WriteAsync(context, StatusCodes.Status200OK, json =>
            {
                json.WriteBoolean("ok", true);
                json.WriteString("access_token", tokens.AccessToken);
                json.WriteString("refresh_token", tokens.RefreshToken);
                json.WriteString("token_type", "bearer");
                json.WriteNumber("expires_in", tokens.ExpiresInSeconds);
            });
            return;
        }
        if (outcome.Error == "duplicate_grant") state.Stats.CountDuplicateGrantError();
        await JsonResponse.WriteAsync(context, state.Options.TokenErrorStatusCode, json =>
        {
            json.WriteBoolean("ok", false);
            json.WriteString("error", outcome.Error);
            json.WriteString("error_description", outcome.Description);
        });
    }

    private async Task<TokenOutcome> DecideAsync(HttpContext context)
    {
        if (!IsUrlEncodedForm(context.Request.ContentType))
            return TokenOutcome.Fail("invalid_request", "The token endpoint takes an application/x-www-form-urlencoded body.");

        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(context.RequestAborted);
        }
        catch (InvalidDataException)
        {
            return TokenOutcome.Fail("invalid_request", "The form body could not be read.");
        }
        string? Field(string name) => form.TryGetValue(name, out var v) ? v.ToString() : null;

        switch (Field("grant_type"))
        {
            case "client_credentials":
                var granted = state.Tokens.ClientCredentials(Field("client_id"), Field("client_secret"), state.Faults.TakeDuplicateGrant);
                if (granted.Tokens is not null) state.Stats.CountClientCredentialsGrant();
                return granted;
            case "refresh_token":
                var refreshed = state.Tokens.Refresh(Field("client_id"), Field("client_secret"), Field("refresh_token"));
                if (refreshed.Tokens is not null) state.Stats.CountRefreshGrant();
                return refreshed;
            default:
                return TokenOutcome.Fail("unsupported_grant_type", "grant_type must be client_credentials or refresh_token.");
        }
    }

    private static bool IsUrlEncodedForm(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
        && media.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
}
