using System.Net;

namespace BandcampPS.Engine.Http;

/// <summary>
/// What it means when Bandcamp's API answers with a web page instead of JSON, told apart by status and page:
/// <list type="bullet">
/// <item>5xx (after the retries): the server failed — BandcampServerError, try again later.</item>
/// <item>403 (the Varnish bot-filter page), 200 "Client Challenge", other 4xx: the edge blocks the client — BandcampBlocked.</item>
/// <item>any other 2xx page, 404, 405, 410: the base URI points at some other web site — BandcampBaseUriNotApi.</item>
/// </list>
/// </summary>
internal static class WebPageAnswer
{
    /// <summary>Enough of a page for its title and the challenge script's path; an error page can be large.</summary>
    public const int SampleChars = 32 * 1024;

    private const string DefaultBaseUri = BandcampConnectionOptions.DefaultBaseUri;

    public static bool IsWebPage(string? mediaType) => mediaType is "text/html" or "application/xhtml+xml";

    public static BandcampException Classify(int status, string page, string description, int attempts, Uri? baseUri)
    {
        var title = HtmlTitle(page);
        var shown = $"HTTP {status}{(title is null ? "" : $", '{title}'")}";
        if (status >= 500)
        {
            return new BandcampException(BandcampErrorIds.ServerError, BandcampErrorKind.ResourceUnavailable,
                $"Bandcamp answered {description} with a server error page ({shown}) after {attempts} attempt(s): the fault is on the " +
                "server's side (Bandcamp's, or a proxy's on the way), not a block of this client. Try again later; if it lasts for hours, " +
                "contact Bandcamp support with this message.", description);
        }
        if (IsWrongSite(status, title, page))
        {
            var where = baseUri?.AbsoluteUri ?? "the base URI";
            return new BandcampException(BandcampErrorIds.BaseUriNotApi, BandcampErrorKind.InvalidArgument,
                $"{Capitalised(description)} was answered by a plain web page ({shown}) instead of Bandcamp's API: {where} does not look like " +
                $"Bandcamp's API. Bandcamp's is {DefaultBaseUri} (Connect-Bandcamp's default); check -BaseUri and the " +
                $"{BandcampEnvironment.BaseUriVariable} environment variable.", baseUri?.AbsoluteUri ?? description);
        }
        return new BandcampBlockedException(description, status, title);
    }

    /// <summary>A page that answers a POST to the API with success or "not here" is some other site, unless it is Bandcamp's challenge.</summary>
    private static bool IsWrongSite(int status, string? title, string page) => status switch
    {
        >= 200 and < 300 => !IsClientChallenge(title, page),
        (int)HttpStatusCode.NotFound or (int)HttpStatusCode.MethodNotAllowed or (int)HttpStatusCode.Gone => true,
        _ => false,
    };

    /// <summary>Bandcamp's JavaScript "Client Challenge" page (api.md 7): its title, or the path of its script.</summary>
    private static bool IsClientChallenge(string? title, string page) =>
        string.Equals(title, "Client Challenge", StringComparison.OrdinalIgnoreCase) || page.Contains("/_fs-ch-", StringComparison.Ordinal);

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    internal static string? HtmlTitle(string html)
    {
        var start = html.IndexOf("<title>", StringComparison.OrdinalIgnoreCase);
        if (start < 0) return null;
        start += "<title>".Length;
        var end = html.IndexOf("</title>", start, StringComparison.OrdinalIgnoreCase);
        if (end < 0) return null;
        var title = WebUtility.HtmlDecode(html[start..end]).Trim();
        return title.Length > 120 ? title[..120] : title;
    }
}
