using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.IntegrationTests.Security;

/// <summary>SR13: the browser-side protections on every response, and the cookie rules, for every GET route of the app.</summary>
public sealed class HeaderTests
{
    [Fact]
    public async Task EveryGetRoute_AsAnonymousVisitor_CarriesTheSecurityHeadersAndSafeCookies()
    {
        await using var app = await TestApp.CreateAsync();
        var recorder = new RecordingHandler();
        using var browser = app.JarClient(recorder);
        var urls = GetRouteUrls(app);

        foreach (var url in urls)
        {
            await browser.Client.GetUrlAsync(url);
        }

        // The language switch sets a cookie too: it must follow the same rules.
        var language = await browser.Client.SubmitFormAsync("/logg-inn", "form[action='/sprak']", [], "culture", "en");
        Assert.Equal(HttpStatusCode.Redirect, language.StatusCode);

        AssertEveryResponseIsProtected(recorder, urls);
        var names = AssertEveryCookieIsSafe(recorder);
        Assert.Contains("__Host-rv-af", names);
        Assert.Contains("__Host-rv-lang", names);
    }

    [Fact]
    public async Task EveryGetRoute_AsNationalAdmin_CarriesTheSecurityHeadersAndSafeCookies()
    {
        await using var app = await TestApp.CreateAsync();
        var admin = await app.CreateUserAsync(Roles.NationalAdmin);
        var recorder = new RecordingHandler();
        using var browser = app.JarClient(recorder);
        var login = await app.LoginAsync(browser.Client, admin);
        Assert.Equal("/", login.Location());

        // Quick exit ends the session, so it is requested last.
        var urls = GetRouteUrls(app).OrderBy(u => u == "/ut" ? 1 : 0).ToList();
        var statuses = new Dictionary<string, HttpStatusCode>(StringComparer.Ordinal);
        foreach (var url in urls)
        {
            statuses[url] = (await browser.Client.GetUrlAsync(url)).StatusCode;
        }

        // The admin really was logged in while the routes were visited.
        Assert.Equal(HttpStatusCode.OK, statuses["/admin/foreninger"]);
        Assert.Equal(HttpStatusCode.OK, statuses["/admin/forening"]);
        Assert.Equal(HttpStatusCode.OK, statuses["/konto"]);

        AssertEveryResponseIsProtected(recorder, urls);
        var names = AssertEveryCookieIsSafe(recorder);
        Assert.Contains("__Host-rv", names);
        Assert.Contains("__Host-rv-2fa", names);
        Assert.Contains("__Host-rv-af", names);
    }

    [Fact]
    public async Task StaticFile_MayBeCached_ButStillCarriesTheSecurityHeaders()
    {
        await using var app = await TestApp.CreateAsync();
        using var client = app.Client();
        var response = await client.GetUrlAsync("/css/site.css");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("no-store", response.Header("Cache-Control") ?? string.Empty, StringComparison.Ordinal);
        Assert.Contains("max-age", response.Header("Cache-Control") ?? string.Empty, StringComparison.Ordinal);
        AssertSecurityHeaders("/css/site.css", response, requireNoStore: false);
    }

    /// <summary>Every GET route of the app as a URL, route parameters filled (optional ones with and without a value).</summary>
    private static List<string> GetRouteUrls(TestApp app)
    {
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var urls = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
            if (methods is not null && methods.Count > 0 && !methods.Contains(HttpMethods.Get, StringComparer.OrdinalIgnoreCase))
            {
                continue; // not a GET route
            }

            urls.AddRange(Urls(endpoint.RoutePattern));
        }

        // A path that matches no route at all (the 404 page) and a static file.
        urls.Add("/finnes-ikke-" + Guid.NewGuid().ToString("N"));
        urls.Add("/css/site.css");
        urls = urls.Distinct(StringComparer.Ordinal).ToList();

        // The enumeration must really have found the app's pages.
        foreach (var known in new[] { "/", "/logg-inn", "/logg-inn/kode", "/glemt-passord", "/konto", "/konto/passord", "/admin/foreninger", "/admin/forening", "/admin/brukere/inviter", "/ut", "/health" })
        {
            Assert.Contains(known, urls);
        }

