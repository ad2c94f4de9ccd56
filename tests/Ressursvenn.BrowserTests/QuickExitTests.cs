using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Ressursvenn.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Ressursvenn.BrowserTests;

/// <summary>Quick exit (SR15): one click or Shift three times leaves for a neutral site, and "Back" does not return.</summary>
[Collection(MainAppDefinition.Name)]
public sealed partial class QuickExitTests(MainAppFixture fixture)
{
    private BrowserHost Browser => fixture.Browser;

    [Fact]
    public async Task QuickExitLink_LeavesForNeutralSite_AndBackDoesNotReturnToThePageLeft()
    {
        await using var context = await Browser.NewContextAsync(fixture.App);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/om");
        await page.GotoAsync("/logg-inn");
        var entriesBefore = await page.EvaluateAsync<int>("history.length");

        await page.GetByRole(AriaRole.Link, new() { Name = "Gå ut raskt" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(Browser.Neutral.Url);
        await Expect(page).ToHaveTitleAsync(NeutralSite.Title);
        // The login page's history entry was replaced, not added to.
        Assert.Equal(entriesBefore, await page.EvaluateAsync<int>("history.length"));
        await page.GoBackAsync();
        await Expect(page).ToHaveURLAsync(fixture.App.Url("/om"));
    }

    [Fact]
    public async Task ShiftPressedThreeTimes_LeavesForNeutralSite()
    {
        await using var context = await Browser.NewContextAsync(fixture.App);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/logg-inn");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Logg inn", Level = 1 })).ToBeVisibleAsync();

        for (var i = 0; i < 3; i++)
        {
            await page.Keyboard.PressAsync("Shift");
        }

        await Expect(page).ToHaveURLAsync(Browser.Neutral.Url);
        await Expect(page).ToHaveTitleAsync(NeutralSite.Title);
    }

    [Fact]
    public async Task QuickExitLink_WorksWithoutJavaScript()
    {
        await using var context = await Browser.NewContextAsync(fixture.App, javaScript: false);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/logg-inn");

        await page.GetByRole(AriaRole.Link, new() { Name = "Gå ut raskt" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(Browser.Neutral.Url);
        await Expect(page).ToHaveTitleAsync(NeutralSite.Title);
    }

    [Fact]
    public async Task QuickExit_EndsTheSessionOnTheServer_SoItsOldCookieNoLongerWorks()
    {
        await using var context = await Browser.NewContextAsync(fixture.App);
        var page = await context.NewPageAsync();
        await Journeys.LogInAsync(page, fixture.Admin);
        var cookies = await context.CookiesAsync();
        Assert.Contains(cookies, c => c.Name == "__Host-rv");
        await page.GotoAsync("/konto");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Min konto", Level = 1 })).ToBeVisibleAsync();

        // Staff pages show no quick-exit link; the address works for everyone.
        await page.GotoAsync("/ut");
        await Expect(page).ToHaveURLAsync(Browser.Neutral.Url);
        // The browser was told to forget the site's cookies ...
        Assert.DoesNotContain(await context.CookiesAsync(fixture.App.BaseUrl.ToString()), c => c.Name == "__Host-rv");

        // ... and even a copy of the old session cookie is refused: the session is over on the server.
        await context.AddCookiesAsync(cookies.Select(ToCookie));
        await page.GotoAsync("/konto");
        await Expect(page).ToHaveURLAsync(LoginPage());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Logg inn", Level = 1 })).ToBeVisibleAsync();
    }

    private static Cookie ToCookie(BrowserContextCookiesResult c) => new()
    {
        Name = c.Name,
        Value = c.Value,
        Domain = c.Domain,
        Path = c.Path,
        Expires = c.Expires,
        HttpOnly = c.HttpOnly,
        Secure = c.Secure,
        SameSite = c.SameSite,
    };

    [GeneratedRegex(@"/logg-inn(\?|$)")]
    private static partial Regex LoginPage();
}
