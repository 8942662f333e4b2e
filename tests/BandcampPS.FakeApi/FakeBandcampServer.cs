using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BandcampPS.FakeApi;

/// <summary>
/// A loopback HTTP server that behaves like Bandcamp's label API (OAuth, my_bands, sales reports)
/// including its quirks and failure modes, for the product's tests. Start one per test or fixture.
/// </summary>
public sealed class FakeBandcampServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly FakeServerState _state;

    private FakeBandcampServer(WebApplication app, FakeServerState state, Uri baseUri)
    {
        _app = app;
        _state = state;
        BaseUri = baseUri;
    }

    /// <summary>e.g. http://127.0.0.1:41234/ — the stand-in for https://bandcamp.com/.</summary>
    public Uri BaseUri { get; }
    public FakeBandcampOptions Options => _state.Options;
    public FakeFaults Faults => _state.Faults;
    public FakeStats Stats => _state.Stats;
    public FakeSalesData Sales => _state.Sales;

    /// <summary>Merch stock, SKUs and orders, as the merchorders methods change them.</summary>
    public FakeMerchState Merch => _state.Merch;

    /// <summary>The secret the token endpoint accepts now (changes with <see cref="RegenerateClient"/>).</summary>
    public string ClientSecret => _state.Tokens.ClientSecret;

    public static async Task<FakeBandcampServer> StartAsync(FakeBandcampOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var state = new FakeServerState(options);

        // The empty builder reads no appsettings or environment, and logs nothing: per-request
        // console logging would dominate the time of a 100k-row report.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port);
            kestrel.AddServerHeader = false;
        });
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton<IHostLifetime, NoopHostLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));

        var app = builder.Build();
        MapEverything(app, state);
        await app.StartAsync(ct);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        return new FakeBandcampServer(app, state, new Uri($"http://127.0.0.1:{port}/"));
    }

    /// <summary>Like regenerating the client under Settings → API Access: new secret, all grants and tokens dropped.</summary>
    public void RegenerateClient(string newSecret) => _state.Tokens.RegenerateClient(newSecret);

    /// <summary>Every access token issued so far now answers 401 (and no longer holds a lenient grant live).</summary>
    public void ExpireAllAccessTokens() => _state.Tokens.ExpireAllAccessTokens();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static void MapEverything(WebApplication app, FakeServerState state)
    {
        var control = new FakeControlEndpoint(state, state.Tokens.RegenerateClient, state.Tokens.ExpireAllAccessTokens);
        app.Use(async (context, next) =>
        {
            if (!await control.TryHandleAsync(context)) await next(context);
        });
        app.Use(new StatsMiddleware(state.Stats).InvokeAsync);
        app.Use(new FaultMiddleware(state.Faults, state.Options).InvokeAsync);
        app.Use(new ApiGuardMiddleware(state.Tokens, state.Stats).InvokeAsync);

        app.MapPost(Routes.Token, new TokenEndpoint(state).HandleAsync);
        app.MapPost(Routes.MyBands, new MyBandsEndpoint(state).HandleAsync);
        app.MapPost(Routes.SalesReport, new SalesReportEndpoint(state).HandleAsync);
        var async = new AsyncReportEndpoints(state);
        app.MapPost(Routes.GenerateSalesReport, async.GenerateAsync);
        app.MapPost(Routes.FetchSalesReport, async.FetchAsync);
        var downloads = new ReportDownloadEndpoint(state);
        app.MapGet(Routes.Reports + "/{file}", downloads.DownloadAsync);
        app.MapGet(Routes.ReportRedirects + "/{file}", downloads.RedirectAsync);
        var merch = new MerchEndpoints(state);
        app.MapPost(Routes.MerchDetails, merch.GetMerchDetailsAsync);
        app.MapPost(Routes.ShippingOrigins, merch.GetShippingOriginsAsync);
        app.MapPost(Routes.Orders, merch.GetOrdersAsync);
        app.MapPost(Routes.UpdateShipped, merch.UpdateShippedAsync);
        app.MapPost(Routes.MarkDateRangeShipped, merch.MarkDateRangeShippedAsync);
        app.MapPost(Routes.UpdateQuantities, merch.UpdateQuantitiesAsync);
        app.MapPost(Routes.UpdateSku, merch.UpdateSkuAsync);
        app.MapFallback(NotFoundAsync);

        Task NotFoundAsync(HttpContext context) =>
            context.Request.Path.StartsWithSegments(Routes.ApiPrefix)
                ? JsonResponse.ApiErrorAsync(context, StatusCodes.Status404NotFound, "Unknown API method")
                : Task.FromResult(context.Response.StatusCode = StatusCodes.Status404NotFound);
    }
}
