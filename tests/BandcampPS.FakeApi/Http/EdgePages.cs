namespace BandcampPS.FakeApi;

/// <summary>
/// The HTML that bandcamp.com's CDN/bot filter answers with instead of JSON (api.md 7), so clients
/// prove they notice a non-JSON body instead of failing deep inside a JSON parser.
/// </summary>
internal static class EdgePages
{
    public const string VarnishForbidden = """
        <!DOCTYPE html>
        <html>
          <head><title>403 Forbidden</title></head>
          <body>
            <h1>Error 403 Forbidden</h1>
            <p>Forbidden</p>
            <h3>Error 54113</h3>
            <p>Details: cache-fra-etou8220096-FRA 1700000000 1234567890</p>
            <hr>
            <p>Varnish cache server</p>
          </body>
        </html>
        """;

    public const string ClientChallenge = """
        <!DOCTYPE html>
        <html lang="en">
          <head><meta charset="utf-8"><title>Client Challenge</title></head>
          <body>
            <noscript>JavaScript is disabled in your browser. Please enable JavaScript to proceed.</noscript>
            <div id="loading-error" hidden>A required part of this site couldn't load.</div>
            <script src="/_fs-ch-1T1wmsGaOgGaSxcX/script.js"></script>
          </body>
        </html>
        """;

    public static string ServerError(int status) => $"""
        <!DOCTYPE html>
        <html><head><title>{status} Server Error</title></head>
        <body><h1>{status} Server Error</h1><p>Something went wrong. Please try again later.</p></body></html>
        """;
}
