using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Ressursvenn.BrowserTests.Infrastructure;

/// <summary>
/// The steps a person takes, through the real pages in Norwegian: fields found by their label, buttons by their
/// text. Shared by the tests and by the fixtures that need a logged-in admin.
/// </summary>
public static partial class Journeys
{
    public const string Password = "Blåbær på tur i regnvær hver tirsdag";

    /// <summary>A new person's name and e-mail address, unique in the run.</summary>
    public static (string Name, string Email) NewPerson(string first)
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        return ($"{first} Testesen {id}", $"{first.ToLowerInvariant()}-{id}@test.invalid");
    }

    /// <summary>The first admin, from the setup link: name, e-mail, password twice, then the authenticator; ends on her home page.</summary>
    public static async Task<Account> SetUpFirstAdminAsync(IPage page, string setupLink)
    {
        ArgumentNullException.ThrowIfNull(page);
        var (name, email) = NewPerson("Admin");
        await page.GotoAsync(setupLink);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Opprett den første administratoren", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("Navn", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("E-postadresse").FillAsync(email);
        await page.GetByLabel("Nytt passord", new() { Exact = true }).FillAsync(Password);
        await page.GetByLabel("Gjenta passordet").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Neste: engangskode" }).ClickAsync();

        var authenticator = await EnrolAuthenticatorAsync(page, mistypeFirst: true);
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Administratoren er opprettet, og du er logget inn." })).ToBeVisibleAsync();
        await FinishRecoveryCodesAsync(page);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Hei, {name}");
        return new Account(name, email, Password, authenticator);
    }

    /// <summary>
    /// The authenticator step: reads the key shown as text, types the code an app would show, confirms. With
    /// <paramref name="mistypeFirst"/>, a wrong code is tried first: the page must say what to do about it, and only that.
    /// </summary>
    public static async Task<Authenticator> EnrolAuthenticatorAsync(IPage page, bool mistypeFirst = false)
    {
        ArgumentNullException.ThrowIfNull(page);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sett opp innlogging med engangskode" })).ToBeVisibleAsync();
        var shown = await page.Locator("[data-testid=totp-key]").InnerTextAsync();
        var key = WhiteSpace().Replace(shown, string.Empty).ToUpperInvariant();
        var authenticator = new Authenticator(key);
        if (mistypeFirst)
        {
            await page.GetByLabel("Kode fra appen").FillAsync(authenticator.WrongCode());
            await page.GetByRole(AriaRole.Button, new() { Name = "Bekreft og fullfør" }).ClickAsync();
            var summary = page.Locator("#error-summary");
            await Expect(summary).ToBeVisibleAsync();
            await Expect(summary.GetByRole(AriaRole.Listitem)).ToHaveTextAsync([new Regex("^Koden stemmer ikke\\.")]);
            await Expect(page.GetByLabel("Kode fra appen")).ToHaveAttributeAsync("aria-invalid", "true");
            // The key stays the same, so the app already set up keeps working.
            Assert.Equal(shown, await page.Locator("[data-testid=totp-key]").InnerTextAsync());
        }

        await page.GetByLabel("Kode fra appen").FillAsync(await authenticator.NextCodeAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Bekreft og fullfør" }).ClickAsync();
        return authenticator;
    }

    /// <summary>Ten recovery codes are shown once; the person confirms she kept them and goes on to her home page.</summary>
    public static async Task FinishRecoveryCodesAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Gjenopprettingskoder" })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=recovery-codes] li")).ToHaveCountAsync(10);
        await page.GetByRole(AriaRole.Link, new() { Name = "Jeg har tatt vare på kodene – fortsett" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(new Uri(page.Url), "/").ToString());
    }

    /// <summary>Logs in with e-mail, password and a fresh code from the authenticator; ends on the home page.</summary>
    public static async Task LogInAsync(IPage page, Account account)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(account);
        await page.GotoAsync("/logg-inn");
        await LogInHereAsync(page, account);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Hei, {account.Name}");
    }

    /// <summary>
    /// Signs in on the login page already shown (as after a session timed out, with the way back in its address), with
    /// e-mail, password and a fresh code (none for a volunteer without an authenticator); ends wherever the login leads.
    /// </summary>
    public static async Task LogInHereAsync(IPage page, Account account)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(account);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Logg inn", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("E-postadresse").FillAsync(account.Email);
        await page.GetByLabel("Passord", new() { Exact = true }).FillAsync(account.Password);
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "Logg inn" }).ClickAsync();
        if (account.Authenticator is null)
        {
            return;
        }

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Skriv inn engangskoden", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("Kode", new() { Exact = true }).FillAsync(await account.Authenticator.NextCodeAsync());
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "Logg inn" }).ClickAsync();
    }

    /// <summary>
    /// The main menu, opened first when it is folded into its "Meny" line (a phone-width screen), as a person on a
    /// phone would tap it.
    /// </summary>
    public static async Task<ILocator> OpenMenuAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var menu = page.GetByRole(AriaRole.Navigation, new() { Name = "Hovedmeny" });
        var toggle = menu.Locator("details.rv-menu:not([open]) > summary");
        if (await toggle.IsVisibleAsync())
        {
            await toggle.ClickAsync();
        }

        return menu;
    }

    /// <summary>"Logg ut" in the menu (opened first on a phone); ends on the login page.</summary>
    public static async Task LogOutAsync(IPage page)
    {
        var menu = await OpenMenuAsync(page);
        await menu.GetByRole(AriaRole.Button, new() { Name = "Logg ut" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/logg-inn$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Logg inn", Level = 1 })).ToBeVisibleAsync();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
