using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Ressursvenn.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Ressursvenn.BrowserTests;

/// <summary>
/// ADR 0006: the whole password-reset journey in a browser — "Glemt passordet?", the e-mail, the link, a new
/// password, and logging in with it and the second factor — for a coordinator and for a volunteer, first without a
/// code and then with one. The link works once.
/// </summary>
[Collection(MainAppDefinition.Name)]
public sealed class PasswordResetTests(MainAppFixture fixture)
{
    [Fact]
    public async Task Coordinator_ResetsHerPasswordFromTheEmail_AndLogsInWithItAndHerCode()
    {
        var app = fixture.App;
        var (association, member) = await AssociationWithCoordinatorAsync("Testforening Glemt", "Gunn");
        var coordinator = member.Account;

        await using var context = await fixture.Browser.NewContextAsync(app);
        var page = await context.NewPageAsync();
        var renewed = coordinator with { Password = "Ny setning om fjell og hav i regnvær" };
        await ResetPasswordAsync(context, page, coordinator.Email, renewed.Password);

        // The old password no longer works; the new one does, with the code from her app.
        await TypePasswordAsync(page, coordinator.Email, coordinator.Password);
        await Expect(page.Locator("#error-summary")).ToBeVisibleAsync();
        await Journeys.LogInAsync(page, renewed);
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync(association);
    }

    [Fact]
    public async Task Volunteer_ResetsHerPassword_WithoutACode_AndAgainAfterTurningTheCodeOn()
    {
        var app = fixture.App;
        var (association, coordinatorMember) = await AssociationWithCoordinatorAsync("Testforening Glemt Frivillig", "Tove");
        await using var coordinatorContext = await fixture.Browser.NewContextAsync(app, storageState: coordinatorMember.State);
        var coordinator = await coordinatorContext.NewPageAsync();

        // She applies, the coordinator invites her after the first step, and she chooses a password (no code).
        var (name, email) = Journeys.NewPerson("Vigdis");
        await using var phone = await fixture.Browser.NewContextAsync(app, width: 390, height: 844);
        var volunteer = await phone.NewPageAsync();
        await Journeys.ApplyAsVolunteerAsync(volunteer, association, name, email, Journeys.OsloToday().AddYears(-40));
        await coordinator.GotoAsync("/frivillige");
        await coordinator.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Flytt til intervju" }).ClickAsync();
        await Journeys.ExpectStatusAsync(coordinator, "Hun er flyttet til neste steg.");
        await coordinator.GetByRole(AriaRole.Region, new() { Name = "Konto" }).GetByRole(AriaRole.Button, new() { Name = "Inviter henne til å lage konto" }).ClickAsync();
        await Journeys.ExpectStatusAsync(coordinator, "Invitasjonen er sendt.");
        await volunteer.GotoAsync(await Mailbox.LinkInNewestMessageAsync(app, email, "/invitasjon"));
        await volunteer.GetByLabel("Nytt passord", new() { Exact = true }).FillAsync(Journeys.Password);
        await volunteer.GetByLabel("Gjenta passordet").FillAsync(Journeys.Password);
        await volunteer.GetByRole(AriaRole.Button, new() { Name = "Lagre passordet" }).ClickAsync();
        await Journeys.ExpectStatusAsync(volunteer, "Kontoen din er klar, og du er logget inn.");
        await Journeys.LogOutAsync(volunteer);

        // Forgotten: a new password, and she logs in with it alone.
        var first = "Fiolett himmel over stille vann i mai";
        await ResetPasswordAsync(phone, volunteer, email, first);
        await TypePasswordAsync(volunteer, email, first);
        await Expect(volunteer.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Hei, {name}");

        // She turns the code on (confirming with her password), and is told by e-mail.
        await volunteer.GotoAsync("/konto");
        await volunteer.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Slå på engangskode" }).ClickAsync();
        await volunteer.GetByLabel("Passordet ditt nå").FillAsync(first);
        await volunteer.GetByRole(AriaRole.Button, new() { Name = "Bekreft at det er meg" }).ClickAsync();
        var authenticator = await Journeys.EnrolAuthenticatorAsync(volunteer);
        await Journeys.ExpectStatusAsync(volunteer, "Engangskoden er slått på.");
        await Expect(volunteer.Locator("[data-testid=recovery-codes] li")).ToHaveCountAsync(10);
        await Journeys.LogOutAsync(volunteer);

        // Forgotten again: after the new password, the code is asked for.
        var second = new Account(name, email, "Gule blader på grusveien hver høst", authenticator);
        await ResetPasswordAsync(phone, volunteer, email, second.Password);
        await Journeys.LogInAsync(volunteer, second);
        await Expect(volunteer.Locator("a.rv-quick-exit")).ToBeVisibleAsync();
    }

    /// <summary>A new association covering Oslo, made by the admin, and its coordinator, who has taken her account into use.</summary>
    private async Task<(string Association, Member Coordinator)> AssociationWithCoordinatorAsync(string prefix, string first)
    {
        var association = Organisations.UniqueName(prefix);
        await using var adminContext = await fixture.Browser.NewContextAsync(fixture.App, storageState: fixture.AdminState);
        var admin = await adminContext.NewPageAsync();
        await Organisations.CreateAssociationAsync(admin, association, "Oslo", "Oslo (0301)");
        return (association, await Organisations.AddPersonAsync(fixture.Browser, fixture.App, admin, first, "Koordinator", association: association));
    }

    /// <summary>
    /// "Glemt passordet?" from the login page, the link from the e-mail, the new password twice; ends on the login page
    /// with its message. The link is refused the second time.
    /// </summary>
    private async Task ResetPasswordAsync(IBrowserContext context, IPage page, string email, string newPassword)
    {
        await page.GotoAsync("/logg-inn");
        await page.GetByRole(AriaRole.Link, new() { Name = "Glemt passordet?" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Glemt passordet", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("E-postadresse").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send lenke" }).ClickAsync();
        await Journeys.ExpectStatusAsync(page, "Hvis adressen har en konto hos oss, har vi sendt en lenke dit.");

        var link = await Mailbox.LinkInNewestMessageAsync(fixture.App, email, "/nytt-passord");
        await page.GotoAsync(link);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Velg nytt passord", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("Nytt passord", new() { Exact = true }).FillAsync(newPassword);
        await page.GetByLabel("Gjenta passordet").FillAsync(newPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre nytt passord" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/logg-inn$"));
        await Journeys.ExpectStatusAsync(page, "Passordet er endret.");

        var reused = await (await context.NewPageAsync()).GotoAsync(link);
        Assert.Equal(404, reused?.Status);
    }

    private static async Task TypePasswordAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/logg-inn");
        await page.GetByLabel("E-postadresse").FillAsync(email);
        await page.GetByLabel("Passord", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "Logg inn" }).ClickAsync();
    }
}
