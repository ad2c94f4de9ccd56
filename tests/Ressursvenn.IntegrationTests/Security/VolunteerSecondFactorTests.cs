using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Features.MyPages;
using Ressursvenn.IntegrationTests.Features.Volunteers;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Infrastructure;

namespace Ressursvenn.IntegrationTests.Security;

/// <summary>
/// The second factor for volunteers (SR9): optional by default (she turns a one-time-code app on from her
/// account page, and off again with her password); required for all volunteers when the national setting says so, in
/// which case a volunteer without an app sets it up at her next login before she reaches any page, and a session
/// started with the password alone ends. Staff are unchanged.
/// </summary>
public sealed class VolunteerSecondFactorTests
{
    private const string SettingsUrl = "/admin/innstillinger/frivillige";
    private const string EnrolUrl = "/logg-inn/sett-opp-kode";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Volunteer_TurnsTheCodeOnFromHerAccount_IsThenAskedForIt_AndTurnsItOffWithHerPassword()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Valgfri");
        var her = (await MyPagesPlanting.PlantAsync(app, association, "Valgfri Qxvfrivillig", VolunteerStatus.Approved)).User;
        using var client = await app.LoggedInClientAsync(her);

        var account = await client.GetDocumentAsync("/konto");
        Assert.NotNull(account.QuerySelector("main a[href='/konto/engangskode']"));
        Assert.Null(account.QuerySelector("a[href='/konto/engangskode/av']"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetUrlAsync("/konto/engangskode/av")).StatusCode);

        // Turning it on: she confirms it is her with her password (she has no code yet), then the enrolment step, with
        // the first code from the app. (Each proof makes a new pending key, so the code is posted from that page.)
        var enrolment = await Html.ParseAsync(await client.SubmitFormAsync("/konto/engangskode", "form[action*='handler=Prove']", [new("Proof.Password", her.Password)]));
        var key = KeyOf(enrolment);
        var action = enrolment.QuerySelector("form[action*='handler=Totp']")!.GetAttribute("action")!;
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var wrong = await Html.ParseAsync(await client.PostRawFormAsync(action, [new("Code.Code", "000000"), new("__RequestVerificationToken", Html.Token(enrolment))]));
        Assert.NotEmpty(Html.ErrorMessages(wrong));
        Assert.False((await MyPagesPlanting.UserAsync(app, her.Id))!.TwoFactorEnabled);
        var done = await Html.ParseAsync(await client.PostRawFormAsync(action, [new("Code.Code", app.Code(key)), new("__RequestVerificationToken", Html.Token(enrolment))]));
        Assert.Equal(10, done.QuerySelectorAll("[data-testid=recovery-codes] li").Length);
        Assert.True((await MyPagesPlanting.UserAsync(app, her.Id))!.TwoFactorEnabled);
        Assert.Equal(1, await AuditCountAsync(app, AuditActions.AuthenticatorAdded, her.Id));

        // The next login asks for the code, and the session it gives carries the second factor.
        var withCode = her with { TotpKey = key };
        using (var fresh = app.Client())
        {
            var password = await fresh.PostFormAsync("/logg-inn", [new("Input.Email", her.Email), new("Input.Password", her.Password)]);
            Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
            Assert.StartsWith("/logg-inn/kode", password.Location(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Redirect, (await fresh.GetUrlAsync("/min-side")).StatusCode);
        }

        using var second = await app.LoggedInClientAsync(withCode);
        await SetRequiredAsync(app, true);
        Assert.Equal(HttpStatusCode.OK, (await second.GetUrlAsync("/min-side")).StatusCode);
        await SetRequiredAsync(app, false);

        // Turning it off: her password and a current code are asked for; a wrong password or no code changes nothing.
        account = await second.GetDocumentAsync("/konto");
        Assert.NotNull(account.QuerySelector("a[href='/konto/engangskode/av']"));
        var refused = await Html.ParseAsync(await second.PostFormAsync("/konto/engangskode/av", [new("Input.Password", "feil-passord-helt-feil")]));
        Assert.Contains("Passordet stemmer ikke. Prøv igjen.", Html.ErrorMessages(refused));
        var noCode = await Html.ParseAsync(await second.PostFormAsync("/konto/engangskode/av", [new("Input.Password", her.Password)]));
        Assert.Contains("Skriv inn koden fra appen.", Html.ErrorMessages(noCode));
        Assert.True((await MyPagesPlanting.UserAsync(app, her.Id))!.TwoFactorEnabled);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var off = await second.PostFormAsync("/konto/engangskode/av", [new("Input.Password", her.Password), new("Input.Code", app.Code(key))]);
        Assert.Equal(HttpStatusCode.Redirect, off.StatusCode);
        Assert.Equal("/konto", off.Location());
        Assert.False((await MyPagesPlanting.UserAsync(app, her.Id))!.TwoFactorEnabled);
        Assert.Equal(1, await AuditCountAsync(app, AuditActions.AuthenticatorRemoved, her.Id));

        // The password alone is enough again, and the old app's codes are gone with the key.
        using var third = app.Client();
        var plain = await app.LoginAsync(third, her);
        Assert.Equal(HttpStatusCode.Redirect, plain.StatusCode);
        Assert.Equal("/", plain.Location());
        Assert.Equal(HttpStatusCode.OK, (await third.GetUrlAsync("/min-side")).StatusCode);
    }

