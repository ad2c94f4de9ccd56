using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;

namespace Ressursvenn.IntegrationTests.Security;

/// <summary>
/// SR12, SR11: the whole password-reset journey — ask, read the e-mail, open the link, choose a new password, log in
/// (with the second factor where she has one) — for staff and for volunteers with and without the code. The link works
/// once and for one hour; the old password and the old sessions stop working.
/// </summary>
public sealed class PasswordResetTests
{
    private const string NewPassword = "Nytt langt passord om tyttebær og tåke 8";

    public static TheoryData<string, bool> People => new()
    {
        { Roles.Coordinator, true },
        { Roles.NationalAdmin, true },
        { Roles.Volunteer, false },
        { Roles.Volunteer, true },
    };

    [Theory]
    [MemberData(nameof(People))]
    public async Task Reset_FromTheMailedLink_SetsTheNewPassword_AndSheLogsInWithItAndHerSecondFactor(string role, bool secondFactor)
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Tilbakestilling");
        var person = await app.CreateUserAsync(role, role == Roles.Coordinator ? [association] : null, secondFactor: secondFactor);
        using var oldSession = await app.LoggedInClientAsync(person);

        using var browser = app.Client();
        var link = await AskForLinkAsync(app, browser, person);
        var form = await browser.GetUrlAsync(link);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);

        var done = await PostNewPasswordAsync(browser, link, NewPassword);

        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal("/logg-inn", done.Location());
        var login = await browser.GetUrlAsync("/logg-inn");
        Assert.Contains("Passordet er endret", await login.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);

        // The old password is refused; the new one logs her in, through the code step when she has a second factor.
        using var other = app.Client();
        var old = await other.PostFormAsync("/logg-inn", [new("Input.Email", person.Email), new("Input.Password", person.Password)]);
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        Assert.NotEmpty(Html.ErrorMessages(await Html.ParseAsync(old)));
        var changed = person with { Password = NewPassword };
        var password = await other.PostFormAsync("/logg-inn", [new("Input.Email", changed.Email), new("Input.Password", changed.Password)]);
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        Assert.Equal(secondFactor, password.Location().StartsWith("/logg-inn/kode", StringComparison.Ordinal));
        using var fresh = await app.LoggedInClientAsync(changed);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetUrlAsync("/konto")).StatusCode);

        // The session open before the reset has ended (SR11), and the link is used up.
        Assert.True((await oldSession.GetUrlAsync("/konto")).IsRedirectToLogin());
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetUrlAsync(link)).StatusCode);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.PasswordReset && e.EntityId == person.Id, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Reset_LinkUsedTwice_IsRefusedTheSecondTime_AndThePasswordStaysTheFirstOne()
    {
        await using var app = await TestApp.CreateAsync();
        var volunteer = await app.CreateUserAsync(Roles.Volunteer);
        using var browser = app.Client();
        var link = await AskForLinkAsync(app, browser, volunteer);
        Assert.Equal(HttpStatusCode.Redirect, (await PostNewPasswordAsync(browser, link, NewPassword)).StatusCode);

        // The form posted again with the same token (e.g. from a second tab) is refused.
        const string another = "Et annet langt passord om sjøsprøyt 5";
        var token = Uri.UnescapeDataString(link[(link.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        using var second = app.Client();
        var again = await second.PostRawFormAsync(link, [new("Token", token), new("Input.Password", another), new("Input.ConfirmPassword", another),
            new("__RequestVerificationToken", await second.AntiforgeryTokenAsync("/glemt-passord"))]);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);

        using var client = app.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await app.LoginAsync(client, volunteer with { Password = NewPassword })).StatusCode);
    }

    [Fact]
    public async Task Reset_LinkOlderThanAnHour_IsRefused_ButWorksJustBefore()
    {
        await using var app = await TestApp.CreateAsync();
        var volunteer = await app.CreateUserAsync(Roles.Volunteer);
        using var browser = app.Client();
        var link = await AskForLinkAsync(app, browser, volunteer);

        app.Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetUrlAsync(link)).StatusCode);
        var form = await browser.GetDocumentAsync(link);
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetUrlAsync(link)).StatusCode);
        var late = await browser.PostRawFormAsync(link, [new("Input.Password", NewPassword), new("Input.ConfirmPassword", NewPassword), new("__RequestVerificationToken", Html.Token(form))]);
        Assert.Equal(HttpStatusCode.NotFound, late.StatusCode);

        using var client = app.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await app.LoginAsync(client, volunteer)).StatusCode);
    }

    [Fact]
    public async Task Reset_WithARefusedPassword_SaysWhy_AndTheLinkStillWorks()
    {
        await using var app = await TestApp.CreateAsync();
        var volunteer = await app.CreateUserAsync(Roles.Volunteer);
        using var browser = app.Client();
        var link = await AskForLinkAsync(app, browser, volunteer);

        var refused = await PostNewPasswordAsync(browser, link, "Elleve-tegn");

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains(Html.ErrorMessages(await Html.ParseAsync(refused)), m => m.Contains("minst 12 tegn", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Redirect, (await PostNewPasswordAsync(browser, link, NewPassword)).StatusCode);
    }

    /// <summary>"Glemt passord" with her address; returns the path of the link in the e-mail she gets.</summary>
    private static async Task<string> AskForLinkAsync(TestApp app, HttpClient client, TestUser person)
    {
        var asked = await client.PostFormAsync("/glemt-passord", [new("Input.Email", person.Email)]);
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var link = app.Mail.LastLinkTo(person.Email);
        Assert.StartsWith("/nytt-passord?token=", link, StringComparison.Ordinal);
        return link;
    }

    private static Task<HttpResponseMessage> PostNewPasswordAsync(HttpClient client, string link, string password) =>
        client.PostFormAsync(link, [new("Input.Password", password), new("Input.ConfirmPassword", password)]);
}
