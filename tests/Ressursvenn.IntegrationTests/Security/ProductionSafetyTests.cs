using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.IntegrationTests.Security;

/// <summary>
/// SR17a: no anonymous visitor reads an e-mail the app sent, in any environment, and links in e-mails come
/// from the configured public address whatever Host or X-Forwarded-Host a request carries.
/// </summary>
public sealed class ProductionSafetyTests
{
    private const string Forged = "evil.example";

    /// <summary>Development and diagnostic endpoints: the mail viewer and the API description, found from the app's endpoints.</summary>
    private static List<string> DevelopmentAndDiagnosticRoutes(TestApp app)
    {
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => "/" + (e.RoutePattern.RawText ?? string.Empty).TrimStart('/'))
            .Where(p => p.StartsWith("/dev", StringComparison.OrdinalIgnoreCase) || p.StartsWith("/openapi", StringComparison.OrdinalIgnoreCase)
                || p.Contains("diagnos", StringComparison.OrdinalIgnoreCase) || p.Contains("debug", StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Assert.Contains("/dev/epost", routes);
        Assert.Contains(routes, r => r.StartsWith("/openapi", StringComparison.Ordinal));
        return routes.Select(r => r.Replace("{documentName}", "v1", StringComparison.Ordinal)).ToList();
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    [InlineData("Testing")]
    public async Task DevelopmentAndDiagnosticEndpoints_RefuseAnonymousVisitors_EvenWithTheMailViewerOn(string environment)
    {
        await using var app = await TestApp.CreateAsync(new Dictionary<string, string?>
        {
            [TestApp.EnvironmentSetting] = environment,
            ["Email:MailViewer"] = "true",
        });
        using var anonymous = app.Client();
        foreach (var route in DevelopmentAndDiagnosticRoutes(app))
        {
            var response = await anonymous.GetUrlAsync(route);
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.True(response.IsRedirectToLogin() || response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.NotFound,
                $"{environment} {route}: anonymous got {(int)response.StatusCode}");
            Assert.DoesNotContain("token=", body, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task MailViewer_IsOffByDefault_AndWhenOnShowsMailToANationalAdminOnly(string environment)
    {
        await using var off = await TestApp.CreateAsync(new Dictionary<string, string?> { [TestApp.EnvironmentSetting] = environment });
        var offAdmin = await off.CreateUserAsync(Roles.NationalAdmin);
        using (var client = await off.LoggedInClientAsync(offAdmin))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetUrlAsync("/dev/epost")).StatusCode);
        }

        await using var on = await TestApp.CreateAsync(new Dictionary<string, string?>
        {
            [TestApp.EnvironmentSetting] = environment,
            ["Email:MailViewer"] = "true",
        });
        var (association, _) = await on.CreateOrganisationAsync("Postvisning");
        var admin = await on.CreateUserAsync(Roles.NationalAdmin);
        var coordinator = await on.CreateUserAsync(Roles.Coordinator, [association]);
        using var adminClient = await on.LoggedInClientAsync(admin);
        using var coordinatorClient = await on.LoggedInClientAsync(coordinator);

        // The viewer lists the pickup folder; the test app captures mail instead, so the page answers without messages.
        Assert.Equal(HttpStatusCode.OK, (await adminClient.GetUrlAsync("/dev/epost")).StatusCode);
        var refused = await coordinatorClient.GetUrlAsync("/dev/epost");
        Assert.True(refused.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden || refused.IsRedirectToLogin(), $"a coordinator got {(int)refused.StatusCode}");
    }

    [Fact]
    public async Task ForgedHostHeader_IsRefusedByHostFiltering_WhenAllowedHostsFollowsThePublicAddress()
    {
        await using var app = await TestApp.CreateAsync();
        using var client = app.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/glemt-passord");
        request.Headers.Host = Forged;
        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetUrlAsync("/glemt-passord")).StatusCode);
    }

    /// <summary>Even where the forged host gets through (an operator listing it, a proxy forwarding it), links use the configured address.</summary>
    [Theory]
    [InlineData("Production")]
    [InlineData("Testing")]
    public async Task ResetAndInvitation_RequestedWithAForgedHostOrForwardedHost_LinkToTheConfiguredAddress(string environment)
    {
        await using var app = await TestApp.CreateAsync(new Dictionary<string, string?>
        {
            [TestApp.EnvironmentSetting] = environment,
            ["Email:PublicBaseUrl"] = "https://ressursvenn.example.invalid/",
            ["AllowedHosts"] = "localhost;" + Forged,
            ["ForwardedHeaders:Enabled"] = "true",
        });
        await AssertLinksIgnoreForgedHostsAsync(app, "https://ressursvenn.example.invalid/");
    }

    [Fact]
    public async Task InDevelopmentWithoutAPublicAddress_LinksUseTheAppsOwnListeningAddress_NotTheRequestHost()
    {
        await using var app = await TestApp.CreateAsync(new Dictionary<string, string?>
        {
            [TestApp.EnvironmentSetting] = "Development",
            ["Email:PublicBaseUrl"] = string.Empty,
            ["urls"] = "http://+:5077",
        });
        await AssertLinksIgnoreForgedHostsAsync(app, "http://localhost:5077/");
    }

    private static async Task AssertLinksIgnoreForgedHostsAsync(TestApp app, string expectedBase)
    {
        var (association, _) = await app.CreateOrganisationAsync("Lenker");
        var admin = await app.CreateUserAsync(Roles.NationalAdmin);
        var volunteer = await app.CreateUserAsync(Roles.Volunteer);
        using var adminClient = await app.LoggedInClientAsync(admin);
        using var anonymous = app.Client();
        foreach (var client in new[] { adminClient, anonymous })
        {
            client.DefaultRequestHeaders.Host = Forged;
            client.DefaultRequestHeaders.Add("X-Forwarded-Host", Forged);
        }

        var forgot = await anonymous.PostFormAsync("/glemt-passord", [new("Input.Email", volunteer.Email)]);
        Assert.Equal(HttpStatusCode.OK, forgot.StatusCode);
        var invited = $"lenke-{Guid.NewGuid():N}@test.invalid";
        var invite = await adminClient.PostFormAsync("/admin/brukere/inviter",
            [new("Input.Name", "Lenke Lenkesen"), new("Input.Email", invited), new("Input.Role", Roles.Coordinator), new("Input.AssociationIds", association.ToString())]);
        Assert.Equal(HttpStatusCode.Redirect, invite.StatusCode);

        foreach (var (to, path) in new[] { (volunteer.Email, "nytt-passord?token="), (invited, "invitasjon?token=") })
        {
            var mail = app.Mail.Messages.Last(m => m.To == to);
            Assert.Contains(expectedBase + path, mail.TextBody, StringComparison.Ordinal);
            Assert.Contains(expectedBase + path, mail.HtmlBody, StringComparison.Ordinal);
            Assert.DoesNotContain(Forged, mail.TextBody + mail.HtmlBody, StringComparison.OrdinalIgnoreCase);
        }
    }
}