    [Fact]
    public async Task WhenRequired_AVolunteerWithoutTheCode_SetsItUpAtLogin_BeforeReachingAnyPage()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Kreves");
        var her = (await MyPagesPlanting.PlantAsync(app, association, "Kreves Qxvfrivillig", VolunteerStatus.Approved)).User;
        await SetRequiredAsync(app, true);

        // The enrolment page is nothing without the password step.
        using (var stranger = app.Client())
        {
            var away = await stranger.GetUrlAsync(EnrolUrl);
            Assert.Equal(HttpStatusCode.Redirect, away.StatusCode);
            Assert.StartsWith("/logg-inn", away.Location(), StringComparison.Ordinal);
        }

        using var client = app.Client();
        var wrongPassword = await client.PostFormAsync("/logg-inn", [new("Input.Email", her.Email), new("Input.Password", "feil-passord-helt-feil")]);
        Assert.Equal(HttpStatusCode.OK, wrongPassword.StatusCode);
        var login = await app.LoginAsync(client, her, "/min-side");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal(EnrolUrl + "?ReturnUrl=%2Fmin-side", login.Location());

        // Not signed in yet: every page sends her to log in.
        var blocked = await client.GetUrlAsync("/min-side");
        Assert.Equal(HttpStatusCode.Redirect, blocked.StatusCode);
        Assert.StartsWith("/logg-inn", blocked.Location(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetUrlAsync("/konto")).StatusCode);

