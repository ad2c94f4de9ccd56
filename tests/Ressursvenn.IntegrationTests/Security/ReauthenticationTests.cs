using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.IntegrationTests.Security;

/// <summary>
/// Re-authentication (ADR 0006): an open session alone cannot replace or remove the second factor or change the password. The current
/// password and a current code are asked for (only the password for a volunteer without a code); after the change the
/// owner gets a neutral e-mail, and the old authenticator no longer signs in.
/// </summary>
public sealed class ReauthenticationTests
{
    private const string NoticeSubject = "Endring i kontoen din";

    [Fact]
    public async Task ReplacingTheAuthenticator_WithoutPasswordAndCode_IsRefused_WithThemItWorks_SheIsTold_AndTheOldAppNoLongerSignsIn()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Gjenbekreft");
        var coordinator = await app.CreateUserAsync(Roles.Coordinator, [association], name: "Gjenbekreft Qzkoordinator");
        using var session = await app.LoggedInClientAsync(coordinator);
        var mailsBefore = app.Mail.Messages.Count;

        // The page shows no new key, only the proof form.
        var page = await session.GetDocumentAsync("/konto/engangskode");
        Assert.Null(page.QuerySelector("[data-testid=totp-key]"));
        Assert.NotNull(page.QuerySelector("form[action*='handler=Prove'] input[name='Proof.Password']"));
        Assert.NotNull(page.QuerySelector("form[action*='handler=Prove'] input[name='Proof.Code']"));

        // The confirmation step posted straight from the session changes nothing.
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var direct = await session.PostRawFormAsync("/konto/engangskode?handler=Totp", [new("Code.Code", app.Code(coordinator.TotpKey!)), new("__RequestVerificationToken", Html.Token(page))]);
        Assert.Equal(HttpStatusCode.Redirect, direct.StatusCode);

        // Without the password, without the code, with a wrong code: refused, with a message on the field, and no key.
        foreach (var (fields, message) in new (KeyValuePair<string, string>[] Fields, string Message)[]
                 {
                     ([new("Proof.Code", app.Code(coordinator.TotpKey!))], "Skriv passordet"),
                     ([new("Proof.Password", "Feil passord som er langt nok 1"), new("Proof.Code", app.Code(coordinator.TotpKey!))], "Passordet stemmer ikke"),
                     ([new("Proof.Password", coordinator.Password)], "Skriv inn koden fra appen."),
                     ([new("Proof.Password", coordinator.Password), new("Proof.Code", "000000")], "Koden stemmer ikke"),
                 })
        {
            var refused = await Html.ParseAsync(await session.SubmitFormAsync("/konto/engangskode", "form[action*='handler=Prove']", fields));
            Assert.Contains(Html.ErrorMessages(refused), m => m.Contains(message, StringComparison.Ordinal));
            Assert.Null(refused.QuerySelector("[data-testid=totp-key]"));
        }

        Assert.Equal(coordinator.TotpKey, await KeyAsync(app, coordinator.Id));
        Assert.Equal(mailsBefore, app.Mail.Messages.Count);

        // With the password and a current code: a new key, confirmed with a code from the new app.
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var proved = await Html.ParseAsync(await session.SubmitFormAsync("/konto/engangskode", "form[action*='handler=Prove']",
            [new("Proof.Password", coordinator.Password), new("Proof.Code", app.Code(coordinator.TotpKey!))]));
        var newKey = KeyOf(proved);
        Assert.NotEqual(coordinator.TotpKey, newKey);
        var action = proved.QuerySelector("form[action*='handler=Totp']")!.GetAttribute("action")!;
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var done = await Html.ParseAsync(await session.PostRawFormAsync(action, [new("Code.Code", app.Code(newKey)), new("__RequestVerificationToken", Html.Token(proved))]));
        Assert.Equal(10, done.QuerySelectorAll("[data-testid=recovery-codes] li").Length);
        Assert.Equal(newKey, await KeyAsync(app, coordinator.Id));

        // She is told, neutrally: no name in subject or body.
        var notice = Assert.Single(app.Mail.Messages.Skip(mailsBefore));
        Assert.Equal(coordinator.Email, notice.To);
        Assert.Equal(NoticeSubject, notice.Subject);
        Assert.Contains("flyttet til en ny app", notice.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Qzkoordinator", notice.Subject + notice.TextBody + notice.HtmlBody, StringComparison.Ordinal);

        // The old app's codes no longer sign her in; the new app's do.
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        using var withOld = app.Client();
        Assert.Equal(HttpStatusCode.OK, (await app.LoginAsync(withOld, coordinator)).StatusCode);
        Assert.True((await withOld.GetUrlAsync("/konto")).IsRedirectToLogin());
        using var withNew = await app.LoggedInClientAsync(coordinator with { TotpKey = newKey });
        Assert.Equal(HttpStatusCode.OK, (await withNew.GetUrlAsync("/konto")).StatusCode);
    }

