using Microsoft.Playwright;
using Ressursvenn.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Ressursvenn.BrowserTests;

/// <summary>
/// On a 390 px touch phone: the coordinator's volunteer record with a long e-mail address and the main
/// staff pages never scroll sideways, the staff menu is one line until opened, the long municipality list is
/// grouped checkboxes that work without JavaScript (and filter as she types with it), and the quick exit does not
/// tell a phone user to press Shift.
/// </summary>
public sealed partial class VolunteerJourneyTests
{
    private const int MaxHeaderHeight = 100;

    [Fact]
    public async Task OnA390pxPhone_TheRecordWithALongEmail_AndTheStaffPages_FitTheScreen_WithAOneLineMenu()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var name = $"Ingeborg Testesen {id}";
        var email = $"ingeborg.kristiansen-haugland.{id}@frivillighetssentralen-nordre-follo.test.invalid";
        var today = Journeys.OsloToday();
        await using var applicantPhone = await fixture.Browser.NewContextAsync(fixture.App, width: PhoneWidth, height: PhoneHeight, touch: true);
        var applicant = await applicantPhone.NewPageAsync();
        await ApplyAsync(applicant, world.Association, name, email, birthDate: today.AddYears(-40));

        // The quick exit is there on her phone, without the keyboard shortcut a phone does not have.
        await applicant.GotoAsync("/logg-inn");
        await Expect(applicant.GetByRole(AriaRole.Link, new() { NameRegex = new("^Gå ut raskt") })).ToBeVisibleAsync();
        await Expect(applicant.GetByText("eller trykk Shift tre ganger")).ToBeHiddenAsync();
        await using (var desktop = await fixture.Browser.NewContextAsync(fixture.App))
        {
            var computer = await desktop.NewPageAsync();
            await computer.GotoAsync("/logg-inn");
            await Expect(computer.GetByText("eller trykk Shift tre ganger")).ToBeVisibleAsync();
        }

        await using var phone = await fixture.Browser.NewContextAsync(fixture.App, width: PhoneWidth, height: PhoneHeight, storageState: world.FirstCoordinator.State, touch: true);
        var page = await phone.NewPageAsync();
        await page.GotoAsync("/");
        var header = await page.Locator("header.rv-header").BoundingBoxAsync();
        Assert.True(header is { Height: <= MaxHeaderHeight }, $"The header is {header?.Height} px high on a {PhoneHeight} px screen (at most {MaxHeaderHeight}).");
        var menu = page.GetByRole(AriaRole.Navigation, new() { Name = "Hovedmeny" });
        await Expect(menu.GetByRole(AriaRole.Link, new() { Name = "Ressursvenner" })).ToBeHiddenAsync();
        await menu.GetByText("Meny", new() { Exact = true }).ClickAsync();
        await menu.GetByRole(AriaRole.Link, new() { Name = "Ressursvenner" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ressursvenner", Level = 1 })).ToBeVisibleAsync();

        var problems = new List<string>();
        foreach (var path in new[] { "/", "/deltakere", "/frivillige", "/koblinger", "/konto" })
        {
            await page.GotoAsync(path);
            await CheckPhonePageAsync(page, path, problems);
        }

        await page.GotoAsync("/frivillige");
        await page.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
        var about = page.GetByRole(AriaRole.Region, new() { Name = "Om henne" });
        await Expect(about).ToContainTextAsync(email);
        var address = await about.GetByText(email).BoundingBoxAsync();
        Assert.True(address is { } box && box.X >= 0 && box.X + box.Width <= PhoneWidth, $"The e-mail address reaches outside the screen: {address?.X} + {address?.Width}.");
        await CheckPhonePageAsync(page, "the volunteer record", problems);
        await Screenshots.TakeAsync(page, "frivillig-nb-390");

        Assert.True(problems.Count == 0, "On a 390 px phone:\n" + string.Join("\n", problems));
    }

    [Fact]
    public async Task OnA390pxPhone_TheMunicipalityList_IsCountiesToOpenWithoutJavaScript_AndASearchWithIt()
    {
        const string Legend = "Kommuner foreningen dekker";

        // Without JavaScript: the counties are closed disclosures; she opens one and ticks; a refused form keeps it.
        await using (var plain = await fixture.Browser.NewContextAsync(fixture.App, javaScript: false, width: PhoneWidth, height: PhoneHeight, storageState: fixture.AdminState, touch: true))
        {
            var page = await plain.NewPageAsync();
            await page.GotoAsync("/admin/forening");
            var list = page.GetByRole(AriaRole.Group, new() { Name = Legend });
            await Expect(list.GetByLabel("Søk i listen")).ToBeHiddenAsync();
            await Expect(list.GetByLabel("Stavanger (1103)", new() { Exact = true })).ToBeHiddenAsync();
            await list.GetByText("Rogaland", new() { Exact = true }).ClickAsync();
            await list.GetByLabel("Stavanger (1103)", new() { Exact = true }).CheckAsync();
            Assert.True(await PageChecks.HorizontalOverflowAsync(page) <= 0, "The association form is wider than the phone.");

            await page.GetByRole(AriaRole.Button, new() { Name = "Lagre" }).ClickAsync();
            await Expect(page.Locator("#error-summary")).ToBeVisibleAsync();
            var kept = page.GetByRole(AriaRole.Group, new() { Name = Legend }).GetByLabel("Stavanger (1103)", new() { Exact = true });
            await Expect(kept).ToBeVisibleAsync();
            await Expect(kept).ToBeCheckedAsync();
        }

        // With JavaScript: the search shows only what matches, with its county open.
        await using var enhanced = await fixture.Browser.NewContextAsync(fixture.App, width: PhoneWidth, height: PhoneHeight, storageState: fixture.AdminState, touch: true);
        var form = await enhanced.NewPageAsync();
        await form.GotoAsync("/admin/forening");
        var municipalities = form.GetByRole(AriaRole.Group, new() { Name = Legend });
        await municipalities.GetByLabel("Søk i listen").FillAsync("sandn");
        await Expect(municipalities.GetByLabel("Sandnes (1108)", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(municipalities.GetByLabel("Stavanger (1103)", new() { Exact = true })).ToBeHiddenAsync();
        await Expect(municipalities.GetByText("Oslo", new() { Exact = true })).ToBeHiddenAsync();
        await municipalities.GetByLabel("Søk i listen").PressAsync("Enter");
        await Expect(form.Locator("#error-summary")).ToHaveCountAsync(0);
        Assert.True(await PageChecks.HorizontalOverflowAsync(form) <= 0, "The association form is wider than the phone.");
        Assert.Empty(await PageChecks.SeriousAxeViolationsAsync(form));
        await Screenshots.TakeAsync(form, "kommuner-nb-390");
    }

    private static async Task CheckPhonePageAsync(IPage page, string what, List<string> problems)
    {
        if (await PageChecks.HorizontalOverflowAsync(page) is > 0 and var overflow)
        {
            problems.Add($"{what}: {overflow} px wider than the screen");
        }

        problems.AddRange((await PageChecks.SeriousAxeViolationsAsync(page)).Select(p => $"{what}: {p}"));
    }
}
