using Microsoft.Playwright;
using Ressursvenn.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Ressursvenn.BrowserTests;

/// <summary>Before an idle session ends, a dialog warns, and one click keeps the person logged in.</summary>
[Collection(ShortSessionAppDefinition.Name)]
public sealed class SessionWarningTests(ShortSessionAppFixture fixture)
{
    [Fact]
    public async Task IdleSession_ShowsWarningBeforeTimeout_AndContinueKeepsTheSession()
    {
        await using var context = await fixture.Browser.NewContextAsync(fixture.App, storageState: fixture.AdminState);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/konto");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Min konto", Level = 1 })).ToBeVisibleAsync();
        var dialog = page.Locator("#rv-session-warning");
        await Expect(dialog).ToBeHiddenAsync();

        // Idle 3 minutes, warning 170 s before: the dialog opens about 10 s after the page loaded.
        await Expect(dialog).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(dialog.GetByRole(AriaRole.Heading, new() { Name = "Du blir snart logget ut" })).ToBeVisibleAsync();
        await Expect(dialog).ToContainTextAsync("Av sikkerhetshensyn logges du ut om");

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Fortsett å være innlogget" }).ClickAsync();

        await Expect(dialog).ToBeHiddenAsync();
        Assert.False(await dialog.EvaluateAsync<bool>("d => d.open"));
        // Still logged in: the page works without a new login.
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Min konto", Level = 1 })).ToBeVisibleAsync();
    }
}
