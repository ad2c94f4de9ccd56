using System.Net;
using System.Text.RegularExpressions;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.IntegrationTests.Security;

/// <summary>SR2, SR9, SR12: invitations by neutral e-mail, with a link that works once and for 72 hours.</summary>
public sealed partial class InvitationTests
{
    [Fact]
    public async Task Invitation_SendsANeutralMail_AndItsLinkSetsUpTheAccountOnce()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Invitasjon");
        var admin = await app.CreateUserAsync(Roles.NationalAdmin);
        using var adminClient = await app.LoggedInClientAsync(admin);
        const string name = "Ingrid Inviterud";
        var email = $"ingrid-{Guid.NewGuid():N}@test.invalid";

        var link = await InviteAsync(app, adminClient, name, email, association);

        var mail = Assert.Single(app.Mail.Messages, m => m.To == email);
        foreach (var word in new[] { "Ingrid", "Inviterud", "ressursvenn", "vold", "krisesenter", "violence", "crisis" })
        {
            Assert.DoesNotContain(word, mail.Subject, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain("Inviterud", mail.TextBody, StringComparison.Ordinal);
        Assert.Single(UrlPattern().Matches(mail.TextBody));
        Assert.Single(HrefPattern().Matches(mail.HtmlBody));
        Assert.StartsWith("/invitasjon?token=", link, StringComparison.Ordinal);

        using var browser = app.Client();
        await AcceptAsync(app, browser, link);

        var home = await browser.GetUrlAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains(name, (await Html.ParseAsync(home)).QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetUrlAsync("/konto")).StatusCode);

        using var again = app.Client();
        Assert.Equal(HttpStatusCode.NotFound, (await again.GetUrlAsync(link)).StatusCode);
        var token = await again.AntiforgeryTokenAsync("/logg-inn");
        var replay = await again.PostRawFormAsync(link, [new("Input.Password", "Et annet passord som er langt"), new("Input.ConfirmPassword", "Et annet passord som er langt"), new("__RequestVerificationToken", token)]);
        Assert.Equal(HttpStatusCode.NotFound, replay.StatusCode);
    }

    [Fact]
    public async Task InvitationLink_WorksAt71Hours_AndGives404After72HoursAndOneMinute()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Utløp");
        var admin = await app.CreateUserAsync(Roles.NationalAdmin);
        using var adminClient = await app.LoggedInClientAsync(admin);
        var acceptedAt71Hours = await InviteAsync(app, adminClient, "Tidlig Tone", $"tone-{Guid.NewGuid():N}@test.invalid", association);
        var leftFor72Hours = await InviteAsync(app, adminClient, "Sein Siri", $"siri-{Guid.NewGuid():N}@test.invalid", association);

        app.Clock.Advance(TimeSpan.FromHours(71));
        using (var browser = app.Client())
        {
            Assert.Equal(HttpStatusCode.OK, (await browser.GetUrlAsync(leftFor72Hours)).StatusCode);
            await AcceptAsync(app, browser, acceptedAt71Hours);
            Assert.Equal(HttpStatusCode.OK, (await browser.GetUrlAsync("/konto")).StatusCode);
        }

        app.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        using var tooLate = app.Client();
        Assert.Equal(HttpStatusCode.NotFound, (await tooLate.GetUrlAsync(leftFor72Hours)).StatusCode);
        var token = await tooLate.AntiforgeryTokenAsync("/logg-inn");
        var post = await tooLate.PostRawFormAsync(leftFor72Hours, [new("Input.Password", "Et passord som er langt nok"), new("Input.ConfirmPassword", "Et passord som er langt nok"), new("__RequestVerificationToken", token)]);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
    }

    /// <summary>Invites through the admin page and returns the link from the captured mail.</summary>
    private static async Task<string> InviteAsync(TestApp app, HttpClient admin, string name, string email, Guid association)
    {
        var response = await admin.PostFormAsync("/admin/brukere/inviter",
            [new("Input.Name", name), new("Input.Email", email), new("Input.Role", Roles.Coordinator), new("Input.AssociationIds", association.ToString())]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin/brukere", response.Location());
        return app.Mail.LastLinkTo(email);
    }

    /// <summary>The two steps of an invitation: a password, then the authenticator code from the key shown.</summary>
    private static async Task AcceptAsync(TestApp app, HttpClient browser, string link)
    {
        var first = await browser.GetUrlAsync(link);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var token = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(link.Split('?', 2)[1])["token"].ToString();
        const string password = "Min egen lange passordsetning 5";
        var passwordStep = await browser.PostFormAsync(link, [new("Token", token), new("Input.Password", password), new("Input.ConfirmPassword", password)]);
        Assert.Equal(HttpStatusCode.Redirect, passwordStep.StatusCode);

        var totpPage = await Html.ParseAsync(await browser.GetUrlAsync(passwordStep.Location()));
        var key = totpPage.QuerySelector("[data-testid=totp-key]")!.TextContent.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        Assert.NotEmpty(key);

        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var done = await browser.PostFormAsync(passwordStep.Location(), [new("Token", token), new("Code.Code", app.Code(key))], "/invitasjon?handler=Totp&token=" + Uri.EscapeDataString(token));
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Contains(done.SetCookies(), c => c.StartsWith("__Host-rv=", StringComparison.Ordinal));
        var codes = (await Html.ParseAsync(done)).QuerySelectorAll("[data-testid=recovery-codes] code");
        Assert.Equal(10, codes.Length);
    }

    [GeneratedRegex(@"https?://")]
    private static partial Regex UrlPattern();

    [GeneratedRegex(@"href=""")]
    private static partial Regex HrefPattern();
}
