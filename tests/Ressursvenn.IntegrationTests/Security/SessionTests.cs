using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.IntegrationTests.Security;

/// <summary>SR11, SR13: server-side sessions that end on logout, password change, disabling and role change, and time out.</summary>
public sealed class SessionTests
{
    [Fact]
    public async Task CopiedCookie_AfterLogout_IsRefused_AndLogoutClearsSiteData()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Utlogging");
        var coordinator = await app.CreateUserAsync(Roles.Coordinator, [association]);
        var (browser, copy) = await LoggedInWithCopiedCookieAsync(app, coordinator);
        using (browser)
        {
            using var thief = app.RawClient();
            var logout = await browser.Client.PostFormAsync("/logg-ut", []);

            Assert.True(logout.IsRedirectToLogin());
            var clear = logout.Header("Clear-Site-Data") ?? string.Empty;
            Assert.Contains("\"cookies\"", clear, StringComparison.Ordinal);
            Assert.Contains("\"cache\"", clear, StringComparison.Ordinal);
            Assert.Contains("\"storage\"", clear, StringComparison.Ordinal);
            Assert.True((await thief.GetWithCookieAsync("/konto", copy)).IsRedirectToLogin());
            Assert.True((await browser.Client.GetUrlAsync("/konto")).IsRedirectToLogin());
        }
    }

    [Fact]
    public async Task Logout_FromTheMenuWithoutJavaScript_EndsTheSession()
    {
        await using var app = await TestApp.CreateAsync();
        var volunteer = await app.CreateUserAsync(Roles.Volunteer);
        var (browser, copy) = await LoggedInWithCopiedCookieAsync(app, volunteer);
        using (browser)
        {
            var logout = await browser.Client.SubmitFormAsync("/konto", "form[action='/logg-ut']", []);

            Assert.True(logout.IsRedirectToLogin(), $"the menu's logout form gave {(int)logout.StatusCode}");
            using var thief = app.RawClient();
            Assert.True((await thief.GetWithCookieAsync("/konto", copy)).IsRedirectToLogin());
        }
    }

    [Fact]
    public async Task CopiedCookie_AfterAdminDisablesTheUser_IsRefused()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Deaktivert");
        var coordinator = await app.CreateUserAsync(Roles.Coordinator, [association]);
        var admin = await app.CreateUserAsync(Roles.NationalAdmin);
        var (browser, copy) = await LoggedInWithCopiedCookieAsync(app, coordinator);
        using (browser)
        {
            using var adminClient = await app.LoggedInClientAsync(admin);
            var disable = await adminClient.PostFormAsync($"/admin/bruker/{coordinator.Id}", [], $"/admin/bruker/{coordinator.Id}?handler=Disable");
            Assert.Equal(HttpStatusCode.Redirect, disable.StatusCode);

            using var thief = app.RawClient();
            Assert.True((await thief.GetWithCookieAsync("/konto", copy)).IsRedirectToLogin());
            Assert.True((await browser.Client.GetUrlAsync("/konto")).IsRedirectToLogin());
            // And she cannot log in again.
            var again = await app.LoginAsync(browser.Client, coordinator);
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }
    }

    [Fact]
    public async Task CopiedCookie_AfterThePasswordIsChanged_IsRefused_WhileTheChangingBrowserStaysIn()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Passordbytte");
        var coordinator = await app.CreateUserAsync(Roles.Coordinator, [association]);
        var (browser, copy) = await LoggedInWithCopiedCookieAsync(app, coordinator);
        using (browser)
        {
            const string newPassword = "Et nytt passord med mange ord 9";
            app.Clock.Advance(TimeSpan.FromSeconds(30));
            var changed = await browser.Client.PostFormAsync("/konto/passord",
                [new("Input.CurrentPassword", coordinator.Password), new("Input.Code", app.Code(coordinator.TotpKey!)), new("Input.Password", newPassword), new("Input.ConfirmPassword", newPassword)]);
            Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);

            using var thief = app.RawClient();
            Assert.True((await thief.GetWithCookieAsync("/konto", copy)).IsRedirectToLogin());
            Assert.Equal(HttpStatusCode.OK, (await browser.Client.GetUrlAsync("/konto")).StatusCode);
        }
    }

    [Fact]
    public async Task CopiedCookie_AfterAdminChangesTheRole_IsRefused()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Rollebytte");
        var coordinator = await app.CreateUserAsync(Roles.Coordinator, [association]);
        var admin = await app.CreateUserAsync(Roles.NationalAdmin);
        var (browser, copy) = await LoggedInWithCopiedCookieAsync(app, coordinator);
        using (browser)
        {
            using var adminClient = await app.LoggedInClientAsync(admin);
            var url = $"/admin/bruker/{coordinator.Id}";
            var change = await adminClient.SubmitFormAsync(url, "main form.rv-form",
                [new("Input.Name", "Testbruker"), new("Input.Role", Roles.CrisisCentreStaff), new("Input.CrisisCentreId", centre.ToString())]);
            Assert.Equal(HttpStatusCode.Redirect, change.StatusCode);

            using var thief = app.RawClient();
            Assert.True((await thief.GetWithCookieAsync("/konto", copy)).IsRedirectToLogin());
            Assert.True((await browser.Client.GetUrlAsync("/konto")).IsRedirectToLogin());
        }
    }

    [Fact]
    public async Task Session_IdleFor31Minutes_IsSentToLogin_ButActivityWithin30MinutesKeepsItOpen()
    {
        await using var app = await TestApp.CreateAsync();
        var admin = await app.CreateUserAsync(Roles.NationalAdmin);
        using var client = await app.LoggedInClientAsync(admin);

        app.Clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(HttpStatusCode.OK, (await client.GetUrlAsync("/admin/foreninger")).StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(HttpStatusCode.OK, (await client.GetUrlAsync("/admin/foreninger")).StatusCode);

        app.Clock.Advance(TimeSpan.FromMinutes(31));
        var idle = await client.GetUrlAsync("/admin/foreninger");

        Assert.True(idle.IsRedirectToLogin(), $"got {(int)idle.StatusCode} {idle.Headers.Location}");
        Assert.True((await client.GetUrlAsync("/konto")).IsRedirectToLogin());
    }

    [Fact]
    public async Task Session_KeptActivePastTwelveHours_IsRefused()
    {
        await using var app = await TestApp.CreateAsync();
        var admin = await app.CreateUserAsync(Roles.NationalAdmin);
        using var client = await app.LoggedInClientAsync(admin);
        var loggedInAt = app.Clock.GetUtcNow();

        while (app.Clock.GetUtcNow() - loggedInAt < TimeSpan.FromHours(12) - TimeSpan.FromMinutes(20))
        {
            app.Clock.Advance(TimeSpan.FromMinutes(20));
            var active = await client.GetUrlAsync("/admin/foreninger");
            Assert.True(active.StatusCode == HttpStatusCode.OK, $"refused after {app.Clock.GetUtcNow() - loggedInAt}: {(int)active.StatusCode}");
        }

        app.Clock.Advance(TimeSpan.FromMinutes(20));
        Assert.True(app.Clock.GetUtcNow() - loggedInAt >= TimeSpan.FromHours(12));
        var expired = await client.GetUrlAsync("/admin/foreninger");

        Assert.True(expired.IsRedirectToLogin(), $"got {(int)expired.StatusCode}");
    }

    [Fact]
    public async Task Login_AsAVolunteer_StartsAServerSideSession_ThatLogoutEnds()
    {
        await using var app = await TestApp.CreateAsync();
        var volunteer = await app.CreateUserAsync(Roles.Volunteer);
        using var client = await app.LoggedInClientAsync(volunteer);
        Assert.Equal(1, await OpenSessionsAsync(app, volunteer.Id));

        await client.PostFormAsync("/logg-ut", []);

        Assert.Equal(0, await OpenSessionsAsync(app, volunteer.Id));
    }

    /// <summary>Logs in with a readable cookie jar and returns the browser and a copy of its Cookie header.</summary>
    private static async Task<(JarClient Browser, string Copy)> LoggedInWithCopiedCookieAsync(TestApp app, TestUser user)
    {
        var browser = app.JarClient();
        var login = await app.LoginAsync(browser.Client, user);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/", login.Location());
        var copy = browser.CookieHeader;
        Assert.Contains("__Host-rv=", copy, StringComparison.Ordinal);

        // The copy works elsewhere as long as the session is open: what the tests refuse later is the session.
        using var elsewhere = app.RawClient();
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetWithCookieAsync("/konto", copy)).StatusCode);
        return (browser, copy);
    }

    private static async Task<int> OpenSessionsAsync(TestApp app, Guid userId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().UserSessions
            .CountAsync(s => s.UserId == userId && s.EndedAt == null, TestContext.Current.CancellationToken);
    }
}
