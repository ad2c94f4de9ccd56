using System.Net;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.IntegrationTests.Security;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Security;

namespace Ressursvenn.IntegrationTests.Operations;

/// <summary>
/// Two app instances behind a load balancer share one database and nothing else: the Data Protection keys
/// (cookies, antiforgery tokens) and the server-side sessions live in that database, so a cookie issued by one
/// instance works on the other, and a logout on one is seen by the other at once (ADR 0004, 0005).
/// </summary>
public sealed class MultiInstanceTests
{
    [Fact]
    public async Task AuthCookieFromInstance1_IsAcceptedByInstance2_AndRefusedThereAfterLogoutOnInstance1()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var first = await TestApp.CreateAsync();
        await using var second = await TestApp.CreateAsync(database: first.Database, clock: first.Clock);
        var user = await first.CreateUserAsync(Roles.Coordinator, name: "Koordinator To Instanser");

        using var browser = first.Client();
        var login = await first.LoginAsync(browser, user);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var cookies = CookiesSetBy(login);
        Assert.Contains(SecurityServiceCollectionExtensions.AuthCookieName, cookies.Keys);

        using var other = BareClient(second);
        using (var withoutCookie = await other.SendAsync(Get("/konto", []), ct))
        {
            Assert.True(Outcome.IsLoginChallenge(withoutCookie), "Instance 2 served /konto without a cookie");
        }

        using (var replayed = await other.SendAsync(Get("/konto", cookies), ct))
        {
            Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
            Assert.Contains("Koordinator To Instanser", await replayed.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        }

        // Minutes later (past the security-stamp check, which rebuilds the principal) both instances still accept it.
        first.Clock.Advance(TimeSpan.FromMinutes(3));
        using (var later = await other.SendAsync(Get("/konto", cookies), ct))
        {
            Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        }

        using (var laterOnFirst = await browser.GetAsync(new Uri("/konto", UriKind.Relative), ct))
        {
            Assert.Equal(HttpStatusCode.OK, laterOnFirst.StatusCode);
        }

        using var logout = await browser.PostFormAsync("/logg-ut", []);
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        using (var onFirst = await browser.GetAsync(new Uri("/konto", UriKind.Relative), ct))
        {
            Assert.True(Outcome.IsLoginChallenge(onFirst), "Instance 1 still served /konto after logout");
        }

        using var afterLogout = await other.SendAsync(Get("/konto", cookies), ct);
        Assert.True(Outcome.IsLoginChallenge(afterLogout), $"Instance 2 accepted the cookie after logout on instance 1: {Outcome.Describe(afterLogout)}");
    }

    [Fact]
    public async Task AntiforgeryTokenFromInstance1_IsAcceptedByInstance2()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var first = await TestApp.CreateAsync();
        await using var second = await TestApp.CreateAsync(database: first.Database, clock: first.Clock);
        using var one = BareClient(first);
        using var two = BareClient(second);

        // The login form of a visitor: token and antiforgery cookie from instance 1, the post to instance 2.
        using (var loginPage = await one.SendAsync(Get("/logg-inn", []), ct))
        {
            var visitorCookies = CookiesSetBy(loginPage);
            var visitorToken = Html.Token(await Html.ParseAsync(loginPage));
            IEnumerable<KeyValuePair<string, string>> fields = [new("Input.Email", "ingen@test.invalid"), new("Input.Password", "feil-passord-her-123")];
            using var refused = await two.SendAsync(Post("/logg-inn", visitorCookies, fields), ct);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            using var accepted = await two.SendAsync(Post("/logg-inn", visitorCookies, fields.Append(new("__RequestVerificationToken", visitorToken))), ct);
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
            Assert.NotEmpty(Html.ErrorMessages(await Html.ParseAsync(accepted)));
        }

        // A signed-in form: the token is bound to the user as well.
        var user = await first.CreateUserAsync(Roles.Volunteer);
        using var browser = first.Client();
        var cookies = CookiesSetBy(await first.LoginAsync(browser, user));
        using var page = await one.SendAsync(Get("/konto/passord", cookies), ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        foreach (var (name, value) in CookiesSetBy(page))
        {
            cookies[name] = value;
        }

        Assert.Contains("__Host-rv-af", cookies.Keys);
        var token = Html.Token(await Html.ParseAsync(page));
        using (var withoutToken = await two.SendAsync(Post("/konto/passord", cookies, [new("Input.CurrentPassword", "feil-passord-her-123")]), ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);
        }

        // Only the current password: the form comes back with messages (200), which needs a valid token on instance 2.
        using var withToken = await two.SendAsync(
            Post("/konto/passord", cookies, [new("Input.CurrentPassword", "feil-passord-her-123"), new("__RequestVerificationToken", token)]), ct);
        Assert.Equal(HttpStatusCode.OK, withToken.StatusCode);
        Assert.NotEmpty(Html.ErrorMessages(await Html.ParseAsync(withToken)));
    }

    /// <summary>A client that keeps no cookies of its own, so a test can replay exactly the cookies it chooses.</summary>
    private static HttpClient BareClient(TestApp app) => app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        BaseAddress = new Uri("https://localhost"),
        HandleCookies = false,
    });

    /// <summary>The cookies a response sets (name → value), leaving out the ones it deletes.</summary>
    private static Dictionary<string, string> CookiesSetBy(HttpResponseMessage response)
    {
        var cookies = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!response.Headers.TryGetValues("Set-Cookie", out var headers))
        {
            return cookies;
        }

        foreach (var header in headers)
        {
            var pair = header.Split(';')[0];
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var (name, value) = (pair[..eq].Trim(), pair[(eq + 1)..].Trim());
            if (value.Length > 0 && !header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
            {
                cookies[name] = value;
            }
        }

        return cookies;
    }

    private static HttpRequestMessage Get(string url, Dictionary<string, string> cookies) => WithCookies(new HttpRequestMessage(HttpMethod.Get, url), cookies);

    private static HttpRequestMessage Post(string url, Dictionary<string, string> cookies, IEnumerable<KeyValuePair<string, string>> fields) =>
        WithCookies(new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) }, cookies);

    private static HttpRequestMessage WithCookies(HttpRequestMessage request, Dictionary<string, string> cookies)
    {
        if (cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        return request;
    }
}
