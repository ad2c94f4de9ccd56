using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Ressursvenn.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static Ressursvenn.BrowserTests.Infrastructure.Journeys;

namespace Ressursvenn.BrowserTests;

/// <summary>
/// The whole volunteer journey in the browser: a woman applies on her phone, a coordinator of her
/// association records the interview, the police certificate as seen and the training and invites her to an
/// account, she signs the confidentiality declaration on "Min side", two coordinators approve her (four eyes), and
/// she logs in again and sees she is approved with nothing missing.
/// </summary>
[Collection(MainAppDefinition.Name)]
public sealed partial class VolunteerJourneyTests(MainAppFixture fixture, VolunteerJourneyFixture world) : IClassFixture<VolunteerJourneyFixture>
{
    private const int PhoneWidth = 390;
    private const int PhoneHeight = 844;

    [Fact]
    public async Task Applicant_IsScreenedTrainedSignsAndApprovedByTwoCoordinators_AndSeesSheIsApproved()
    {
        var (name, email) = Journeys.NewPerson("Ingrid");
        var today = OsloToday();

        // She applies on her phone, without an account.
        await using var phone = await fixture.Browser.NewContextAsync(fixture.App, width: PhoneWidth, height: PhoneHeight);
        var volunteer = await phone.NewPageAsync();
        await ApplyAsync(volunteer, world.Association, name, email, birthDate: today.AddYears(-30).AddDays(-10));

        // Coordinator 1 finds her under the first step of the board and opens her record.
        await using var firstContext = await fixture.Browser.NewContextAsync(fixture.App, storageState: world.FirstCoordinator.State);
        var first = await firstContext.NewPageAsync();
        await first.GotoAsync("/");
        await first.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Ressursvenner" }).ClickAsync();
        await Expect(first.GetByRole(AriaRole.Heading, new() { Name = "Ressursvenner", Level = 1 })).ToBeVisibleAsync();
        var applied = first.GetByRole(AriaRole.Region, new() { NameRegex = new Regex(@"^Søkt \(\d+\)$") });
        var card = applied.GetByRole(AriaRole.Listitem).Filter(new() { HasText = name });
        await Expect(card).ToHaveCountAsync(1);
        await Expect(card).ToContainTextAsync("Søkte ");
        await card.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await Expect(first.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
        var recordPath = new Uri(first.Url).AbsolutePath;
        Assert.Matches("^/frivillig/[0-9a-f-]{36}$", recordPath);
        // No name in the title: titles end up in history and tab lists.
        Assert.DoesNotContain(name, await first.TitleAsync(), StringComparison.OrdinalIgnoreCase);
        var about = first.GetByRole(AriaRole.Region, new() { Name = "Om henne" });
        await Expect(about).ToContainTextAsync(email);
        await Expect(about).ToContainTextAsync("000 12 345");
        await Expect(about).ToContainTextAsync("30 år");
        await Expect(about).ToContainTextAsync("0150");
        await Expect(about).ToContainTextAsync(world.Association);
        await Expect(about).ToContainTextAsync("Arabisk");
        await Expect(about).ToContainTextAsync("Turer");

        // Applied → interview, and the interview: suitable.
        await MoveOnAsync(first, "Flytt til intervju", "Intervju");
        // Each step with fields is a page of its own, linked from her record.
        await first.GetByRole(AriaRole.Region, new() { Name = "Intervju og egnethet" }).GetByRole(AriaRole.Link, new() { Name = "Registrer intervjuet" }).ClickAsync();
        var interview = first.GetByRole(AriaRole.Main);
        await interview.GetByLabel("Dato for intervjuet").FillAsync(IsoDate(today));
        await interview.GetByRole(AriaRole.Group, new() { Name = "Vurdering" }).GetByLabel("Egnet", new() { Exact = true }).CheckAsync();
        await interview.GetByLabel("Kort begrunnelse").FillAsync("Rolig og stødig, god erfaring.");
        await interview.GetByRole(AriaRole.Button, new() { Name = "Lagre intervjuet" }).ClickAsync();
        await ExpectStatusAsync(first, "Intervjuet er lagret.");
        await Expect(first.GetByRole(AriaRole.Region, new() { Name = "Intervju og egnethet" })).ToContainTextAsync("Vurdering: Egnet.");

        // Interview → checks, and the police certificate as seen today, issued a month before.
        await MoveOnAsync(first, "Flytt til kontroll", "Kontroll");
        await first.GetByRole(AriaRole.Region, new() { Name = "Politiattest" }).GetByRole(AriaRole.Link, new() { Name = "Registrer at attesten er sett" }).ClickAsync();
        var certificate = first.GetByRole(AriaRole.Main);
        await certificate.GetByLabel("Dato attesten ble vist").FillAsync(IsoDate(today));
        await certificate.GetByLabel("Utstedt dato").FillAsync(IsoDate(today.AddMonths(-1)));
        await Expect(certificate.GetByLabel("Formål")).ToHaveValueAsync("Frivillig ressursvenn");
        await certificate.GetByRole(AriaRole.Button, new() { Name = "Registrer at attesten er sett" }).ClickAsync();
        await ExpectStatusAsync(first, "Politiattesten er registrert som sett.");
        var seen = first.GetByRole(AriaRole.Region, new() { Name = "Politiattest" });
        await Expect(seen).ToContainTextAsync(ShortDate(today));
        await Expect(seen).ToContainTextAsync(ShortDate(today.AddMonths(-1)));
        await Expect(seen).ToContainTextAsync(world.FirstCoordinator.Account.Name);

        // Checks → training, and every module of the catalogue done (the mandatory ones among them).
        await MoveOnAsync(first, "Flytt til opplæring", "Opplæring");
        await first.GetByRole(AriaRole.Region, new() { Name = "Opplæring", Exact = true }).GetByRole(AriaRole.Link, new() { Name = "Registrer opplæring" }).ClickAsync();
        var training = first.GetByRole(AriaRole.Main);
        var modules = training.GetByRole(AriaRole.Group);
        var count = await modules.CountAsync();
        Assert.True(count > 0, "The training form shows no module.");
        await Expect(modules.Filter(new() { HasText = "Obligatorisk" }).First).ToBeVisibleAsync();
        for (var i = 0; i < count; i++)
        {
            var module = modules.Nth(i);
            await module.GetByLabel("Fullført", new() { Exact = true }).CheckAsync();
            await module.GetByLabel("Dato fullført").FillAsync(IsoDate(today.AddDays(-i)));
        }

        await training.GetByRole(AriaRole.Button, new() { Name = "Lagre opplæringen" }).ClickAsync();
        await ExpectStatusAsync(first, "Opplæringen er lagret.");
        var stored = first.GetByRole(AriaRole.Region, new() { Name = "Opplæring", Exact = true }).GetByRole(AriaRole.Listitem);
        await Expect(stored).ToHaveCountAsync(count);
        await Expect(stored.First).ToContainTextAsync("fullført");

        // Only her signature is missing now.
        var approval = first.GetByRole(AriaRole.Region, new() { Name = "Godkjenning" });
        await Expect(approval.GetByRole(AriaRole.Listitem)).ToHaveTextAsync(["Taushetserklæringen er ikke signert."]);
        await Expect(approval.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);

        // The account invitation.
        var account = first.GetByRole(AriaRole.Region, new() { Name = "Konto" });
        await Expect(account).ToContainTextAsync(email);
        await account.GetByRole(AriaRole.Button, new() { Name = "Inviter henne til å lage konto" }).ClickAsync();
        await ExpectStatusAsync(first, "Invitasjonen er sendt.");
        await Expect(first.GetByRole(AriaRole.Region, new() { Name = "Konto" })).ToContainTextAsync("Hun er invitert, men har ikke laget konto ennå.");

        // She follows the link in the e-mail on her phone and chooses a password (no authenticator for volunteers).
        var link = await Mailbox.LinkInNewestMessageAsync(fixture.App, email, "/invitasjon");
        await volunteer.GotoAsync(link);
        await Expect(volunteer.GetByRole(AriaRole.Heading, new() { Name = "Opprett kontoen din", Level = 1 })).ToBeVisibleAsync();
        await Expect(volunteer.GetByRole(AriaRole.Main)).ToContainTextAsync($"Velkommen, {name}.");
        await volunteer.GetByLabel("Nytt passord", new() { Exact = true }).FillAsync(Journeys.Password);
        await volunteer.GetByLabel("Gjenta passordet").FillAsync(Journeys.Password);
        await volunteer.GetByRole(AriaRole.Button, new() { Name = "Lagre passordet" }).ClickAsync();
        await ExpectStatusAsync(volunteer, "Kontoen din er klar, og du er logget inn.");
        await Expect(volunteer.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Hei, {name}");
        await Expect(volunteer.Locator("#home-volunteer-status")).ToHaveTextAsync("Du er i gang med opplæringen.");

        // "Min side": only the declaration is missing; she reads and signs it.
        await (await Journeys.OpenMenuAsync(volunteer)).GetByRole(AriaRole.Link, new() { Name = "Min side" }).ClickAsync();
        await Expect(volunteer.GetByRole(AriaRole.Heading, new() { Name = "Min side", Level = 1 })).ToBeVisibleAsync();
        var status = volunteer.GetByRole(AriaRole.Region, new() { Name = "Status" });
        await Expect(status).ToContainTextAsync("Dette mangler før du kan godkjennes:");
        await Expect(status.GetByRole(AriaRole.Listitem)).ToHaveTextAsync(["Taushetserklæringen er ikke signert."]);
        await Expect(volunteer.GetByRole(AriaRole.Region, new() { Name = "Opplæring" })).ToContainTextAsync("Du har fullført all obligatorisk opplæring.");
        await Expect(volunteer.GetByRole(AriaRole.Region, new() { Name = "Fornyelse" })).ToContainTextAsync("Politiattesten din gjelder til");
        await volunteer.GetByRole(AriaRole.Link, new() { Name = "Les og signer taushetserklæringen" }).ClickAsync();
        await Expect(volunteer.GetByRole(AriaRole.Heading, new() { Name = "Taushetserklæring", Level = 1 })).ToBeVisibleAsync();
        await Expect(volunteer.GetByRole(AriaRole.Main)).ToContainTextAsync("Taushetsplikten gjelder også etter at jeg har sluttet som ressursvenn.");
        await volunteer.GetByLabel("Jeg har lest taushetserklæringen og godtar den").CheckAsync();
        await volunteer.GetByRole(AriaRole.Button, new() { Name = "Signer" }).ClickAsync();
        await ExpectStatusAsync(volunteer, "Takk! Taushetserklæringen er signert.");
        await Expect(volunteer).ToHaveURLAsync(new Regex("/min-side$"));
        await Expect(volunteer.GetByRole(AriaRole.Region, new() { Name = "Status" })).ToContainTextAsync("Alt er på plass. Koordinatoren godkjenner deg snart.");
        await Expect(volunteer.Locator("#my-missing")).ToHaveCountAsync(0);
        await Expect(volunteer.GetByRole(AriaRole.Region, new() { Name = "Taushetserklæring" })).ToContainTextAsync("Du signerte taushetserklæringen");

        // Coordinator 1 asks for approval; the association has two coordinators, so a colleague must confirm.
        await first.GotoAsync(recordPath);
        approval = first.GetByRole(AriaRole.Region, new() { Name = "Godkjenning" });
        await Expect(approval).ToContainTextAsync("Alt er på plass.");
        await Expect(approval).ToContainTextAsync("Godkjenningen må bekreftes av en annen koordinator");
        await Expect(first.GetByRole(AriaRole.Region, new() { Name = "Erklæring om taushetsplikt" })).ToContainTextAsync("Signert ");
        await approval.GetByRole(AriaRole.Button, new() { Name = "Be om godkjenning" }).ClickAsync();
        await ExpectStatusAsync(first, "Du har bedt om godkjenning. Nå må en annen koordinator bekrefte.");
        approval = first.GetByRole(AriaRole.Region, new() { Name = "Godkjenning" });
        await Expect(approval).ToContainTextAsync("Venter på en annen koordinator i foreningen.");
        await Expect(approval.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await Expect(RecordStep(first)).ToHaveTextAsync("Opplæring");

        // Coordinator 2 sees her waiting on the board, and confirms.
        await using var secondContext = await fixture.Browser.NewContextAsync(fixture.App, storageState: world.SecondCoordinator.State);
        var second = await secondContext.NewPageAsync();
        await second.GotoAsync("/frivillige");
        var waiting = second.GetByRole(AriaRole.Region, new() { NameRegex = new Regex(@"^Opplæring \(\d+\)$") })
            .GetByRole(AriaRole.Listitem).Filter(new() { HasText = name });
        await Expect(waiting).ToContainTextAsync("Venter på godkjenning");
        await waiting.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        approval = second.GetByRole(AriaRole.Region, new() { Name = "Godkjenning" });
        await Expect(approval).ToContainTextAsync($"{world.FirstCoordinator.Account.Name} har bedt om godkjenning. Venter på en annen koordinator.");
        await approval.GetByRole(AriaRole.Button, new() { Name = "Bekreft godkjenningen" }).ClickAsync();
        await ExpectStatusAsync(second, "Hun er godkjent som ressursvenn.");
        approval = second.GetByRole(AriaRole.Region, new() { Name = "Godkjenning" });
        await Expect(approval).ToContainTextAsync($"Godkjent {ShortDate(today)} av {world.SecondCoordinator.Account.Name}.");
        await Expect(approval).ToContainTextAsync($"{world.FirstCoordinator.Account.Name} ba om godkjenningen.");
        await Expect(RecordStep(second)).ToHaveTextAsync("Godkjent");
        await second.GotoAsync("/frivillige");
        await Expect(second.GetByRole(AriaRole.Region, new() { NameRegex = new Regex(@"^Godkjent \(\d+\)$") })
            .GetByRole(AriaRole.Listitem).Filter(new() { HasText = name })).ToHaveCountAsync(1);

        // She logs out and in again with her password, and sees she is approved with nothing missing.
        await Journeys.LogOutAsync(volunteer);
        await volunteer.GetByLabel("E-postadresse").FillAsync(email);
        await volunteer.GetByLabel("Passord", new() { Exact = true }).FillAsync(Journeys.Password);
        await volunteer.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "Logg inn" }).ClickAsync();
        await Expect(volunteer.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Hei, {name}");
        await Expect(volunteer.Locator("#home-volunteer-status")).ToHaveTextAsync("Du er godkjent som ressursvenn.");
        await (await Journeys.OpenMenuAsync(volunteer)).GetByRole(AriaRole.Link, new() { Name = "Min side" }).ClickAsync();
        status = volunteer.GetByRole(AriaRole.Region, new() { Name = "Status" });
        await Expect(status).ToContainTextAsync("Du er godkjent som ressursvenn.");
        await Expect(status).Not.ToContainTextAsync("Dette mangler");
        await Expect(volunteer.Locator("#my-missing")).ToHaveCountAsync(0);
        await Expect(volunteer.GetByRole(AriaRole.Region, new() { Name = "Opplæring" })).ToContainTextAsync("Du har fullført all obligatorisk opplæring.");
        await Expect(volunteer.Locator("#my-training-done li")).ToHaveCountAsync(count);
        await Expect(volunteer.GetByRole(AriaRole.Region, new() { Name = "Taushetserklæring" })).ToContainTextAsync("Du signerte taushetserklæringen");
        await Expect(volunteer.GetByRole(AriaRole.Navigation, new() { Name = "Dine sider" }).GetByRole(AriaRole.Link, new() { Name = "Jeg trenger en pause" })).ToBeVisibleAsync();
        Assert.True(await PageChecks.HorizontalOverflowAsync(volunteer) <= 0, "Min side is wider than a phone's screen.");
        await Screenshots.TakeAsync(volunteer, "min-side-godkjent-nb-390");

        // Min side, approved, at desktop width and at 320 px.
        var problems = new List<string>();
        var state = await phone.StorageStateAsync();
        await using var wide = await fixture.Browser.NewContextAsync(fixture.App, storageState: state);
        await using var narrow = await fixture.Browser.NewContextAsync(fixture.App, width: 320, height: 640, storageState: state);
        await AccessibilityChecks.CheckAsync(await wide.NewPageAsync(), await narrow.NewPageAsync(), "/min-side", english: false, problems);
        Assert.True(problems.Count == 0, "Accessibility problems:\n" + string.Join("\n", problems));
    }

    [Fact]
    public async Task ApplicationForm_HasNoSeriousViolations_AndNoHorizontalScrollAt320px()
    {
        var problems = new List<string>();
        await using var wide = await fixture.Browser.NewContextAsync(fixture.App);
        await using var narrow = await fixture.Browser.NewContextAsync(fixture.App, width: 320, height: 640);
        var small = await narrow.NewPageAsync();
        await AccessibilityChecks.CheckAsync(await wide.NewPageAsync(), small, "/bli-ressursvenn", english: false, problems);

        // With the error summary and the messages, after an empty submit.
        await small.GetByRole(AriaRole.Button, new() { Name = "Send søknaden" }).ClickAsync();
        await Expect(small.Locator("#error-summary")).ToBeVisibleAsync();
        problems.AddRange((await PageChecks.SeriousAxeViolationsAsync(small)).Select(p => $"(320 px, with errors) {p}"));
        if (await PageChecks.HorizontalOverflowAsync(small) is > 0 and var overflow)
        {
            problems.Add($"(320 px, with errors) the form is {overflow} px wider than the screen");
        }

        Assert.True(problems.Count == 0, "Accessibility problems:\n" + string.Join("\n", problems));
    }

    /// <summary>
    /// "Bli ressursvenn" filled in by the labels, the postal code's association found with "Finn foreningen" (what she
    /// typed is kept), her association chosen among those covering Oslo, and sent; ends on the thank-you page.
    /// </summary>
    private static async Task ApplyAsync(IPage page, string association, string name, string email, DateOnly birthDate)
    {
        await page.GotoAsync("/bli-ressursvenn");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Bli ressursvenn", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("Fullt navn").FillAsync(name);
        await page.GetByLabel("E-postadresse").FillAsync(email);
        await page.GetByLabel("Telefonnummer").FillAsync("000 12 345");
        await page.GetByLabel("Fødselsdato").FillAsync(IsoDate(birthDate));
        await page.GetByRole(AriaRole.Group, new() { Name = "Er du kvinne?" }).GetByLabel("Ja, jeg er kvinne").CheckAsync();
        await page.GetByLabel("Postnummer").FillAsync("0150");
        await page.GetByLabel("Hvor langt kan du reise for å møte henne?").FillAsync("15");
        var times = page.GetByRole(AriaRole.Group, new() { Name = "Når kan du vanligvis?" });
        foreach (var slot in new[] { "Mandag Ettermiddag", "Onsdag Kveld", "Lørdag Formiddag" })
        {
            await times.GetByRole(AriaRole.Checkbox, new() { Name = slot, Exact = true }).CheckAsync();
        }

        await page.GetByRole(AriaRole.Group, new() { Name = "Språk du snakker" }).GetByLabel("Arabisk", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Group, new() { Name = "Interesser" }).GetByLabel("Turer", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Hvorfor vil du bli ressursvenn?").FillAsync("Jeg vil gjerne være en trygg venn for en som trenger det.");
        await page.GetByLabel("Erfaring som kan være nyttig").FillAsync("Leksehjelp i nabolaget.");
        await page.GetByLabel("Jeg kan møte henne 3–4 ganger i måneden i 9–12 måneder.").CheckAsync();

        // The associations covering her municipality come first, one of them ticked; she picks her own among them.
        await page.GetByRole(AriaRole.Button, new() { Name = "Finn foreningen" }).ClickAsync();
        await ExpectStatusAsync(page, "Vi har funnet foreningen som dekker kommunen din");
        await Expect(page.Locator("#error-summary")).ToHaveCountAsync(0);
        await Expect(page.GetByLabel("Fullt navn")).ToHaveValueAsync(name);
        await Expect(page.GetByLabel("Telefonnummer")).ToHaveValueAsync("000 12 345");
        await Expect(page.GetByLabel("Jeg kan møte henne 3–4 ganger i måneden i 9–12 måneder.")).ToBeCheckedAsync();
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "Onsdag Kveld", Exact = true })).ToBeCheckedAsync();
        var choices = page.GetByRole(AriaRole.Group, new() { Name = "Lokalforeningen du søker til", Exact = true });
        await Expect(choices.GetByRole(AriaRole.Radio).First).ToBeCheckedAsync();
        await choices.GetByLabel($"{association} (dekker kommunen din)", new() { Exact = true }).CheckAsync();
        Assert.True(await PageChecks.HorizontalOverflowAsync(page) <= 0, "The application form is wider than a phone's screen.");
        await Screenshots.TakeAsync(page, "bli-ressursvenn-nb-390");

        await page.GetByRole(AriaRole.Button, new() { Name = "Send søknaden" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/bli-ressursvenn/takk$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Takk for søknaden", Level = 1 })).ToBeVisibleAsync();
        await ExpectStatusAsync(page, "Vi har fått søknaden din og sendt en bekreftelse på e-post.");
        await Expect(page.GetByRole(AriaRole.Main)).Not.ToContainTextAsync(name);
    }

    /// <summary>The record's "move on" button; the record then shows the new step.</summary>
    private static async Task MoveOnAsync(IPage page, string button, string step)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = button }).ClickAsync();
        await ExpectStatusAsync(page, "Hun er flyttet til neste steg.");
        await Expect(RecordStep(page)).ToHaveTextAsync(step);
    }

    /// <summary>The step a record shows under its heading.</summary>
    private static ILocator RecordStep(IPage page) => page.Locator("main h1 + p > strong");

}

/// <summary>
/// The association of the volunteer journey, covering Oslo, with two coordinators (so approval takes four eyes),
/// made once for the class through the admin's pages.
/// </summary>
public sealed class VolunteerJourneyFixture(MainAppFixture main) : IAsyncLifetime
{
    public string Association { get; } = Organisations.UniqueName("Testforening Frivillig Oslo");

    public Member FirstCoordinator { get; private set; } = null!;

    public Member SecondCoordinator { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var (browser, app) = (main.Browser, main.App);
        await using var context = await browser.NewContextAsync(app, storageState: main.AdminState);
        var admin = await context.NewPageAsync();
        await Organisations.CreateAssociationAsync(admin, Association, "Oslo", "Oslo (0301)");
        FirstCoordinator = await Organisations.AddPersonAsync(browser, app, admin, "Randi", "Koordinator", association: Association);
        SecondCoordinator = await Organisations.AddPersonAsync(browser, app, admin, "Sigrid", "Koordinator", association: Association);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