        var enrolUrl = login.Location();
        var key = KeyOf(await client.GetDocumentAsync(enrolUrl));
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var wrong = await Html.ParseAsync(await client.SubmitFormAsync(enrolUrl, "form[action*='handler=Totp']", [new("Code.Code", "000000")]));
        Assert.NotEmpty(Html.ErrorMessages(wrong));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetUrlAsync("/min-side")).StatusCode);

        var done = await Html.ParseAsync(await client.SubmitFormAsync(enrolUrl, "form[action*='handler=Totp']", [new("Code.Code", app.Code(key))]));
        Assert.Equal(10, done.QuerySelectorAll("[data-testid=recovery-codes] li").Length);
        Assert.NotNull(done.QuerySelector("main a[href='/min-side']"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetUrlAsync("/min-side")).StatusCode);
        Assert.True((await MyPagesPlanting.UserAsync(app, her.Id))!.TwoFactorEnabled);
        Assert.Equal(1, await AuditCountAsync(app, AuditActions.LoggedIn, her.Id));

        // While required, the code cannot be turned off.
        Assert.Null((await client.GetDocumentAsync("/konto")).QuerySelector("a[href='/konto/engangskode/av']"));
        var kept = await client.PostFormAsync("/konto/engangskode/av", [new("Input.Password", her.Password)]);
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        Assert.True((await MyPagesPlanting.UserAsync(app, her.Id))!.TwoFactorEnabled);

        // From now on she logs in with the app's codes.
        using var next = await app.LoggedInClientAsync(her with { TotpKey = key });
        Assert.Equal(HttpStatusCode.OK, (await next.GetUrlAsync("/min-side")).StatusCode);

        // Staff are unchanged: still the code, and a coordinator without one still cannot log in.
        var coordinator = await app.CreateUserAsync(Roles.Coordinator, [association]);
        using var staff = await app.LoggedInClientAsync(coordinator);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetUrlAsync("/frivillige")).StatusCode);
    }

    [Fact]
    public async Task SwitchingTheSettingOn_EndsPasswordOnlyVolunteerSessions_ButNotThoseWithTheCode()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Bryter");
        var plain = (await MyPagesPlanting.PlantAsync(app, association, "Bryter Qxvfrivillig", VolunteerStatus.Approved)).User;
        var coded = await WithAppAsync(app, (await MyPagesPlanting.PlantAsync(app, association, "Kode Qxvfrivillig", VolunteerStatus.Approved)).User);
        using var plainClient = await app.LoggedInClientAsync(plain);
        using var codedClient = await app.LoggedInClientAsync(coded);
        Assert.Equal(HttpStatusCode.OK, (await plainClient.GetUrlAsync("/min-side")).StatusCode);

        // The admin switches it on in the volunteer form; the change is audited like the other rules.
        var admin = await app.CreateUserAsync(Roles.NationalAdmin);
        using var adminClient = await app.LoggedInClientAsync(admin);
        var form = await adminClient.GetDocumentAsync(SettingsUrl);
        Assert.NotNull(form.QuerySelector("main form.rv-form input[type=checkbox][name='Volunteers.VolunteersRequireSecondFactor']"));
        var saved = await adminClient.SubmitFormAsync(SettingsUrl, "main form.rv-form",
        [
            new("Volunteers.VolunteerMinimumAge", "25"), new("Volunteers.PoliceCertificateMaxAgeMonths", "3"), new("Volunteers.PoliceCertificateRenewalYears", "3"),
            new("Volunteers.RenewalFirstReminderDays", "60"), new("Volunteers.RenewalSecondReminderDays", "30"), new("Volunteers.RejectedApplicationRetentionMonths", "6"),
            new("Volunteers.VolunteerRetentionMonths", "24"), new("Volunteers.VolunteersRequireSecondFactor", "true"),
        ]);
        Assert.True(saved.StatusCode == HttpStatusCode.Redirect, string.Join(" | ", Html.ErrorMessages(await Html.ParseAsync(saved))));
        Assert.True((await SettingsAsync(app)).VolunteersRequireSecondFactor);
        Assert.True(((IHtmlInputElement)(await adminClient.GetDocumentAsync(SettingsUrl)).QuerySelector("input[type=checkbox][name='Volunteers.VolunteersRequireSecondFactor']")!).IsChecked);
        await using (var scope = app.Services.CreateSystemScope())
        {
            var details = await scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditEntries
                .Where(e => e.Action == AuditActions.SettingsChanged).Select(e => e.Detail).ToListAsync(Ct);
            Assert.Contains(details, d => d != null && d.Contains("VolunteersRequireSecondFactor False→True", StringComparison.Ordinal));
        }

        // The password-only session is over: she is sent to log in again (and stays out).
        var sent = await plainClient.GetUrlAsync("/min-side");
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.StartsWith("/logg-inn", sent.Location(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await plainClient.GetUrlAsync("/min-side")).StatusCode);
        await using (var scope = app.Services.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.DoesNotContain(await db.UserSessions.Where(s => s.UserId == plain.Id).ToListAsync(Ct), s => s.IsOpen);
        }

        // Logging in again takes her to set up the code.
        var again = await app.LoginAsync(plainClient, plain, "/min-side");
        Assert.StartsWith(EnrolUrl, again.Location(), StringComparison.Ordinal);

        // The volunteer who logged in with her code keeps her session; staff are unaffected.
        Assert.Equal(HttpStatusCode.OK, (await codedClient.GetUrlAsync("/min-side")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await adminClient.GetUrlAsync(SettingsUrl)).StatusCode);
    }

    [Fact]
    public async Task WhenRequired_AnInvitedVolunteerSetsUpTheCodeWithHerPassword()
    {
        await using var app = await TestApp.CreateAsync();
        await SetRequiredAsync(app, true);
        var (association, _) = await app.CreateOrganisationAsync("Invitert");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            await users.CreateAsync(new AppUser { UserName = "ny@test.invalid", Email = "ny@test.invalid", DisplayName = "Ny Qxvfrivillig", Role = Roles.Volunteer });
        }

        var userId = (await FindUserAsync(app, "ny@test.invalid")).Id;
        string link;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var tokens = scope.ServiceProvider.GetRequiredService<Ressursvenn.Web.Security.OneTimeTokenService>();
            link = "/invitasjon?Token=" + Uri.EscapeDataString(tokens.Create(TokenPurpose.Invitation, userId));
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync(Ct);
        }

        using var client = app.Client();
        var password = await client.PostFormAsync(link, [new("Input.Password", TestUsers.Password), new("Input.ConfirmPassword", TestUsers.Password)]);
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        var key = KeyOf(await client.GetDocumentAsync(link));
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var done = await Html.ParseAsync(await client.SubmitFormAsync(link, "form[action*='handler=Totp']", [new("Code.Code", app.Code(key))]));
        Assert.Equal(10, done.QuerySelectorAll("[data-testid=recovery-codes] li").Length);
        Assert.True((await FindUserAsync(app, "ny@test.invalid")).TwoFactorEnabled);
    }

    private static string KeyOf(IHtmlDocument page) =>
        (page.QuerySelector("[data-testid=totp-key]") ?? throw new InvalidOperationException("No key on the page.")).TextContent.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();

    private static async Task<TestUser> WithAppAsync(TestApp app, TestUser user)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var account = (await users.FindByIdAsync(user.Id.ToString()))!;
        await users.ResetAuthenticatorKeyAsync(account);
        var key = await users.GetAuthenticatorKeyAsync(account);
        await users.SetTwoFactorEnabledAsync(account, true);
        return user with { TotpKey = key };
    }

    private static async Task<AppUser> FindUserAsync(TestApp app, string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email))!;
    }

    private static async Task SetRequiredAsync(TestApp app, bool required)
    {
        await using var scope = app.Services.CreateSystemScope();
        var stored = await scope.ServiceProvider.GetRequiredService<ProgrammeSettingsService>().GetForUpdateAsync(Ct);
        stored.VolunteersRequireSecondFactor = required;
        await scope.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync(Ct);
    }

    private static async Task<ProgrammeSettings> SettingsAsync(TestApp app)
    {
        await using var scope = app.Services.CreateSystemScope();
        return await scope.ServiceProvider.GetRequiredService<ProgrammeSettingsService>().GetAsync(Ct);
    }

    private static async Task<int> AuditCountAsync(TestApp app, string action, Guid userId)
    {
        await using var scope = app.Services.CreateSystemScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditEntries.CountAsync(e => e.Action == action && e.EntityId == userId, Ct);
    }
}
