using Microsoft.Playwright;
using Ressursvenn.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Ressursvenn.BrowserTests;

/// <summary>Norwegian by default; the switch in the menu changes the whole page and stays on it.</summary>
[Collection(MainAppDefinition.Name)]
public sealed class LanguageTests(MainAppFixture fixture)
{
    [Fact]
    public async Task LanguageSwitch_ChangesToEnglishAndBack_OnTheSamePage()
    {
        await using var context = await fixture.Browser.NewContextAsync(fixture.App);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/logg-inn");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "nb");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Logg inn");

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(fixture.App.Url("/logg-inn"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Log in");
        await Expect(page.GetByLabel("E-mail address")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Exit quickly" })).ToBeVisibleAsync();

        // The choice is remembered on the next page.
        await page.GotoAsync("/glemt-passord");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");

        await page.GotoAsync("/logg-inn");
        await page.GetByRole(AriaRole.Button, new() { Name = "Norsk" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(fixture.App.Url("/logg-inn"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "nb");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Logg inn");
        await Expect(page.GetByLabel("E-postadresse")).ToBeVisibleAsync();
    }
}
