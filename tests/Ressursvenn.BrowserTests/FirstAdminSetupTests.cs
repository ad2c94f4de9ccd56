using Microsoft.Playwright;
using Ressursvenn.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Ressursvenn.BrowserTests;

/// <summary>The very first start: the printed one-time link makes the first national admin, with an authenticator.</summary>
public sealed class FirstAdminSetupTests(BrowserHost browser)
{
    [Fact]
    public async Task SetupLink_CreatesAdminWithAuthenticator_WhoCanLogOutAndInAgainWithAFreshCode()
    {
        await using var app = await AppProcess.StartAsync(browser.Neutral.Url);
        await using var context = await browser.NewContextAsync(app);
        var page = await context.NewPageAsync();

        var admin = await Journeys.SetUpFirstAdminAsync(page, app.SetupLink);
        // The admin's home page: her numbers and the main action.
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Inviter en bruker" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Brukere" })).ToBeVisibleAsync();

        // The link worked once: it is used up now.
        var again = await context.NewPageAsync();
        var response = await again.GotoAsync(app.SetupLink);
        Assert.Equal(404, response?.Status);
        await again.CloseAsync();

        await Journeys.LogOutAsync(page);
        await page.GotoAsync("/konto");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/logg-inn\\?ReturnUrl=%2Fkonto$"));

        await Journeys.LogInAsync(page, admin);
        await page.GotoAsync("/konto");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Min konto", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync(admin.Email);
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("Nasjonal administrator");
    }
}
