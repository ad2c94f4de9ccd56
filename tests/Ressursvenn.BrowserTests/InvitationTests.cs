using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Ressursvenn.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Ressursvenn.BrowserTests;

/// <summary>The admin makes a local association and invites its coordinator, who takes the account into use.</summary>
[Collection(MainAppDefinition.Name)]
public sealed class InvitationTests(MainAppFixture fixture)
{
    [Fact]
    public async Task Admin_InvitesCoordinator_WhoSetsPasswordEnrolsAuthenticatorAndLogsInAgain()
    {
        var app = fixture.App;
        var association = $"Testby sanitetsforening {Guid.NewGuid().ToString("N")[..6]}";
        var (name, email) = Journeys.NewPerson("Kari");

        // The admin: a new local association covering two municipalities ...
        await using var adminContext = await fixture.Browser.NewContextAsync(app, storageState: fixture.AdminState);
        var admin = await adminContext.NewPageAsync();
        await admin.GotoAsync("/");
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Hei, {fixture.Admin.Name}");
        await Screenshots.TakeAsync(admin, "admin-home-nb-1280");
        await admin.GotoAsync("/admin/forening");
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Ny lokalforening", Level = 1 })).ToBeVisibleAsync();
        await admin.GetByLabel("Navn", new() { Exact = true }).FillAsync(association);
        await admin.GetByLabel("Fylke").SelectOptionAsync(new SelectOptionValue { Label = "Rogaland" });
        await Organisations.TickInFilteredListAsync(admin, "Kommuner foreningen dekker", "Stavanger (1103)", "Sandnes (1108)");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Lagre" }).ClickAsync();
        await Expect(admin).ToHaveURLAsync(new Regex("/admin/foreninger$"));
        await Expect(admin.GetByRole(AriaRole.Status).Filter(new() { HasText = "Lagret." })).ToBeVisibleAsync();
        await Expect(admin.GetByRole(AriaRole.Main)).ToContainTextAsync(association);

        // ... and an invitation to its coordinator.
        await admin.GotoAsync("/admin/brukere/inviter");
        await admin.GetByLabel("Navn", new() { Exact = true }).FillAsync(name);
        await admin.GetByLabel("E-postadresse").FillAsync(email);
        await admin.GetByLabel("Rolle").SelectOptionAsync(new SelectOptionValue { Label = "Koordinator" });
        await admin.GetByRole(AriaRole.Group, new() { Name = "Lokalforeninger" }).GetByLabel(association).CheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Send invitasjon" }).ClickAsync();
        await Expect(admin).ToHaveURLAsync(new Regex("/admin/brukere$"));
        await Expect(admin.GetByRole(AriaRole.Status).Filter(new() { HasText = "Invitasjonen er sendt." })).ToBeVisibleAsync();

        // The coordinator, in her own browser, follows the link in the e-mail.
        var link = await Mailbox.LinkInNewestMessageAsync(app, email, "/invitasjon");
        await using var coordinatorContext = await fixture.Browser.NewContextAsync(app);
        var page = await coordinatorContext.NewPageAsync();
        await page.GotoAsync(link);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Opprett kontoen din", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync($"Velkommen, {name}.");
        await page.GetByLabel("Nytt passord", new() { Exact = true }).FillAsync(Journeys.Password);
        await page.GetByLabel("Gjenta passordet").FillAsync(Journeys.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre passordet" }).ClickAsync();

        var authenticator = await Journeys.EnrolAuthenticatorAsync(page);
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Kontoen din er klar, og du er logget inn." })).ToBeVisibleAsync();
        await Journeys.FinishRecoveryCodesAsync(page);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Hei, {name}");
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync(association);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "I dag" })).ToBeVisibleAsync();
        await Screenshots.TakeAsync(page, "coordinator-home-nb-1280");
        // A coordinator has no admin menu.
        await Expect(page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Brukere" })).ToHaveCountAsync(0);

        // The invitation link is used up.
        var reused = await (await coordinatorContext.NewPageAsync()).GotoAsync(link);
        Assert.Equal(404, reused?.Status);

        var coordinator = new Account(name, email, Journeys.Password, authenticator);
        await Journeys.LogOutAsync(page);
        await Journeys.LogInAsync(page, coordinator);
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync(association);

        // The admin sees her as active.
        await admin.GotoAsync("/admin/brukere");
        await Expect(admin.GetByRole(AriaRole.Row).Filter(new() { HasText = name })).ToContainTextAsync("I bruk");
    }
}
