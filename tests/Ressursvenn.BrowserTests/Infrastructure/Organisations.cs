using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Ressursvenn.BrowserTests.Infrastructure;

/// <summary>
/// Sets up what a journey needs the way the national admin does it, through the real admin pages in Norwegian:
/// local associations, crisis centres, and people of each role invited by e-mail who take their account into use
/// (password, authenticator, recovery codes). No test-only shortcut into the app.
/// </summary>
public static class Organisations
{
    /// <summary>A name unique in the run, e.g. "Testforening Oslo 3f9a1c".</summary>
    public static string UniqueName(string prefix) => $"{prefix} {Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>"Ny lokalforening": name, county and the municipalities it covers (labels as shown, e.g. "Oslo (0301)").</summary>
    public static async Task CreateAssociationAsync(IPage admin, string name, string county, params string[] municipalities)
    {
        ArgumentNullException.ThrowIfNull(admin);
        await admin.GotoAsync("/admin/forening");
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Ny lokalforening", Level = 1 })).ToBeVisibleAsync();
        await admin.GetByLabel("Navn", new() { Exact = true }).FillAsync(name);
        await admin.GetByLabel("Fylke").SelectOptionAsync(new SelectOptionValue { Label = county });
        await TickInFilteredListAsync(admin, "Kommuner foreningen dekker", municipalities);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Lagre" }).ClickAsync();
        await Expect(admin).ToHaveURLAsync(new Regex("/admin/foreninger$"));
        await Expect(admin.GetByRole(AriaRole.Status).Filter(new() { HasText = "Lagret." })).ToBeVisibleAsync();
        await Expect(admin.GetByRole(AriaRole.Main)).ToContainTextAsync(name);
    }

    /// <summary>
    /// Ticks items of a long checkbox list (grouped in closed disclosures) the way a user would: types each into the
    /// list's search field and ticks it; with a space, the search starts from the label's first word.
    /// </summary>
    public static async Task TickInFilteredListAsync(IPage page, string legend, params string[] labels)
    {
        ArgumentNullException.ThrowIfNull(page);
        var list = page.GetByRole(AriaRole.Group, new() { Name = legend });
        foreach (var label in labels)
        {
            await list.GetByLabel("Søk i listen").FillAsync(label.Split(' ')[0]);
            await list.GetByLabel(label, new() { Exact = true }).CheckAsync();
        }

        await list.GetByLabel("Søk i listen").FillAsync(string.Empty);
    }

    /// <summary>"Nytt krisesenter": name, municipality and the associations its referrals may go to.</summary>
    public static async Task CreateCrisisCentreAsync(IPage admin, string name, string municipality, params string[] associations)
    {
        ArgumentNullException.ThrowIfNull(admin);
        await admin.GotoAsync("/admin/krisesenter");
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Nytt krisesenter", Level = 1 })).ToBeVisibleAsync();
        await admin.GetByLabel("Navn", new() { Exact = true }).FillAsync(name);
        await admin.GetByLabel("Kommune", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = municipality });
        var group = admin.GetByRole(AriaRole.Group, new() { Name = "Lokalforeninger senteret samarbeider med" });
        foreach (var association in associations)
        {
            await group.GetByLabel(association, new() { Exact = true }).CheckAsync();
        }

        await admin.GetByRole(AriaRole.Button, new() { Name = "Lagre" }).ClickAsync();
        await Expect(admin).ToHaveURLAsync(new Regex("/admin/krisesentre$"));
        await Expect(admin.GetByRole(AriaRole.Status).Filter(new() { HasText = "Lagret." })).ToBeVisibleAsync();
        await Expect(admin.GetByRole(AriaRole.Main)).ToContainTextAsync(name);
    }

    /// <summary>
    /// The admin invites a person (role as shown, e.g. "Koordinator" with <paramref name="association"/>, or
    /// "Krisesenteransatt" with <paramref name="crisisCentre"/>), and she takes the account into use from the e-mail in
    /// her own browser. Returns her account and the cookies of the session she ends up with (Playwright storage
    /// state), so a test can continue as her without spending another one-time code.
    /// </summary>
    public static async Task<Member> AddPersonAsync(
        BrowserHost browser, AppProcess app, IPage admin, string first, string role, string? association = null, string? crisisCentre = null)
    {
        ArgumentNullException.ThrowIfNull(browser);
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(admin);
        var (name, email) = Journeys.NewPerson(first);
        await admin.GotoAsync("/admin/brukere/inviter");
        await admin.GetByLabel("Navn", new() { Exact = true }).FillAsync(name);
        await admin.GetByLabel("E-postadresse").FillAsync(email);
        await admin.GetByLabel("Rolle").SelectOptionAsync(new SelectOptionValue { Label = role });
        if (association is not null)
        {
            await admin.GetByRole(AriaRole.Group, new() { Name = "Lokalforeninger" }).GetByLabel(association, new() { Exact = true }).CheckAsync();
        }

        if (crisisCentre is not null)
        {
            await admin.GetByLabel("Krisesenter", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = crisisCentre });
        }

        await admin.GetByRole(AriaRole.Button, new() { Name = "Send invitasjon" }).ClickAsync();
        await Expect(admin).ToHaveURLAsync(new Regex("/admin/brukere$"));
        await Expect(admin.GetByRole(AriaRole.Status).Filter(new() { HasText = "Invitasjonen er sendt." })).ToBeVisibleAsync();

        var link = await Mailbox.LinkInNewestMessageAsync(app, email, "/invitasjon");
        await using var context = await browser.NewContextAsync(app);
        var page = await context.NewPageAsync();
        await page.GotoAsync(link);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Opprett kontoen din", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("Nytt passord", new() { Exact = true }).FillAsync(Journeys.Password);
        await page.GetByLabel("Gjenta passordet").FillAsync(Journeys.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre passordet" }).ClickAsync();
        var authenticator = await Journeys.EnrolAuthenticatorAsync(page);
        await Journeys.FinishRecoveryCodesAsync(page);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Hei, {name}");
        return new Member(new Account(name, email, Journeys.Password, authenticator), await context.StorageStateAsync());
    }
}

/// <summary>A person with an account, and the cookies of the session she got when she took it into use.</summary>
public sealed record Member(Account Account, string State);