    [Fact]
    public async Task TheNewKeyWaitsTenMinutesForItsCode_ThenTheProofIsAskedForAgain()
    {
        await using var app = await TestApp.CreateAsync();
        var admin = await app.CreateUserAsync(Roles.NationalAdmin);
        using var session = await app.LoggedInClientAsync(admin);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var proved = await Html.ParseAsync(await session.SubmitFormAsync("/konto/engangskode", "form[action*='handler=Prove']",
            [new("Proof.Password", admin.Password), new("Proof.Code", app.Code(admin.TotpKey!))]));
        var newKey = KeyOf(proved);

        app.Clock.Advance(TimeSpan.FromMinutes(11));
        var late = await session.PostRawFormAsync("/konto/engangskode?handler=Totp", [new("Code.Code", app.Code(newKey)), new("__RequestVerificationToken", Html.Token(proved))]);

        Assert.Equal(HttpStatusCode.Redirect, late.StatusCode);
        Assert.Equal(admin.TotpKey, await KeyAsync(app, admin.Id));
    }

    [Fact]
    public async Task ChangingThePassword_OfAnAccountWithACode_NeedsTheCode_AndSheIsTold()
    {
        await using var app = await TestApp.CreateAsync();
        var admin = await app.CreateUserAsync(Roles.NationalAdmin);
        using var session = await app.LoggedInClientAsync(admin);
        const string newPassword = "Et nytt passord om fjell og fjord 3";
        var form = await session.GetDocumentAsync("/konto/passord");
        Assert.NotNull(form.QuerySelector("input[name='Input.Code']"));

        var refused = await session.PostFormAsync("/konto/passord", [new("Input.CurrentPassword", admin.Password), new("Input.Password", newPassword), new("Input.ConfirmPassword", newPassword)]);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Skriv inn koden fra appen.", Html.ErrorMessages(await Html.ParseAsync(refused)));
        Assert.Empty(app.Mail.Messages);

        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var changed = await session.PostFormAsync("/konto/passord",
            [new("Input.CurrentPassword", admin.Password), new("Input.Code", app.Code(admin.TotpKey!)), new("Input.Password", newPassword), new("Input.ConfirmPassword", newPassword)]);
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        var notice = Assert.Single(app.Mail.Messages);
        Assert.Equal((admin.Email, NoticeSubject), (notice.To, notice.Subject));
        Assert.Contains("Passordet til kontoen din ble endret", notice.TextBody, StringComparison.Ordinal);
        using var fresh = app.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await app.LoginAsync(fresh, admin with { Password = newPassword })).StatusCode);
    }

    [Fact]
    public async Task AVolunteerWithoutACode_ConfirmsWithHerPasswordOnly_ToTurnItOnOrChangeHerPassword()
    {
        await using var app = await TestApp.CreateAsync();
        var volunteer = await app.CreateUserAsync(Roles.Volunteer);
        using var session = await app.LoggedInClientAsync(volunteer);

        var page = await session.GetDocumentAsync("/konto/engangskode");
        Assert.Null(page.QuerySelector("input[name='Proof.Code']"));
        var wrong = await Html.ParseAsync(await session.SubmitFormAsync("/konto/engangskode", "form[action*='handler=Prove']", [new("Proof.Password", "Feil passord som er langt nok 1")]));
        Assert.Null(wrong.QuerySelector("[data-testid=totp-key]"));
        var proved = await Html.ParseAsync(await session.SubmitFormAsync("/konto/engangskode", "form[action*='handler=Prove']", [new("Proof.Password", volunteer.Password)]));
        Assert.NotNull(proved.QuerySelector("[data-testid=totp-key]"));

        Assert.Null((await session.GetDocumentAsync("/konto/passord")).QuerySelector("input[name='Input.Code']"));
        const string newPassword = "Et nytt passord om bølger og måker 4";
        var changed = await session.PostFormAsync("/konto/passord", [new("Input.CurrentPassword", volunteer.Password), new("Input.Password", newPassword), new("Input.ConfirmPassword", newPassword)]);
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(NoticeSubject, Assert.Single(app.Mail.Messages, m => m.To == volunteer.Email).Subject);
    }

    private static string KeyOf(IHtmlDocument page) =>
        (page.QuerySelector("[data-testid=totp-key]") ?? throw new InvalidOperationException("No key on the page.")).TextContent.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();

    private static async Task<string?> KeyAsync(TestApp app, Guid userId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return await users.GetAuthenticatorKeyAsync((await users.FindByIdAsync(userId.ToString()))!);
    }
}
