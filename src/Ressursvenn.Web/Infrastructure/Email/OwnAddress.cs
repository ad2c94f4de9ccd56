using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Ressursvenn.Web.Infrastructure.Email;

/// <summary>
/// The app's own listening address, for links in Development when no public address is configured: the address the
/// server really listens on, else the configured one (urls / ASPNETCORE_URLS / ASPNETCORE_HTTP_PORTS), else
/// Kestrel's default http://localhost:5000. A wildcard host (+, *, 0.0.0.0, [::]) becomes localhost.
/// </summary>
public sealed class OwnAddress(IServer server, IConfiguration configuration)
{
    public const string KestrelDefault = "http://localhost:5000";

    public string BaseUrl()
    {
        var listening = server.Features.Get<IServerAddressesFeature>()?.Addresses
            .OrderBy(a => a.StartsWith("https", StringComparison.Ordinal) ? 1 : 0).FirstOrDefault();
        var configured = configuration["urls"]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        var port = configuration["http_ports"]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        var address = listening ?? configured ?? (port is null ? KestrelDefault : $"http://localhost:{port}");
        return Normalise(address);
    }

    private static string Normalise(string address)
    {
        var schemeEnd = address.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            return KestrelDefault;
        }

        var rest = address[(schemeEnd + 3)..];
        var portStart = rest.StartsWith('[') ? rest.IndexOf("]:", StringComparison.Ordinal) + 1 : rest.LastIndexOf(':');
        var host = portStart > 0 ? rest[..portStart] : rest.TrimEnd('/');
        var tail = portStart > 0 ? rest[portStart..].TrimEnd('/') : string.Empty;
        if (host is "+" or "*" or "0.0.0.0" or "[::]")
        {
            host = "localhost";
        }

        return address[..(schemeEnd + 3)] + host + tail;
    }
}
