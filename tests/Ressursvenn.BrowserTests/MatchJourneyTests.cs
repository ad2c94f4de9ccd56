using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Ressursvenn.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static Ressursvenn.BrowserTests.Infrastructure.Journeys;

namespace Ressursvenn.BrowserTests;

/// <summary>
/// Matching in the browser, from proposal to start: a crisis centre refers a woman, the coordinator takes her
/// in and a volunteer becomes approved (the real pages, as people do it); the coordinator opens the suggestions for
/// the waiting woman and proposes the volunteer; the volunteer, on her phone, reads the anonymised proposal, answers
/// that she does not know the woman and accepts; the coordinator records the woman's yes and the start meeting, and
/// the match is active. The volunteer then sees the woman's first name and how to reach her safely — and nothing of
/// where she lives or of her risk information.
/// </summary>
[Collection(MainAppDefinition.Name)]
public sealed class MatchJourneyTests(MainAppFixture fixture, MatchJourneyFixture world) : IClassFixture<MatchJourneyFixture>
{
    private const int PhoneWidth = 390;
    private const int PhoneHeight = 844;

    /// <summary>What the crisis centre writes about her risk: the volunteer must never see it.</summary>
    private const string NetworksToAvoid = "Plantet miljø Kvernhusbakken";

    private const string OtherNeeds = "Plantet behov Lyngstuen";

    private const string CodeWord = "Multebær";

