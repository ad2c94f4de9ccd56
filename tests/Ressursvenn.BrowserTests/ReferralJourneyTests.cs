using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Ressursvenn.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static Ressursvenn.BrowserTests.Infrastructure.Journeys;

namespace Ressursvenn.BrowserTests;

/// <summary>
/// The referral in the browser: a crisis centre refers a woman on a phone, her association's coordinator acknowledges
/// the referral, records the intake and puts her on the waiting list, and the centre follows the status without ever
/// seeing a name; a woman at a protected address is visible to her own association's coordinators only.
/// </summary>
[Collection(MainAppDefinition.Name)]
public sealed partial class ReferralJourneyTests(MainAppFixture fixture, ReferralJourneyFixture world) : IClassFixture<ReferralJourneyFixture>
{
    private const int PhoneWidth = 390;
    private const int PhoneHeight = 844;

    [Fact]
    public async Task CrisisStaff_SendsReferralOnPhone_AndSeesItReceivedWithReferenceButNoName()
    {
        var name = ParticipantName("Ragnhild");
        await using var context = await fixture.Browser.NewContextAsync(fixture.App, width: PhoneWidth, height: PhoneHeight);
        var page = await context.NewPageAsync();
        await Journeys.LogInAsync(page, world.StaffOslo.Account);
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync(world.CentreOslo);

        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Ny henvisning" }).ClickAsync();
        var reference = await FillAndSendReferralAsync(page, world.AssociationOslo, name, protectedAddress: false);
        await Screenshots.TakeAsync(page, "henvisninger-nb-390");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Henvisninger fra krisesenteret", Level = 1 })).ToBeVisibleAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = reference });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync(world.AssociationOslo);
        // The status is what she came for: on the phone's screen without scrolling the table sideways.
        var status = row.GetByRole(AriaRole.Cell).Filter(new() { HasText = "Mottatt" });
        await Expect(status).ToBeVisibleAsync();
        await Expect(status).ToBeInViewportAsync(new() { Ratio = 1 });
        // The centre's list identifies a referral by its reference only.
        await Expect(page.GetByRole(AriaRole.Main)).Not.ToContainTextAsync(name);
        Assert.DoesNotContain(name, await page.ContentAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.True(await PageChecks.HorizontalOverflowAsync(page) <= 0, "The status list is wider than a phone's screen.");
        var problems = await PageChecks.SeriousAxeViolationsAsync(page);
        Assert.True(problems.Count == 0, "Accessibility problems:\n" + string.Join("\n", problems));
    }

    [Fact]
    public async Task Coordinator_AcknowledgesRecordsIntakeAndPutsHerOnTheWaitingList_AndTheCentreSeesWaiting()
    {
        var name = ParticipantName("Solveig");
        await using var staffContext = await fixture.Browser.NewContextAsync(fixture.App, storageState: world.StaffOslo.State);
        var staff = await staffContext.NewPageAsync();
        await staff.GotoAsync("/henvisning/ny");
        var reference = await FillAndSendReferralAsync(staff, world.AssociationOslo, name, protectedAddress: false);

        // The coordinator works without JavaScript: every step is a plain form post.
        await using var context = await fixture.Browser.NewContextAsync(fixture.App, javaScript: false);
        var page = await context.NewPageAsync();
        await Journeys.LogInAsync(page, world.CoordinatorOslo.Account);
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Deltakere" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Deltakere", Level = 1 })).ToBeVisibleAsync();

        var newReferrals = page.GetByRole(AriaRole.Region, new() { Name = "Nye henvisninger" });
        var card = newReferrals.GetByRole(AriaRole.Listitem).Filter(new() { HasText = name });
        await Expect(card).ToHaveCountAsync(1);
        await Expect(card).ToContainTextAsync(world.CentreOslo);
        await Expect(card).ToContainTextAsync($"referanse {reference}");
        await Expect(card).ToContainTextAsync("Bekreft mottak senest");
        await card.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("Henvist");
        await page.GetByRole(AriaRole.Button, new() { Name = "Bekreft mottatt" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Mottaket er bekreftet." })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Bekreft mottatt" })).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Link, new() { Name = "Registrer kartlegging" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Kartleggingssamtale", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("Dato for samtalen").FillAsync(OsloToday().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByLabel("Andre ønsker").FillAsync("En rolig ressursvenn som liker turer");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre og sett på ventelisten" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Hun står nå på ventelisten." })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("På venteliste");

        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Deltakere" }).ClickAsync();
        var waiting = page.GetByRole(AriaRole.Region, new() { Name = "Venteliste" });
        await Expect(waiting.GetByRole(AriaRole.Listitem).Filter(new() { HasText = name })).ToContainTextAsync("Kom på ventelisten i dag");
        await Expect(newReferrals.GetByRole(AriaRole.Listitem).Filter(new() { HasText = name })).ToHaveCountAsync(0);

        // The centre sees the new status, still without her name.
        await staff.GotoAsync("/henvisninger");
        await Expect(staff.GetByRole(AriaRole.Row).Filter(new() { HasText = reference })).ToContainTextAsync("Venter på ressursvenn");
        await Expect(staff.GetByRole(AriaRole.Main)).Not.ToContainTextAsync(name);
    }

    [Fact]
    public async Task ProtectedParticipant_IsShownOnlyToHerOwnAssociationsCoordinators()
    {
        var name = ParticipantName("Beskyttet");
        await using var staffContext = await fixture.Browser.NewContextAsync(fixture.App, storageState: world.StaffOslo.State);
        var staff = await staffContext.NewPageAsync();
        await staff.GotoAsync("/henvisning/ny");
        var reference = await FillAndSendReferralAsync(staff, world.AssociationOslo, name, protectedAddress: true);

        // Her own coordinator sees her, tagged, on the list and on her record.
        await using var ownContext = await fixture.Browser.NewContextAsync(fixture.App, storageState: world.CoordinatorOslo.State);
        var own = await ownContext.NewPageAsync();
        await own.GotoAsync("/deltakere");
        var card = own.GetByRole(AriaRole.Region, new() { Name = "Nye henvisninger" }).GetByRole(AriaRole.Listitem).Filter(new() { HasText = name });
        await Expect(card).ToContainTextAsync("Beskyttet identitet");
        await Expect(card).ToContainTextAsync(reference);
        var recordPath = await card.GetByRole(AriaRole.Link, new() { Name = name }).GetAttributeAsync("href")
                         ?? throw new InvalidOperationException("The card has no link to her record.");
        await own.GotoAsync(recordPath);
        await Expect(own.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
        await Expect(own.GetByRole(AriaRole.Main)).ToContainTextAsync("Beskyttet identitet");
        // The protected address keeps only the county.
        var area = own.GetByRole(AriaRole.Region, new() { Name = "Hvor hun bor" });
        await Expect(area).ToContainTextAsync("Fylke (grovt område)");
        await Expect(area).Not.ToContainTextAsync("Postnummer");
        // The crawl below finds her where she is shown, so it would find her anywhere else too.
        var ownPages = await CrawlAsync(own);
        Assert.Contains(ownPages, p => p.Path == "/deltakere" && p.ShowsText(name));
        Assert.Contains(ownPages, p => p.Path == recordPath && p.ShowsText(name));

        // Everyone else: a coordinator of another association, the referring centre, another centre, the admin.
        await using var otherCoordinator = await LoggedInContextAsync(world.CoordinatorBergen.Account);
        await using var referringStaff = await fixture.Browser.NewContextAsync(fixture.App, storageState: world.StaffOslo.State);
        await using var otherStaff = await LoggedInContextAsync(world.StaffBergen.Account);
        await using var admin = await fixture.Browser.NewContextAsync(fixture.App, storageState: fixture.AdminState);
        var others = new (string Who, IBrowserContext Context, string[] MustVisit)[]
        {
            ("coordinator of another association", otherCoordinator, ["/", "/deltakere", "/konto"]),
            ("staff of the referring centre", referringStaff, ["/", "/henvisninger", "/henvisning/ny", "/konto"]),
            ("staff of another centre", otherStaff, ["/", "/henvisninger", "/henvisning/ny", "/konto"]),
            ("national admin", admin, ["/", "/admin/foreninger", "/admin/krisesentre", "/admin/brukere", "/nodtilgang", "/admin/innstillinger", "/revisjon", "/konto"]),
        };
        var problems = new List<string>();
        foreach (var (who, context, mustVisit) in others)
        {
            var page = await context.NewPageAsync();
            var pages = await CrawlAsync(page);
            problems.AddRange(mustVisit.Where(path => !pages.Any(p => p.Path == path && p.Status == 200)).Select(path => $"{who}: {path} not reached from the menu"));
            problems.AddRange(pages.Where(p => p.ShowsText(name)).Select(p => $"{who}: her name is on {p.Path}"));
            // Her record is "not found" for them, the same answer as for an id that does not exist.
            var direct = await page.GotoAsync(recordPath);
            if (direct?.Status != 404)
            {
                problems.Add($"{who}: {recordPath} answered {direct?.Status}");
            }
        }

        // The other association's coordinator cannot find her by searching either.
        var search = await otherCoordinator.NewPageAsync();
        await search.GotoAsync("/deltakere");
        await search.GetByLabel("Søk etter navn").FillAsync(name);
        await search.GetByRole(AriaRole.Button, new() { Name = "Søk", Exact = true }).ClickAsync();
        await Expect(search.GetByRole(AriaRole.Link, new() { Name = "Vis alle" })).ToBeVisibleAsync();
        await Expect(search.GetByRole(AriaRole.Main)).ToContainTextAsync("Ingen nye henvisninger.");

        Assert.True(problems.Count == 0, "The protected participant leaked:\n" + string.Join("\n", problems));
    }

    [Fact]
    public async Task ReferralFormAndParticipantPages_HaveNoSeriousViolations_AndNoHorizontalScrollAt320px()
    {
        var name = ParticipantName("Aksel");
        var problems = new List<string>();
        await using var staffWide = await fixture.Browser.NewContextAsync(fixture.App, storageState: world.StaffOslo.State);
        await using var staffNarrow = await fixture.Browser.NewContextAsync(fixture.App, width: 320, height: 640, storageState: world.StaffOslo.State);
        var staff = await staffWide.NewPageAsync();
        await AccessibilityChecks.CheckAsync(staff, await staffNarrow.NewPageAsync(), "/henvisning/ny", english: false, problems);

        // The form with its error summary and messages, after an empty submit.
        await staff.GotoAsync("/henvisning/ny");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Send henvisning" }).ClickAsync();
        await Expect(staff.Locator("#error-summary")).ToBeVisibleAsync();
        problems.AddRange((await PageChecks.SeriousAxeViolationsAsync(staff)).Select(p => $"(with errors) {p}"));

        await staff.GotoAsync("/henvisning/ny");
        await FillAndSendReferralAsync(staff, world.AssociationOslo, name, protectedAddress: false);

        await using var coordinatorWide = await fixture.Browser.NewContextAsync(fixture.App, storageState: world.CoordinatorOslo.State);
        await using var coordinatorNarrow = await fixture.Browser.NewContextAsync(fixture.App, width: 320, height: 640, storageState: world.CoordinatorOslo.State);
        var coordinator = await coordinatorWide.NewPageAsync();
        var small = await coordinatorNarrow.NewPageAsync();
        await AccessibilityChecks.CheckAsync(coordinator, small, "/deltakere", english: false, problems);
        var recordPath = await coordinator.GetByRole(AriaRole.Link, new() { Name = name }).GetAttributeAsync("href")
                         ?? throw new InvalidOperationException("No link to her record.");
        await AccessibilityChecks.CheckAsync(coordinator, small, recordPath, english: false, problems);

        Assert.True(problems.Count == 0, "Accessibility problems:\n" + string.Join("\n", problems));
    }

    private async Task<IBrowserContext> LoggedInContextAsync(Account account)
    {
        var context = await fixture.Browser.NewContextAsync(fixture.App);
        await Journeys.LogInAsync(await context.NewPageAsync(), account);
        return context;
    }

    /// <summary>One page as the server sent it to this person.</summary>
    private sealed record CrawledPage(string Path, int Status, string Body)
    {
        public bool ShowsText(string text) => WebUtility.HtmlDecode(Body).Contains(text, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Every page the person reaches from the menu: the home page, each menu link, and each link on those pages
    /// (two clicks deep), fetched with her session. Downloads (CSV, JSON) are fetched too; forms are not posted.
    /// </summary>
    private static async Task<IReadOnlyList<CrawledPage>> CrawlAsync(IPage page)
    {
        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Hei, ");
        var origin = new Uri(page.Url).GetLeftPart(UriPartial.Authority);
        var seen = new HashSet<string>(StringComparer.Ordinal) { "/" };
        var queue = new Queue<(string Path, int Depth)>([("/", 0)]);
        var pages = new List<CrawledPage>();
        while (queue.Count > 0 && pages.Count < 80)
        {
            var (path, depth) = queue.Dequeue();
            var result = await page.EvaluateAsync<string[]>(
                "async url => { const r = await fetch(url, { credentials: 'same-origin' }); return [String(r.status), new URL(r.url).pathname, await r.text()]; }",
                path);
            var status = int.Parse(result[0], CultureInfo.InvariantCulture);
            if (result[1].StartsWith("/logg-inn", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The session ended while crawling ({path} led to the login page).");
            }

            pages.Add(new CrawledPage(path, status, result[2]));
            if (depth >= 2)
            {
                continue;
            }

            foreach (Match link in HrefPattern().Matches(result[2]))
            {
                var href = WebUtility.HtmlDecode(link.Groups[1].Value);
                if (href.StartsWith(origin, StringComparison.Ordinal))
                {
                    href = href[origin.Length..];
                }

                href = href.Split('#')[0];
                if (!href.StartsWith('/') || href.StartsWith("//", StringComparison.Ordinal) || IsAsset(href) || !seen.Add(href))
                {
                    continue;
                }

                queue.Enqueue((href, depth + 1));
            }
        }

        return pages;
    }

    private static bool IsAsset(string path) =>
        path.StartsWith("/css/", StringComparison.Ordinal) || path.StartsWith("/js/", StringComparison.Ordinal)
        || path.StartsWith("/lib/", StringComparison.Ordinal) || path.StartsWith("/favicon", StringComparison.Ordinal)
        || path.StartsWith("/logg-ut", StringComparison.Ordinal);

    [GeneratedRegex(@"<a\s[^>]*href=""([^""]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex HrefPattern();
}

/// <summary>
/// The organisations and people of the referral journeys, made once for the class through the admin's pages: two
/// local associations (Oslo, Bergen), a crisis centre in Oslo working with both and one in Bergen working with both,
/// a coordinator of each association and an employee of each centre.
/// </summary>
public sealed class ReferralJourneyFixture(MainAppFixture main) : IAsyncLifetime
{
    public string AssociationOslo { get; } = Organisations.UniqueName("Testforening Oslo");

    public string AssociationBergen { get; } = Organisations.UniqueName("Testforening Bergen");

    public string CentreOslo { get; } = Organisations.UniqueName("Testkrisesenter Oslo");

    public string CentreBergen { get; } = Organisations.UniqueName("Testkrisesenter Bergen");

    public Member StaffOslo { get; private set; } = null!;

    public Member StaffBergen { get; private set; } = null!;

    public Member CoordinatorOslo { get; private set; } = null!;

    public Member CoordinatorBergen { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var (browser, app) = (main.Browser, main.App);
        await using var context = await browser.NewContextAsync(app, storageState: main.AdminState);
        var admin = await context.NewPageAsync();
        await Organisations.CreateAssociationAsync(admin, AssociationOslo, "Oslo", "Oslo (0301)");
        await Organisations.CreateAssociationAsync(admin, AssociationBergen, "Vestland", "Bergen (4601)");
        await Organisations.CreateCrisisCentreAsync(admin, CentreOslo, "Oslo (0301)", AssociationOslo, AssociationBergen);
        await Organisations.CreateCrisisCentreAsync(admin, CentreBergen, "Bergen (4601)", AssociationOslo, AssociationBergen);
        StaffOslo = await Organisations.AddPersonAsync(browser, app, admin, "Turid", "Krisesenteransatt", crisisCentre: CentreOslo);
        StaffBergen = await Organisations.AddPersonAsync(browser, app, admin, "Gunvor", "Krisesenteransatt", crisisCentre: CentreBergen);
        CoordinatorOslo = await Organisations.AddPersonAsync(browser, app, admin, "Kari", "Koordinator", association: AssociationOslo);
        CoordinatorBergen = await Organisations.AddPersonAsync(browser, app, admin, "Liv", "Koordinator", association: AssociationBergen);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