        Assert.Contains(urls, u => u.StartsWith("/admin/bruker/", StringComparison.Ordinal));
        Assert.Contains(urls, u => u.StartsWith("/status/", StringComparison.Ordinal));
        return urls;
    }

    private static IEnumerable<string> Urls(RoutePattern pattern)
    {
        var with = new List<string>();
        var without = new List<string>();
        var hasOptional = false;
        foreach (var segment in pattern.PathSegments)
        {
            var text = string.Empty;
            var skipSegment = false;
            foreach (var part in segment.Parts)
            {
                switch (part)
                {
                    case RoutePatternLiteralPart literal:
                        text += literal.Content;
                        break;
                    case RoutePatternSeparatorPart separator:
                        text += separator.Content;
                        break;
                    case RoutePatternParameterPart parameter:
                        text += ValueFor(parameter);
                        if (parameter.IsOptional)
                        {
                            hasOptional = true;
                            skipSegment = segment.Parts.Count == 1;
                        }

                        break;
                    default:
                        throw new InvalidOperationException($"Unknown route part in '{pattern.RawText}': the test must learn it.");
                }
            }

            with.Add(text);
            if (!skipSegment)
            {
                without.Add(text);
            }
        }

        yield return "/" + string.Join('/', with);
        if (hasOptional)
        {
            yield return "/" + string.Join('/', without);
        }
    }

    /// <summary>A value for a route parameter, from its constraint. An unknown kind fails the test, so no route is skipped silently.</summary>
    private static string ValueFor(RoutePatternParameterPart parameter)
    {
        var constraints = parameter.ParameterPolicies.Select(p => p.Content).ToList();
        if (constraints.Contains("guid"))
        {
            return Guid.NewGuid().ToString();
        }

        if (constraints.Contains("int") || constraints.Contains("long"))
        {
            return "404";
        }

        if (constraints.Count == 0 && parameter.Name.Contains("token", StringComparison.OrdinalIgnoreCase))
        {
            return Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        }

        throw new InvalidOperationException(
            $"No test value for route parameter '{parameter.Name}' ({string.Join(",", constraints)}): add one to HeaderTests.ValueFor.");
    }

    private static void AssertEveryResponseIsProtected(RecordingHandler recorder, IReadOnlyCollection<string> urls)
    {
        var seen = recorder.Responses.Select(r => r.Request).ToList();
        foreach (var url in urls)
        {
            Assert.Contains("GET " + url, seen);
        }

        foreach (var (request, response) in recorder.Responses)
        {
            var isStatic = request.StartsWith("GET /css/", StringComparison.Ordinal) || request.StartsWith("GET /js/", StringComparison.Ordinal)
                || request.StartsWith("GET /lib/", StringComparison.Ordinal);
            AssertSecurityHeaders(request, response, requireNoStore: !isStatic);
        }
    }

    private static void AssertSecurityHeaders(string request, HttpResponseMessage response, bool requireNoStore)
    {
        var where = $"{request} -> {(int)response.StatusCode}";
        var csp = response.Header("Content-Security-Policy");
        Assert.True(csp is not null, $"{where}: no Content-Security-Policy");
        Assert.Contains("'nonce-", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.True(response.Header("X-Content-Type-Options") == "nosniff", $"{where}: X-Content-Type-Options");
        Assert.True(response.Header("Referrer-Policy") == "no-referrer", $"{where}: Referrer-Policy");
        var hsts = response.Header("Strict-Transport-Security") ?? string.Empty;
        Assert.True(hsts.StartsWith("max-age=", StringComparison.Ordinal) && !hsts.StartsWith("max-age=0", StringComparison.Ordinal), $"{where}: HSTS '{hsts}'");
        var permissions = response.Header("Permissions-Policy") ?? string.Empty;
        foreach (var feature in new[] { "camera=()", "microphone=()", "geolocation=()" })
        {
            Assert.True(permissions.Contains(feature, StringComparison.Ordinal), $"{where}: Permissions-Policy lacks {feature}");
        }

        if (requireNoStore)
        {
            Assert.True(response.Headers.CacheControl?.NoStore == true, $"{where}: Cache-Control is '{response.Headers.CacheControl}', not no-store");
        }
    }

    /// <summary>Checks every Set-Cookie of every response; returns the cookie names seen.</summary>
    private static HashSet<string> AssertEveryCookieIsSafe(RecordingHandler recorder)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (request, response) in recorder.Responses)
        {
            foreach (var cookie in response.SetCookies())
            {
                var parts = cookie.Split(';').Select(p => p.Trim()).ToList();
                var name = parts[0].Split('=')[0];
                var attributes = parts.Skip(1).Select(p => p.ToLowerInvariant()).ToList();
                var where = $"{request}: Set-Cookie {name}";
                names.Add(name);
                Assert.True(name.StartsWith("__Host-", StringComparison.Ordinal), $"{where}: not __Host- prefixed");
                Assert.True(attributes.Contains("secure"), $"{where}: not Secure");
                Assert.True(attributes.Contains("httponly"), $"{where}: not HttpOnly");
                Assert.True(attributes.Contains("path=/"), $"{where}: path is not /");
                Assert.False(attributes.Any(a => a.StartsWith("domain=", StringComparison.Ordinal)), $"{where}: has a Domain");
                Assert.True(attributes.Contains("samesite=lax") || attributes.Contains("samesite=strict"), $"{where}: SameSite is not Lax or Strict");
            }
        }

        return names;
    }
}
