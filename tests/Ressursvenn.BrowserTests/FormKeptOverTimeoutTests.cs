using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Ressursvenn.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static Ressursvenn.BrowserTests.Infrastructure.Journeys;

namespace Ressursvenn.BrowserTests;

/// <summary>
/// "Nothing typed is lost to a timeout", as six people meet it: each types into a different kind of form (a note,
/// a referral, an intake, a step of a volunteer's application, a volunteer's own profile on her phone, the settings),
/// leaves it until the session has run out,
/// closes the "you are logged out" dialog, sends the form, signs in again, finds what she typed and saves it.
/// </summary>
[Collection(ExpiringSessionAppDefinition.Name)]
public sealed class FormKeptOverTimeoutTests(ExpiringSessionAppFixture fixture)
{
    [Fact]
    public async Task EveryFormKind_TypedBeforeTheSessionRanOut_IsThereAfterSigningInAgain_AndSaves()
    {
        var (browser, app) = (fixture.Browser, fixture.App);
        var association = Organisations.UniqueName("Testforening Tidsavbrudd");
        var centre = Organisations.UniqueName("Testkrisesenter Tidsavbrudd");
        var today = OsloToday();

        await using var adminContext = await browser.NewContextAsync(app, storageState: fixture.AdminState);
        var admin = await adminContext.NewPageAsync();
        await Organisations.CreateAssociationAsync(admin, association, "Oslo", "Oslo (0301)");
        await Organisations.CreateCrisisCentreAsync(admin, centre, "Oslo (0301)", association);

        // The crisis-centre employee refers one woman (for the coordinators below) and starts on a second referral.
        var staff = await Organisations.AddPersonAsync(browser, app, admin, "Turid", "Krisesenteransatt", crisisCentre: centre);
        await using var staffContext = await browser.NewContextAsync(app, storageState: staff.State);
        var referral = await staffContext.NewPageAsync();
        var woman = ParticipantName("Tidsavbrudd");
        await referral.GotoAsync("/henvisning/ny");
        await FillAndSendReferralAsync(referral, association, woman, protectedAddress: false);
        var secondWoman = ParticipantName("Skjema");
        await referral.GotoAsync("/henvisning/ny");
        await FillReferralAsync(referral, association, secondWoman, protectedAddress: false);

        // A coordinator acknowledges the referral and types the intake.
        var intakeCoordinator = await Organisations.AddPersonAsync(browser, app, admin, "Kari", "Koordinator", association: association);
        await using var intakeContext = await browser.NewContextAsync(app, storageState: intakeCoordinator.State);
        var intake = await intakeContext.NewPageAsync();
        var record = await OpenParticipantAsync(intake, woman);
        await intake.GetByRole(AriaRole.Button, new() { Name = "Bekreft mottatt" }).ClickAsync();
        await ExpectStatusAsync(intake, "Mottaket er bekreftet.");
        await intake.GetByRole(AriaRole.Link, new() { Name = "Registrer kartlegging" }).ClickAsync();
        await Expect(intake.GetByRole(AriaRole.Heading, new() { Name = "Kartleggingssamtale", Level = 1 })).ToBeVisibleAsync();
        await intake.GetByLabel("Dato for samtalen").FillAsync(IsoDate(today));
        const string Wishes = "En rolig ressursvenn som liker å gå tur langs elva";
        await intake.GetByLabel("Andre ønsker").FillAsync(Wishes);

        // A second coordinator types a note on her record.
        var noteCoordinator = await Organisations.AddPersonAsync(browser, app, admin, "Eli", "Koordinator", association: association);
        await using var noteContext = await browser.NewContextAsync(app, storageState: noteCoordinator.State);
        var note = await noteContext.NewPageAsync();
        await note.GotoAsync(record);
        const string NoteText = "Ringte henne i dag; hun vil helst møtes på formiddagen.";
        await note.GetByRole(AriaRole.Textbox, new() { Name = "Nytt notat" }).FillAsync(NoteText);

        // Two volunteers apply. A third coordinator invites one of them to make an account, and moves the other to the
        // interview and types its outcome. (Two, because any change to a volunteer's record, her own profile too, makes
        // a form about her opened before it stale: the row's version check.)
        var (volunteerName, volunteerEmail) = NewPerson("Tuva");
        var (intervieweeName, intervieweeEmail) = NewPerson("Sigrid");
        await using (var applicantContext = await browser.NewContextAsync(app))
        {
            await ApplyAsVolunteerAsync(await applicantContext.NewPageAsync(), association, volunteerName, volunteerEmail, today.AddYears(-35));
            await ApplyAsVolunteerAsync(await applicantContext.NewPageAsync(), association, intervieweeName, intervieweeEmail, today.AddYears(-41));
        }

        var screeningCoordinator = await Organisations.AddPersonAsync(browser, app, admin, "Randi", "Koordinator", association: association);
        await using var screeningContext = await browser.NewContextAsync(app, storageState: screeningCoordinator.State);
        var interview = await screeningContext.NewPageAsync();
        await interview.GotoAsync("/frivillige");
        await interview.GetByRole(AriaRole.Link, new() { Name = volunteerName }).ClickAsync();
        await interview.GetByRole(AriaRole.Button, new() { Name = "Flytt til intervju" }).ClickAsync();
        await ExpectStatusAsync(interview, "Hun er flyttet til neste steg.");
        await interview.GetByRole(AriaRole.Region, new() { Name = "Konto" }).GetByRole(AriaRole.Button, new() { Name = "Inviter henne til å lage konto" }).ClickAsync();
        await ExpectStatusAsync(interview, "Invitasjonen er sendt.");
        await interview.GotoAsync("/frivillige");
        await interview.GetByRole(AriaRole.Link, new() { Name = intervieweeName }).ClickAsync();
        await interview.GetByRole(AriaRole.Button, new() { Name = "Flytt til intervju" }).ClickAsync();
        await ExpectStatusAsync(interview, "Hun er flyttet til neste steg.");
        await interview.GetByRole(AriaRole.Region, new() { Name = "Intervju og egnethet" }).GetByRole(AriaRole.Link, new() { Name = "Registrer intervjuet" }).ClickAsync();
        var interviewForm = interview.GetByRole(AriaRole.Main);
        await interviewForm.GetByLabel("Dato for intervjuet").FillAsync(IsoDate(today));
        await interviewForm.GetByRole(AriaRole.Group, new() { Name = "Vurdering" }).GetByLabel("Egnet", new() { Exact = true }).CheckAsync();
        const string Reason = "Rolig og stødig, lang erfaring fra besøkstjenesten.";
        await interviewForm.GetByLabel("Kort begrunnelse").FillAsync(Reason);

        // The volunteer takes her account into use on her phone and updates her profile.
        await using var volunteerContext = await browser.NewContextAsync(app, width: 390, height: 844, touch: true);
        var profile = await volunteerContext.NewPageAsync();
        await profile.GotoAsync(await Mailbox.LinkInNewestMessageAsync(app, volunteerEmail, "/invitasjon"));
        await profile.GetByLabel("Nytt passord", new() { Exact = true }).FillAsync(Password);
        await profile.GetByLabel("Gjenta passordet").FillAsync(Password);
        await profile.GetByRole(AriaRole.Button, new() { Name = "Lagre passordet" }).ClickAsync();
        await ExpectStatusAsync(profile, "Kontoen din er klar, og du er logget inn.");
        await profile.GotoAsync("/min-side/profil");
        const string NewPhone = "000 98 765";
        await profile.GetByLabel("Telefonnummer").FillAsync(NewPhone);
        await profile.GetByLabel("Hvor langt kan du reise til et møte (km)?").FillAsync("25");

        // The national admin changes a setting.
        await admin.GotoAsync("/admin/innstillinger/henvisninger");
        var breakGlass = admin.GetByLabel("Nødtilgang varer (minutter)");
        var minutes = await breakGlass.InputValueAsync() == "45" ? "50" : "45";
        await breakGlass.FillAsync(minutes);

        // Everybody leaves her screen; each session runs out, and each page says so.
        var pages = new[] { referral, intake, note, interview, profile, admin };
        foreach (var page in pages)
        {
            var dialog = page.Locator("#rv-session-warning");
            await Expect(dialog.GetByText("Du er logget ut.")).ToBeVisibleAsync(new() { Timeout = 150_000 });
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Lukk og fortsett" }).ClickAsync();
            await Expect(dialog).ToBeHiddenAsync();
        }

        // The referral: sent, kept, signed in again, there, sent for real.
        await referral.GetByRole(AriaRole.Button, new() { Name = "Send henvisning" }).ClickAsync();
        await SignInAgainAsync(referral, staff.Account);
        await Expect(referral.GetByLabel("Fornavn eller navnet hun vil bruke")).ToHaveValueAsync(secondWoman);
        await Expect(referral.GetByLabel("Trygge tidspunkter")).ToHaveValueAsync("Hverdager etter kl. 16");
        await Expect(referral.GetByRole(AriaRole.Group, new() { Name = "Lokalforening", Exact = true }).GetByLabel(association, new() { Exact = true })).ToBeCheckedAsync();
        await Expect(referral.GetByRole(AriaRole.Group, new() { Name = "Språk hun snakker" }).GetByLabel("Arabisk", new() { Exact = true })).ToBeCheckedAsync();
        await Expect(referral.GetByLabel("Hun samtykker til å bli registrert og kontaktet av lokalforeningen")).ToBeCheckedAsync();
        var reference = await SendReferralAsync(referral);
        await Expect(referral.GetByRole(AriaRole.Row).Filter(new() { HasText = reference })).ToHaveCountAsync(1);

        // The volunteer's profile (she signs in with her password only).
        await profile.GetByRole(AriaRole.Button, new() { Name = "Lagre", Exact = true }).ClickAsync();
        await SignInAgainAsync(profile, new Account(volunteerName, volunteerEmail, Password, Authenticator: null));
        await Expect(profile.GetByLabel("Telefonnummer")).ToHaveValueAsync(NewPhone);
        await Expect(profile.GetByLabel("Hvor langt kan du reise til et møte (km)?")).ToHaveValueAsync("25");
        await profile.GetByRole(AriaRole.Button, new() { Name = "Lagre", Exact = true }).ClickAsync();
        await ExpectStatusAsync(profile, "Lagret.");
        await profile.GotoAsync("/min-side/profil");
        await Expect(profile.GetByLabel("Telefonnummer")).ToHaveValueAsync(NewPhone);

        // The note.
        await note.GetByRole(AriaRole.Button, new() { Name = "Lagre notat" }).ClickAsync();
        await SignInAgainAsync(note, noteCoordinator.Account);
        await Expect(note.GetByRole(AriaRole.Textbox, new() { Name = "Nytt notat" })).ToHaveValueAsync(NoteText);
        await note.GetByRole(AriaRole.Button, new() { Name = "Lagre notat" }).ClickAsync();
        await ExpectStatusAsync(note, "Notatet er lagret.");
        await Expect(note.GetByRole(AriaRole.Main)).ToContainTextAsync(NoteText);

        // The intake.
        await intake.GetByRole(AriaRole.Button, new() { Name = "Lagre og sett på ventelisten" }).ClickAsync();
        await SignInAgainAsync(intake, intakeCoordinator.Account);
        await Expect(intake.GetByLabel("Dato for samtalen")).ToHaveValueAsync(IsoDate(today));
        await Expect(intake.GetByLabel("Andre ønsker")).ToHaveValueAsync(Wishes);
        await intake.GetByRole(AriaRole.Button, new() { Name = "Lagre og sett på ventelisten" }).ClickAsync();
        await ExpectStatusAsync(intake, "Hun står nå på ventelisten.");
        await Expect(intake.GetByRole(AriaRole.Main)).ToContainTextAsync(Wishes);

        // The interview, a step of the volunteer's application.
        await interviewForm.GetByRole(AriaRole.Button, new() { Name = "Lagre intervjuet" }).ClickAsync();
        await SignInAgainAsync(interview, screeningCoordinator.Account);
        interviewForm = interview.GetByRole(AriaRole.Main);
        await Expect(interviewForm.GetByLabel("Dato for intervjuet")).ToHaveValueAsync(IsoDate(today));
        await Expect(interviewForm.GetByRole(AriaRole.Group, new() { Name = "Vurdering" }).GetByLabel("Egnet", new() { Exact = true })).ToBeCheckedAsync();
        await Expect(interviewForm.GetByLabel("Kort begrunnelse")).ToHaveValueAsync(Reason);
        await interviewForm.GetByRole(AriaRole.Button, new() { Name = "Lagre intervjuet" }).ClickAsync();
        await ExpectStatusAsync(interview, "Intervjuet er lagret.");
        await Expect(interview.GetByRole(AriaRole.Region, new() { Name = "Intervju og egnethet" })).ToContainTextAsync("Vurdering: Egnet.");

        // The settings.
        await admin.GetByRole(AriaRole.Button, new() { Name = "Lagre", Exact = true }).ClickAsync();
        await SignInAgainAsync(admin, fixture.Admin);
        await Expect(admin.GetByLabel("Nødtilgang varer (minutter)")).ToHaveValueAsync(minutes);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Lagre", Exact = true }).ClickAsync();
        await ExpectStatusAsync(admin, "Lagret.");
        await admin.ReloadAsync();
        await Expect(admin.GetByLabel("Nødtilgang varer (minutter)")).ToHaveValueAsync(minutes);
    }

    /// <summary>The coordinator's list → her record; returns the record's path.</summary>
    private static async Task<string> OpenParticipantAsync(IPage page, string name)
    {
        await page.GotoAsync("/deltakere");
        await page.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
        return new Uri(page.Url).AbsolutePath;
    }

    /// <summary>
    /// After a form was sent from a session that had run out: the login page says why, she signs in, and lands on
    /// the same page with the "we kept what you wrote" notice.
    /// </summary>
    private static async Task SignInAgainAsync(IPage page, Account account)
    {
        await Expect(page).ToHaveURLAsync(new Regex("/logg-inn\\?"));
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("Du ble logget ut fordi du var inaktiv en stund.");
        await LogInHereAsync(page, account);
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Vi tok vare på det du skrev før du ble logget ut.");
        Assert.Contains("gjenopprett=", page.Url, StringComparison.Ordinal);
    }
}
