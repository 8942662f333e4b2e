using System.Net;
using System.Net.Sockets;

namespace BandcampPS.Module.Tests;

/// <summary>
/// A one-file HTTP server on 127.0.0.1 for download tests (and for "some other web site"): answers every request with
/// <see cref="Status"/>, <see cref="ContentType"/> and <see cref="Body"/>, which a test may change between requests.
/// </summary>
public sealed class LoopbackFileServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public LoopbackFileServer(byte[] body)
    {
        Body = body;
        var port = FreePort();
        Uri = new Uri($"http://127.0.0.1:{port}/stats/eurofxref/eurofxref-hist.zip");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri Uri { get; }
    public byte[] Body { get; set; }
    public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;
    public string ContentType { get; set; } = "application/zip";
    public int Requests { get; private set; }
    public string? LastUserAgent { get; private set; }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            Requests++;
            LastUserAgent = context.Request.UserAgent;
            var body = Body;
            context.Response.StatusCode = (int)Status;
            context.Response.ContentType = ContentType;
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }
}