    [Fact]
    public async Task Coordinator_ProposesAVolunteer_SheAcceptsOnHerPhone_TheStartMeetingMakesItActive_AndSheSeesOnlyWhatSheMay()
    {
        var today = OsloToday();
        var woman = $"Testkvinne Sunniva-{Guid.NewGuid().ToString("N")[..6]}";

        // The crisis centre refers her; the coordinator takes her in and puts her on the waiting list.
        await using var staffContext = await fixture.Browser.NewContextAsync(fixture.App, storageState: world.Staff.State);
        var staff = await staffContext.NewPageAsync();
        await staff.GotoAsync("/henvisning/ny");
        await ReferAsync(staff, world.Association, woman);
        await using var coordinatorContext = await fixture.Browser.NewContextAsync(fixture.App, storageState: world.Coordinator.State);
        var coordinator = await coordinatorContext.NewPageAsync();
        var recordPath = await TakeInAsync(coordinator, woman, today);

        // A volunteer of the same association, approved.
        var (volunteerName, volunteerEmail) = Journeys.NewPerson("Hilde");
        await using var phone = await fixture.Browser.NewContextAsync(fixture.App, width: PhoneWidth, height: PhoneHeight);
        var volunteer = await phone.NewPageAsync();
        await ApproveVolunteerAsync(coordinator, volunteer, volunteerName, volunteerEmail, today);
        await Journeys.LogOutAsync(volunteer);

        // The coordinator opens the suggestions for her from her record, and proposes the volunteer.
        await coordinator.GotoAsync(recordPath);
        await coordinator.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Finn ressursvenn" }).First.ClickAsync();
        await Expect(coordinator).ToHaveURLAsync(new Regex("/deltaker/[0-9a-f-]{36}/forslag$"));
        var card = coordinator.Locator("#suggestions li.rv-card").Filter(new() { HasText = volunteerName });
        await Expect(card).ToHaveCountAsync(1);
        await card.GetByRole(AriaRole.Button, new() { Name = "Foreslå" }).ClickAsync();
        await Expect(coordinator).ToHaveURLAsync(new Regex("/kobling/[0-9a-f-]{36}$"));
        var matchPath = new Uri(coordinator.Url).AbsolutePath;
        await Expect(coordinator.GetByRole(AriaRole.Heading, new() { Name = "Kobling", Level = 1 })).ToBeVisibleAsync();
        await Expect(coordinator.Locator("#match-woman")).ToHaveTextAsync(woman);
        await Expect(coordinator.Locator("#match-volunteer")).ToContainTextAsync(volunteerName);
        await Expect(coordinator.Locator("#match-status")).ToContainTextAsync("Foreslått");
        Assert.DoesNotContain(woman, await coordinator.TitleAsync(), StringComparison.OrdinalIgnoreCase);

        // The volunteer gets a neutral e-mail, logs in on her phone and finds the proposal at the top of "Min side".
        var link = await Mailbox.LinkInNewestMessageAsync(fixture.App, volunteerEmail, "/min-side");
        await volunteer.GotoAsync(link);
        await volunteer.GetByLabel("E-postadresse").FillAsync(volunteerEmail);
        await volunteer.GetByLabel("Passord", new() { Exact = true }).FillAsync(Journeys.Password);
        await volunteer.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "Logg inn" }).ClickAsync();
        await Expect(volunteer.GetByRole(AriaRole.Heading, new() { Name = "Min side", Level = 1 })).ToBeVisibleAsync();
        await volunteer.GetByRole(AriaRole.Region, new() { Name = "Forslag til deg" }).GetByRole(AriaRole.Link, new() { Name = "Se forslaget og svar" }).ClickAsync();
        await Expect(volunteer.GetByRole(AriaRole.Heading, new() { Name = "Et forslag til deg", Level = 1 })).ToBeVisibleAsync();
        var proposalPath = new Uri(volunteer.Url).AbsolutePath;
        var proposal = volunteer.GetByRole(AriaRole.Main);
        await Expect(proposal).ToContainTextAsync("Oslo");
        await Expect(proposal).ToContainTextAsync("Turer");
        await Expect(proposal).Not.ToContainTextAsync(woman);
        await Expect(proposal).Not.ToContainTextAsync("000 12 345");
        await Expect(proposal).Not.ToContainTextAsync(NetworksToAvoid);
        await Expect(volunteer.Locator("a.rv-quick-exit")).ToBeVisibleAsync();
        Assert.True(await PageChecks.HorizontalOverflowAsync(volunteer) <= 0, "The proposal is wider than a phone's screen.");

        // Accepting without answering the question is refused, and says why at the question.
        await volunteer.GetByRole(AriaRole.Button, new() { Name = "Ja, jeg tar dette oppdraget" }).ClickAsync();
        await Expect(volunteer.Locator("#error-summary")).ToBeVisibleAsync();
        var question = volunteer.GetByRole(AriaRole.Group, new() { Name = "Kjenner du denne kvinnen, familien hennes eller miljøet hennes?" });
        await Expect(question).ToContainTextAsync("Svar på om du kjenner henne, familien hennes eller miljøet hennes.");
        var problems = (await PageChecks.SeriousAxeViolationsAsync(volunteer)).Select(p => $"(proposal, with errors) {p}").ToList();

        await question.GetByLabel("Nei", new() { Exact = true }).CheckAsync();
        await volunteer.GetByRole(AriaRole.Button, new() { Name = "Ja, jeg tar dette oppdraget" }).ClickAsync();
        await ExpectStatusAsync(volunteer, "Takk! Koordinatoren tar kontakt med deg om oppstartsmøtet.");
        await Expect(volunteer).ToHaveURLAsync(new Regex("/min-side$"));

        // The coordinator records the woman's yes, then the start meeting.
        await coordinator.GotoAsync(matchPath);
        await Expect(coordinator.Locator("#match-status")).ToContainTextAsync("Ressursvennen har sagt ja");
        await coordinator.GetByRole(AriaRole.Group, new() { Name = "Hva svarte hun på forslaget?" }).GetByLabel("Ja, hun vil møte ressursvennen").CheckAsync();
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Registrer svaret" }).ClickAsync();
        await ExpectStatusAsync(coordinator, "Svaret er registrert. Avtal oppstartsmøtet.");
        await Expect(coordinator.GetByLabel("Dato for oppstartsmøtet")).ToHaveValueAsync(IsoDate(today));
        await coordinator.GetByLabel("Krisesenteret var med").CheckAsync();
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Registrer oppstartsmøtet" }).ClickAsync();
        await ExpectStatusAsync(coordinator, "Oppstartsmøtet er registrert. Koblingen er aktiv.");
        await Expect(coordinator.Locator("#match-status")).ToContainTextAsync("Aktiv");
        await Expect(coordinator.Locator("#match-planned-end")).ToContainTextAsync("Planlagt slutt: ");
        await Expect(coordinator.Locator("#match-steps li[data-state=done]")).ToHaveCountAsync(4);

        // The referring centre sees "matched" and the date.
        await staff.GotoAsync("/henvisninger");
        await Expect(staff.GetByRole(AriaRole.Main)).ToContainTextAsync("Koblet");
        await Expect(staff.GetByRole(AriaRole.Main)).ToContainTextAsync(ShortDate(today));
        await Expect(staff.GetByRole(AriaRole.Main)).Not.ToContainTextAsync(volunteerName);

        // The volunteer now sees what the woman agreed to share — her name, the safe way to reach her and her needs —
        // and nothing of where she lives or her risk.
        await volunteer.GotoAsync("/min-side");
        await volunteer.GetByRole(AriaRole.Region, new() { Name = "Koblingen din" }).GetByRole(AriaRole.Link, new() { Name = "Se navn og trygg kontaktmåte" }).ClickAsync();
        await Expect(volunteer.GetByRole(AriaRole.Heading, new() { Name = "Koblingen din", Level = 1 })).ToBeVisibleAsync();
        var matchView = volunteer.GetByRole(AriaRole.Main);
        await Expect(matchView).ToContainTextAsync(woman);
        var contact = volunteer.GetByRole(AriaRole.Region, new() { Name = "Slik kontakter du henne trygt" });
        await Expect(contact).ToContainTextAsync("000 12 345");
        await Expect(contact).ToContainTextAsync("Hverdager etter kl. 16");
        await Expect(contact).ToContainTextAsync(CodeWord);
        // Her needs, as the consent she gave says; her interests were in the proposal and are not repeated.
        await Expect(volunteer.GetByRole(AriaRole.Region, new() { Name = "Hva hun ønsker hjelp til" })).ToContainTextAsync("Norsktrening");
        foreach (var hidden in new[] { "Oslo", NetworksToAvoid, OtherNeeds, "Æresrelatert", "Turer" })
        {
            await Expect(matchView).Not.ToContainTextAsync(hidden);
        }

        Assert.DoesNotContain(woman, await volunteer.TitleAsync(), StringComparison.OrdinalIgnoreCase);
        var matchViewPath = new Uri(volunteer.Url).AbsolutePath;
        await Screenshots.TakeAsync(volunteer, "min-side-kobling-nb-390");

        // The volunteer's proposal and match pages: no serious accessibility problem, no sideways scrolling at 320 px.
        var state = await phone.StorageStateAsync();
        await using var wide = await fixture.Browser.NewContextAsync(fixture.App, storageState: state);
        await using var narrow = await fixture.Browser.NewContextAsync(fixture.App, width: 320, height: 640, storageState: state);
        var widePage = await wide.NewPageAsync();
        var narrowPage = await narrow.NewPageAsync();
        await AccessibilityChecks.CheckAsync(widePage, narrowPage, matchViewPath, english: false, problems);
        await AccessibilityChecks.CheckAsync(widePage, narrowPage, "/min-side", english: false, problems);
        // Once the match is active, her proposal's address leads to the match view.
        await narrowPage.GotoAsync(proposalPath);
        await Expect(narrowPage).ToHaveURLAsync(new Regex(Regex.Escape(matchViewPath) + "$"));
        Assert.True(problems.Count == 0, "Accessibility problems:\n" + string.Join("\n", problems));
    }

    [Fact]
    public async Task ProposalPage_OfANewProposal_HasNoSeriousViolations_AndNoHorizontalScrollAt320px()
    {
        var today = OsloToday();
        var woman = $"Testkvinne Tuva-{Guid.NewGuid().ToString("N")[..6]}";
        await using var staffContext = await fixture.Browser.NewContextAsync(fixture.App, storageState: world.Staff.State);
        var staff = await staffContext.NewPageAsync();
        await staff.GotoAsync("/henvisning/ny");
        await ReferAsync(staff, world.Association, woman);
        await using var coordinatorContext = await fixture.Browser.NewContextAsync(fixture.App, storageState: world.Coordinator.State);
        var coordinator = await coordinatorContext.NewPageAsync();
        var recordPath = await TakeInAsync(coordinator, woman, today);
        var (volunteerName, volunteerEmail) = Journeys.NewPerson("Aud");
        await using var phone = await fixture.Browser.NewContextAsync(fixture.App, width: PhoneWidth, height: PhoneHeight);
        var volunteer = await phone.NewPageAsync();
        await ApproveVolunteerAsync(coordinator, volunteer, volunteerName, volunteerEmail, today);

        await coordinator.GotoAsync(recordPath + "/forslag");
        await coordinator.Locator("#suggestions li.rv-card").Filter(new() { HasText = volunteerName })
            .GetByRole(AriaRole.Button, new() { Name = "Foreslå" }).ClickAsync();
        await Expect(coordinator).ToHaveURLAsync(new Regex("/kobling/[0-9a-f-]{36}$"));

        await volunteer.GotoAsync("/min-side");
        var proposalPath = await volunteer.GetByRole(AriaRole.Link, new() { Name = "Se forslaget og svar" }).GetAttributeAsync("href")
                           ?? throw new InvalidOperationException("No link to the proposal.");
        var problems = new List<string>();
        var state = await phone.StorageStateAsync();
        await using var wide = await fixture.Browser.NewContextAsync(fixture.App, storageState: state);
        await using var narrow = await fixture.Browser.NewContextAsync(fixture.App, width: 320, height: 640, storageState: state);
        await AccessibilityChecks.CheckAsync(await wide.NewPageAsync(), await narrow.NewPageAsync(), proposalPath, english: false, problems);
        Assert.True(problems.Count == 0, "Accessibility problems:\n" + string.Join("\n", problems));

        // "I know her": she is thanked, nothing more; the coordinator sees why.
        await volunteer.GotoAsync(proposalPath);
        await volunteer.GetByRole(AriaRole.Group, new() { Name = "Kjenner du denne kvinnen, familien hennes eller miljøet hennes?" })
            .GetByLabel("Ja", new() { Exact = true }).CheckAsync();
        await volunteer.GetByRole(AriaRole.Button, new() { Name = "Ja, jeg tar dette oppdraget" }).ClickAsync();
        await ExpectStatusAsync(volunteer, "Takk. Koordinatoren finner en annen ressursvenn.");
        await Expect(volunteer.GetByRole(AriaRole.Main)).Not.ToContainTextAsync("kjenner");
        await coordinator.ReloadAsync();
        await Expect(coordinator.Locator("#match-knows-her")).ToHaveTextAsync("Ressursvennen kjenner henne, familien eller miljøet hennes. Paret er sperret.");
        await coordinator.GetByRole(AriaRole.Link, new() { Name = "Finn en annen ressursvenn" }).ClickAsync();
        await Expect(coordinator.Locator("#suggestions li.rv-card").Filter(new() { HasText = volunteerName })).ToHaveCountAsync(0);
    }

    /// <summary>
    /// "Ny henvisning" by the labels: a safe phone contact with a code word, Oslo, a language, an interest, a need,
    /// something only the coordinator may know (a network to avoid, an honour-related risk, other needs), and the
    /// consents including sharing with the volunteer.
    /// </summary>
    private static async Task ReferAsync(IPage page, string association, string name)
    {
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ny henvisning", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Group, new() { Name = "Lokalforening", Exact = true }).GetByLabel(association, new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Fornavn eller navnet hun vil bruke").FillAsync(name);
        await page.GetByRole(AriaRole.Group, new() { Name = "Hvordan vil hun bli kontaktet?" }).GetByLabel("Telefonsamtale").CheckAsync();
        await page.GetByLabel("Telefonnummer").FillAsync("000 12 345");
        await page.GetByLabel("Trygge tidspunkter").FillAsync("Hverdager etter kl. 16");
        await page.GetByLabel("Kodeord").FillAsync(CodeWord);
        await page.GetByLabel("Kommune", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Oslo (0301)" });
        await page.GetByRole(AriaRole.Group, new() { Name = "Språk hun snakker" }).GetByLabel("Arabisk", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Group, new() { Name = "Interesser" }).GetByLabel("Turer", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Group, new() { Name = "Hva hun ønsker hjelp til" }).GetByLabel("Norsktrening", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Andre behov").FillAsync(OtherNeeds);
        await page.GetByLabel("Æresrelatert vold").CheckAsync();
        await page.GetByLabel("Miljøer ressursvennen ikke kan tilhøre").FillAsync(NetworksToAvoid);
        await page.GetByLabel("Hun samtykker til å bli registrert og kontaktet av lokalforeningen").CheckAsync();
        await page.GetByLabel("Hun samtykker til at fornavn, trygg kontaktmåte og behov deles med ressursvennen").CheckAsync();
        await page.GetByLabel("Hun kan telles anonymt i statistikken").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send henvisning" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/henvisninger$"));
        await ExpectStatusAsync(page, "Henvisningen er sendt.");
    }

    /// <summary>The coordinator acknowledges the referral, records the intake and puts her on the waiting list; returns her record's path.</summary>
    private static async Task<string> TakeInAsync(IPage page, string name, DateOnly today)
    {
        await page.GotoAsync("/deltakere");
        var card = page.GetByRole(AriaRole.Region, new() { Name = "Nye henvisninger" }).GetByRole(AriaRole.Listitem).Filter(new() { HasText = name });
        await card.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
        var recordPath = new Uri(page.Url).AbsolutePath;
        await page.GetByRole(AriaRole.Button, new() { Name = "Bekreft mottatt" }).ClickAsync();
        await ExpectStatusAsync(page, "Mottaket er bekreftet.");
        await page.GetByRole(AriaRole.Link, new() { Name = "Registrer kartlegging" }).ClickAsync();
        await page.GetByLabel("Dato for samtalen").FillAsync(IsoDate(today));
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre og sett på ventelisten" }).ClickAsync();
        await ExpectStatusAsync(page, "Hun står nå på ventelisten.");
        return recordPath;
    }

    /// <summary>
    /// A volunteer applies on her phone (Oslo, 0150), the coordinator screens her (interview, police certificate, every
    /// training module), invites her; she sets her password and signs the declaration; the coordinator (the only one
    /// in the association) approves her. Ends with the volunteer logged in on the phone.
    /// </summary>
    private async Task ApproveVolunteerAsync(IPage coordinator, IPage volunteer, string name, string email, DateOnly today)
    {
        await Journeys.ApplyAsVolunteerAsync(volunteer, world.Association, name, email, today.AddYears(-40));

        await coordinator.GotoAsync("/frivillige");
        await coordinator.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await Expect(coordinator.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
        await MoveOnAsync(coordinator, "Flytt til intervju");
        await coordinator.GetByRole(AriaRole.Region, new() { Name = "Intervju og egnethet" }).GetByRole(AriaRole.Link, new() { Name = "Registrer intervjuet" }).ClickAsync();
        var interview = coordinator.GetByRole(AriaRole.Main);
        await interview.GetByLabel("Dato for intervjuet").FillAsync(IsoDate(today));
        await interview.GetByRole(AriaRole.Group, new() { Name = "Vurdering" }).GetByLabel("Egnet", new() { Exact = true }).CheckAsync();
        await interview.GetByLabel("Kort begrunnelse").FillAsync("Stødig og varm.");
        await interview.GetByRole(AriaRole.Button, new() { Name = "Lagre intervjuet" }).ClickAsync();
        await ExpectStatusAsync(coordinator, "Intervjuet er lagret.");
        await MoveOnAsync(coordinator, "Flytt til kontroll");
        await coordinator.GetByRole(AriaRole.Region, new() { Name = "Politiattest" }).GetByRole(AriaRole.Link, new() { Name = "Registrer at attesten er sett" }).ClickAsync();
        var certificate = coordinator.GetByRole(AriaRole.Main);
        await certificate.GetByLabel("Dato attesten ble vist").FillAsync(IsoDate(today));
        await certificate.GetByLabel("Utstedt dato").FillAsync(IsoDate(today.AddMonths(-1)));
        await certificate.GetByRole(AriaRole.Button, new() { Name = "Registrer at attesten er sett" }).ClickAsync();
        await ExpectStatusAsync(coordinator, "Politiattesten er registrert som sett.");
        await MoveOnAsync(coordinator, "Flytt til opplæring");
        await coordinator.GetByRole(AriaRole.Region, new() { Name = "Opplæring", Exact = true }).GetByRole(AriaRole.Link, new() { Name = "Registrer opplæring" }).ClickAsync();
        var training = coordinator.GetByRole(AriaRole.Main);
        var modules = training.GetByRole(AriaRole.Group);
        var count = await modules.CountAsync();
        for (var i = 0; i < count; i++)
        {
            await modules.Nth(i).GetByLabel("Fullført", new() { Exact = true }).CheckAsync();
            await modules.Nth(i).GetByLabel("Dato fullført").FillAsync(IsoDate(today));
        }

        await training.GetByRole(AriaRole.Button, new() { Name = "Lagre opplæringen" }).ClickAsync();
        await ExpectStatusAsync(coordinator, "Opplæringen er lagret.");
        await coordinator.GetByRole(AriaRole.Region, new() { Name = "Konto" }).GetByRole(AriaRole.Button, new() { Name = "Inviter henne til å lage konto" }).ClickAsync();
        await ExpectStatusAsync(coordinator, "Invitasjonen er sendt.");

        await volunteer.GotoAsync(await Mailbox.LinkInNewestMessageAsync(fixture.App, email, "/invitasjon"));
        await volunteer.GetByLabel("Nytt passord", new() { Exact = true }).FillAsync(Journeys.Password);
        await volunteer.GetByLabel("Gjenta passordet").FillAsync(Journeys.Password);
        await volunteer.GetByRole(AriaRole.Button, new() { Name = "Lagre passordet" }).ClickAsync();
        await ExpectStatusAsync(volunteer, "Kontoen din er klar, og du er logget inn.");
        await volunteer.GotoAsync("/min-side/taushetserklaering");
        await volunteer.GetByLabel("Jeg har lest taushetserklæringen og godtar den").CheckAsync();
        await volunteer.GetByRole(AriaRole.Button, new() { Name = "Signer" }).ClickAsync();
        await ExpectStatusAsync(volunteer, "Takk! Taushetserklæringen er signert.");

        await coordinator.ReloadAsync();
        var approval = coordinator.GetByRole(AriaRole.Region, new() { Name = "Godkjenning" });
        await approval.GetByRole(AriaRole.Button, new() { Name = "Godkjenn som ressursvenn" }).ClickAsync();
        await ExpectStatusAsync(coordinator, "Hun er godkjent som ressursvenn.");
    }

    private static async Task MoveOnAsync(IPage page, string button)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = button }).ClickAsync();
        await ExpectStatusAsync(page, "Hun er flyttet til neste steg.");
    }

}

/// <summary>
/// The association of the match journey, covering Oslo, with one coordinator (so one approval is enough) and a crisis
/// centre in Oslo with one employee, made once for the class through the admin's pages.
/// </summary>
public sealed class MatchJourneyFixture(MainAppFixture main) : IAsyncLifetime
{
    public string Association { get; } = Organisations.UniqueName("Testforening Kobling Oslo");

    public string Centre { get; } = Organisations.UniqueName("Testkrisesenter Kobling");

    public Member Coordinator { get; private set; } = null!;

    public Member Staff { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var (browser, app) = (main.Browser, main.App);
        await using var context = await browser.NewContextAsync(app, storageState: main.AdminState);
        var admin = await context.NewPageAsync();
        await Organisations.CreateAssociationAsync(admin, Association, "Oslo", "Oslo (0301)");
        await Organisations.CreateCrisisCentreAsync(admin, Centre, "Oslo (0301)", Association);
        Coordinator = await Organisations.AddPersonAsync(browser, app, admin, "Berit", "Koordinator", association: Association);
        Staff = await Organisations.AddPersonAsync(browser, app, admin, "Oddny", "Krisesenteransatt", crisisCentre: Centre);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
