using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ressursvenn.BrowserTests.Infrastructure;

/// <summary>
/// Stands in for the neutral public site that quick exit sends the browser to (the machine has no internet,
/// so the real weather site cannot load): one page titled "Været" on a free loopback port.
/// </summary>
public sealed class NeutralSite : IAsyncDisposable
{
    public const string Title = "Været";

    private readonly WebApplication app;

    private NeutralSite(WebApplication app, string url)
    {
        this.app = app;
        Url = url;
    }

    /// <summary>The neutral page's address, e.g. http://127.0.0.1:41234/neutral.</summary>
    public string Url { get; }

    public static async Task<NeutralSite> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/neutral", () => Results.Content(
            $"<!DOCTYPE html><html lang=\"nb\"><head><meta charset=\"utf-8\"><title>{Title}</title></head>" +
            $"<body><main><h1>{Title}</h1><p>Sol og lett bris.</p></main></body></html>",
            "text/html; charset=utf-8"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new NeutralSite(app, address.TrimEnd('/') + "/neutral");
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
