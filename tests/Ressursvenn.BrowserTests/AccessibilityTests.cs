using Microsoft.Playwright;
using Ressursvenn.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Ressursvenn.BrowserTests;

/// <summary>
/// WCAG 2.1 AA on the public pages, in Norwegian and English: no serious or critical axe violation, and no
/// horizontal scrolling at 320 px (the width of 400 % zoom on a 1280 px screen).
/// </summary>
[Collection(MainAppDefinition.Name)]
public sealed class AccessibilityTests(MainAppFixture fixture)
{
    private const int NarrowWidth = 320;

    private static readonly string[] PublicPages = ["/logg-inn", "/glemt-passord", "/om", "/tryggere-nettbruk"];

    [Fact]
    public async Task PublicPages_HaveNoSeriousViolations_AndNoHorizontalScrollAt320px_InBothLanguages()
    {
        var problems = new List<string>();
        foreach (var english in new[] { false, true })
        {
            await using var desktop = await fixture.Browser.NewContextAsync(fixture.App);
            await using var narrow = await fixture.Browser.NewContextAsync(fixture.App, width: NarrowWidth, height: 640);
            var wide = await desktop.NewPageAsync();
            var small = await narrow.NewPageAsync();
            if (english)
            {
                await AccessibilityChecks.SwitchToEnglishAsync(wide);
                await AccessibilityChecks.SwitchToEnglishAsync(small);
            }

            foreach (var path in PublicPages)
            {
                await AccessibilityChecks.CheckAsync(wide, small, path, english, problems);
            }
        }

        Assert.True(problems.Count == 0, "Accessibility problems:\n" + string.Join("\n", problems));

        if (Screenshots.Folder is not null)
        {
            // A common phone width, for a person to look at.
            await using var phone = await fixture.Browser.NewContextAsync(fixture.App, width: 360, height: 740);
            var page = await phone.NewPageAsync();
            await page.GotoAsync("/logg-inn");
            await Screenshots.TakeAsync(page, "logg-inn-nb-360");
        }
    }

    [Fact]
    public async Task StylesheetsAndScript_AreServed()
    {
        await using var context = await fixture.Browser.NewContextAsync(fixture.App);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/logg-inn");
        var assets = await page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('link[rel=stylesheet], script[src]')].map(e => e.href || e.src)");
        var paths = assets.Select(a => new Uri(a).AbsolutePath).ToList();
        Assert.Contains("/css/site.css", paths);
        Assert.Contains("/lib/designsystemet/index.css", paths);
        Assert.Contains("/js/app.js", paths);
        foreach (var asset in assets)
        {
            var response = await context.APIRequest.GetAsync(asset);
            Assert.True(response.Ok, $"{asset}: {response.Status}");
        }

        // The design system's styles are applied (a page without them would still pass most checks).
        await Expect(page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "Logg inn" }))
            .Not.ToHaveCSSAsync("background-color", "rgba(0, 0, 0, 0)");
    }
}

/// <summary>The setup page needs an app with no admin yet, so it gets its own instance.</summary>
public sealed class SetupPageAccessibilityTests(BrowserHost browser)
{
    [Fact]
    public async Task SetupPages_HaveNoSeriousViolations_AndNoHorizontalScrollAt320px_InBothLanguages()
    {
        await using var app = await AppProcess.StartAsync(browser.Neutral.Url);
        await using var desktop = await browser.NewContextAsync(app);
        await using var narrow = await browser.NewContextAsync(app, width: 320, height: 640);
        var wide = await desktop.NewPageAsync();
        var small = await narrow.NewPageAsync();
        var problems = new List<string>();
        var setup = new Uri(app.SetupLink).PathAndQuery;

        // Step 1 (name, e-mail, password) in both languages.
        await AccessibilityChecks.CheckAsync(wide, small, setup, english: false, problems);
        await AccessibilityChecks.SwitchToEnglishAsync(wide);
        await AccessibilityChecks.SwitchToEnglishAsync(small);
        await AccessibilityChecks.CheckAsync(wide, small, setup, english: true, problems);

        // Step 2 (the authenticator), reached by filling step 1 in English; the link stays unused until a code is confirmed.
        var (name, email) = Journeys.NewPerson("Admin");
        await wide.GotoAsync(setup);
        await wide.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await wide.GetByLabel("E-mail address").FillAsync(email);
        await wide.GetByLabel("New password", new() { Exact = true }).FillAsync(Journeys.Password);
        await wide.GetByLabel("Repeat the password").FillAsync(Journeys.Password);
        await wide.GetByRole(AriaRole.Button, new() { Name = "Next: one-time code" }).ClickAsync();
        await Expect(wide.GetByRole(AriaRole.Heading, new() { Name = "Set up login with one-time codes" })).ToBeVisibleAsync();
        await AccessibilityChecks.CheckAsync(wide, small, setup, english: true, problems);
        await wide.GetByRole(AriaRole.Button, new() { Name = "Norsk" }).ClickAsync();
        await small.GetByRole(AriaRole.Button, new() { Name = "Norsk" }).ClickAsync();
        await Expect(wide.GetByRole(AriaRole.Heading, new() { Name = "Sett opp innlogging med engangskode" })).ToBeVisibleAsync();
        await AccessibilityChecks.CheckAsync(wide, small, setup, english: false, problems);

        Assert.True(problems.Count == 0, "Accessibility problems:\n" + string.Join("\n", problems));
    }
}

internal static class AccessibilityChecks
{
    /// <summary>The language switch in the menu (the choice is kept in a cookie for the context).</summary>
    public static async Task SwitchToEnglishAsync(IPage page)
    {
        if (page.Url == "about:blank")
        {
            await page.GotoAsync("/logg-inn");
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
    }

    /// <summary>Opens the page at desktop width and at 320 px; adds a line to <paramref name="problems"/> for each finding.</summary>
    public static async Task CheckAsync(IPage wide, IPage small, string path, bool english, List<string> problems)
    {
        var lang = english ? "en" : "nb";
        foreach (var page in new[] { wide, small })
        {
            await page.GotoAsync(path);

            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", lang);
            var width = page.ViewportSize?.Width ?? 0;
            await Screenshots.TakeAsync(page, $"{Name(path)}-{lang}-{width}");
            problems.AddRange((await PageChecks.SeriousAxeViolationsAsync(page)).Select(p => $"({lang}, {width} px) {p}"));
        }

        var overflow = await PageChecks.HorizontalOverflowAsync(small);
        if (overflow > 0)
        {
            problems.Add($"({lang}, 320 px) {small.Url}: the page is {overflow} px wider than the screen " +
                         $"(widest: {await WidestElementAsync(small)})");
        }
    }

    private static string Name(string path) => new Uri(new Uri("http://x"), path).AbsolutePath.Trim('/').Replace('/', '-');

    /// <summary>The element that sticks out furthest to the right, to say what to fix.</summary>
    private static Task<string> WidestElementAsync(IPage page) => page.EvaluateAsync<string>("""
        () => {
          let worst = null, right = 0;
          for (const e of document.querySelectorAll('body *')) {
            const r = e.getBoundingClientRect().right;
            if (r > right) { right = r; worst = e; }
          }
          return worst ? `${worst.tagName.toLowerCase()}.${[...worst.classList].join('.')} (right edge ${Math.round(right)} px)` : 'none';
        }
        """);
}
