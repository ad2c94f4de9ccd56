using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.IntegrationTests.Features.Participants;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Matching;
using Ressursvenn.Web.Domain.Volunteers;

namespace Ressursvenn.IntegrationTests.Features.MyPages;

/// <summary>
/// The volunteer's own pages (docs/domain.md §4.1): she sees her status and what is left, renewals and new training;
/// signs the confidentiality declaration; keeps her profile up to date; pauses and comes back; leaves (the police
/// certificate record goes at once, her account closes); prints a service letter that names no participant. Nobody
/// else sees her: not another volunteer, and no staff role gets in at all.
/// </summary>
public sealed class MyPagesTests
{
    private const string Name = "Synnove Qxvfrivillig";

    private static readonly string[] Pages =
        ["/min-side", "/min-side/profil", "/min-side/taushetserklaering", "/min-side/pause", "/min-side/avslutt", "/min-side/tjenestebekreftelse"];

    [Fact]
    public async Task MyPage_ShowsHerStatus_WhatIsMissing_AndHerTraining_AndTheHomePageLinksToIt()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Minside");
        await MyPagesPlanting.RetireDefaultCatalogueAsync(app);
        await MyPagesPlanting.ModuleAsync(app, "Traume og vold");
        var confidentiality = await MyPagesPlanting.ModuleAsync(app, "Taushetsplikt i praksis");
        await MyPagesPlanting.ModuleAsync(app, "Valgfritt kurs", mandatory: false);
        var her = await MyPagesPlanting.PlantAsync(app, association, Name, VolunteerStatus.Training,
            v => v.Training.Add(new TrainingCompletion { VolunteerId = v.Id, ModuleId = confidentiality.Id, CompletedOn = new DateOnly(2026, 11, 2) }));
        using var client = await app.LoggedInClientAsync(her.User);

        var page = await Html.ParseAsync(await client.GetUrlAsync("/min-side"));
        Assert.Equal("Du er i gang med opplæringen.", Text(page, "#my-status"));
        var missing = page.QuerySelectorAll("#my-missing li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(3, missing.Count);
        Assert.Contains(missing, m => m.Contains("Politiattest", StringComparison.Ordinal));
        Assert.Contains(missing, m => m.Contains("Obligatorisk opplæring", StringComparison.Ordinal));
        Assert.Contains(missing, m => m.Contains("Taushetserklæringen", StringComparison.Ordinal));
        Assert.Equal(new[] { "Traume og vold" }, page.QuerySelectorAll("#my-training-todo li").Select(li => li.TextContent.Trim()));
        Assert.Equal(new[] { "Taushetsplikt i praksis – 02.11.2026" }, page.QuerySelectorAll("#my-training-done li").Select(li => li.TextContent.Trim()));
        Assert.Null(page.QuerySelector("#my-training .rv-tag"));
        Assert.NotNull(page.QuerySelector("#my-declaration a[href='/min-side/taushetserklaering']"));
        Assert.Null(page.QuerySelector("a[href='/min-side/pause']"));
        Assert.DoesNotContain(Name, page.Title!, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("a.rv-quick-exit"));

        var home = await Html.ParseAsync(await client.GetUrlAsync("/"));
        Assert.Equal("Du er i gang med opplæringen.", Text(home, "#home-volunteer-status"));
        // What she can do herself comes first (the declaration), then where her application stands.
        Assert.Equal(["Declaration", "Application"], AgendaKinds(home));
        Assert.NotNull(home.QuerySelector("#home-agenda a[href='/min-side/taushetserklaering']"));
        Assert.Null(home.QuerySelector("#home-nothing-open"));
        Assert.NotNull(home.QuerySelector("main a[href='/min-side']"));
    }

    [Fact]
    public async Task ApprovedVolunteer_SeesCertificateRenewalsClearly_AndAMandatoryModuleAddedAfterApprovalAsNew()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Fornyelse");
        await MyPagesPlanting.RetireDefaultCatalogueAsync(app);
        var trauma = await MyPagesPlanting.ModuleAsync(app, "Traume og vold");
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        var shownOn = today.AddYears(-3).AddDays(45);
        var validUntil = shownOn.AddYears(3).AddDays(-1);
        var her = await MyPagesPlanting.PlantAsync(app, association, Name, VolunteerStatus.Approved, v =>
        {
            v.Training.Add(new TrainingCompletion { VolunteerId = v.Id, ModuleId = trauma.Id, CompletedOn = today.AddDays(-20) });
            v.PoliceCertificate = new PoliceCertificateRecord { VolunteerId = v.Id, ShownOn = shownOn, IssuedOn = shownOn.AddDays(-10), Purpose = "Ressursvenn" };
            v.Declarations.Add(new DeclarationSignature { VolunteerId = v.Id, TextVersion = DeclarationSignature.CurrentTextVersion, SignedAt = v.AppliedAt });
        });
        var until = validUntil.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);
        // Days pass between the looks, longer than a session lasts: she logs in afresh each time.
        async Task<IHtmlDocument> ViewAsync(string url)
        {
            using var client = await app.LoggedInClientAsync(her.User);
            var response = await client.GetUrlAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await Html.ParseAsync(response);
        }

        var first = await ViewAsync("/min-side");
        Assert.Equal("Du er godkjent som ressursvenn.", Text(first, "#my-status"));
        Assert.Empty(first.QuerySelectorAll("#my-missing li"));
        Assert.Contains($"må fornyes innen {until}", Text(first, "#my-renewals"), StringComparison.Ordinal);
        Assert.Equal("Du har fullført all obligatorisk opplæring.", Text(first, "#my-training p"));
        Assert.Contains("versjon " + DeclarationSignature.CurrentTextVersion, Text(first, "#my-declaration"), StringComparison.Ordinal);
        Assert.NotNull(first.QuerySelector("a[href='/min-side/pause']"));
        Assert.NotNull(first.QuerySelector("a[href='/min-side/tjenestebekreftelse']"));

        // A mandatory module added after her approval: she stays approved and is shown what is new.
        app.Clock.Advance(TimeSpan.FromDays(1));
        await MyPagesPlanting.ModuleAsync(app, "Æresrelatert vold");
        var second = await ViewAsync("/min-side");
        Assert.Equal("Du er godkjent som ressursvenn.", Text(second, "#my-status"));
        var todo = Assert.Single(second.QuerySelectorAll("#my-training-todo li"));
        Assert.Contains("Æresrelatert vold", todo.TextContent, StringComparison.Ordinal);
        Assert.Equal("Ny", todo.QuerySelector(".rv-tag")?.TextContent.Trim());
        var home = await ViewAsync("/");
        Assert.Equal(["Renewal", "Training"], AgendaKinds(home));
        Assert.Contains($"Politiattesten din må fornyes innen {until}.", Text(home, "#home-agenda"), StringComparison.Ordinal);

        app.Clock.Advance(TimeSpan.FromDays(20));
        var third = await ViewAsync("/min-side");
        Assert.Contains($"Snart for sent: politiattesten din må fornyes innen {until}", Text(third, "#my-renewals"), StringComparison.Ordinal);
        Assert.Equal("warning", third.QuerySelector("#my-renewals .ds-alert")?.GetAttribute("data-color"));

        app.Clock.Advance(TimeSpan.FromDays(30));
        var fourth = await ViewAsync("/min-side");
        Assert.Contains($"gikk ut {until}", Text(fourth, "#my-renewals"), StringComparison.Ordinal);
        Assert.Equal("danger", fourth.QuerySelector("#my-renewals .ds-alert")?.GetAttribute("data-color"));
    }

    [Fact]
    public async Task Declaration_IsRefusedWithoutTheTick_ThenSignedWithVersionAndTime_AndAudited()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Erklaering");
        var her = await MyPagesPlanting.PlantAsync(app, association, Name, VolunteerStatus.Training);
        using var client = await app.LoggedInClientAsync(her.User);
        const string url = "/min-side/taushetserklaering";

        var form = await Html.ParseAsync(await client.GetUrlAsync(url));
        Assert.Contains(DeclarationSignature.CurrentTextVersion, Text(form, "#declaration-text"), StringComparison.Ordinal);
        Assert.Contains("gjelder også etter at jeg har sluttet", Text(form, "#declaration-text"), StringComparison.Ordinal);

        var refused = await client.SubmitFormAsync(url, "main form.rv-form", []);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var refusedPage = await Html.ParseAsync(refused);
        Assert.Contains("Kryss av for at du har lest og godtar taushetserklæringen.", Html.ErrorMessages(refusedPage));
        Assert.Empty((await MyPagesPlanting.LoadAsync(app, her.Id))!.Declarations);

        var signed = await client.SubmitFormAsync(url, "main form.rv-form", [new("Accept", "true")]);
        Assert.Equal(HttpStatusCode.Redirect, signed.StatusCode);
        Assert.Equal("/min-side", signed.Location());
        var signature = Assert.Single((await MyPagesPlanting.LoadAsync(app, her.Id))!.Declarations);
        Assert.Equal((DeclarationSignature.CurrentTextVersion, app.Clock.GetUtcNow().UtcDateTime), (signature.TextVersion, signature.SignedAt));
        var audited = Assert.Single(await PlantedRecords.AuditAsync(app, AuditActions.DeclarationSigned, her.Id));
        Assert.Equal((her.User.Id, DeclarationSignature.CurrentTextVersion), (audited.UserId, audited.Detail));

        var after = await Html.ParseAsync(await client.GetUrlAsync(url));
        Assert.Contains("Du signerte taushetserklæringen 25.11.2026 (versjon " + DeclarationSignature.CurrentTextVersion + ")", Text(after, "#declaration-signed"), StringComparison.Ordinal);
        Assert.Null(after.QuerySelector("main form.rv-form"));
        // Signing again (a second tab) adds nothing.
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync(url, [new("Accept", "true"), new("Version", "1")])).StatusCode);
        Assert.Single((await MyPagesPlanting.LoadAsync(app, her.Id))!.Declarations);
    }

    [Fact]
    public async Task Profile_RefusesBadInputWithMessagesKeepingWhatWasTyped_SavesGoodInput_AndRefusesALostUpdate()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Profil");
        var her = await MyPagesPlanting.PlantAsync(app, association, Name, VolunteerStatus.Approved);
        using var client = await app.LoggedInClientAsync(her.User);
        const string url = "/min-side/profil";
        const string form = "main form.rv-form";
        var before = (await MyPagesPlanting.LoadAsync(app, her.Id))!;

        var bad = await client.SubmitFormAsync(url, form,
        [
            new("Input.Phone", "12ab"), new("Input.MaxTravelKm", "500"), new("Input.Networks", new string('x', 301)),
            new("Input.Availability", "3"), new("Input.Availability", "21"), new("Input.Languages", "nb"), new("Input.Languages", "xx"),
        ]);
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var page = await Html.ParseAsync(bad);
        var errors = Html.ErrorMessages(page).ToList();
        Assert.Contains("Skriv telefonnummeret med 8 til 20 sifre, for eksempel 912 34 567.", errors);
        Assert.Contains("Skriv et helt tall fra 1 til 200.", errors);
        Assert.Contains("Skriv høyst 20 miljøer, hvert på høyst 100 tegn.", errors);
        Assert.Equal(2, page.QuerySelectorAll(".rv-error-summary li").Count(li => li.TextContent.Trim() == "Velg et av alternativene i listen."));
        Assert.NotNull(page.QuerySelector("#Input_Availability-error"));
        Assert.Equal("12ab", Html.InputValue(page, "Input.Phone"));
        Assert.Equal("500", Html.InputValue(page, "Input.MaxTravelKm"));
        Assert.Equal(new string('x', 301), Html.InputValue(page, "Input.Networks"));
        Assert.True(Checked(page, "#Input_Availability_3"));
        Assert.True(Checked(page, "input[name='Input.Languages'][value='nb']"));
        var unchanged = (await MyPagesPlanting.LoadAsync(app, her.Id))!;
        Assert.Equal((before.Phone, before.Availability, before.MaxTravelKm, before.Version), (unchanged.Phone, unchanged.Availability, unchanged.MaxTravelKm, unchanged.Version));

        var notANumber = await Html.ParseAsync(await client.SubmitFormAsync(url, form, [new("Input.MaxTravelKm", "tjue")]));
        Assert.Contains("Verdien er ikke gyldig.", Html.ErrorMessages(notANumber));
        Assert.Equal("tjue", Html.InputValue(notANumber, "Input.MaxTravelKm"));

        var good = await client.SubmitFormAsync(url, form,
        [
            new("Input.Phone", "912 34 567"), new("Input.Languages", "nb"), new("Input.Languages", "ar"), new("Input.Interests", "walks"),
            new("Input.Availability", "0"), new("Input.Availability", "5"), new("Input.Availability", "20"), new("Input.MaxTravelKm", "15"),
            new("Input.Networks", "Menigheten på hjørnet"),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        Assert.Equal("/min-side", good.Location());
        var saved = (await MyPagesPlanting.LoadAsync(app, her.Id))!;
        Assert.Equal("912 34 567", saved.Phone);
        Assert.Equal(1 | (1 << 5) | (1 << 20), saved.Availability);
        Assert.Equal(15, saved.MaxTravelKm);
        Assert.Equal(new[] { "nb", "ar" }, saved.Profile.Languages);
        Assert.Equal(new[] { "walks" }, saved.Profile.Interests);
        Assert.Equal(["Menigheten på hjørnet"], saved.Profile.NetworkEntries);
        Assert.Equal("Jeg vil være en venn.", saved.Profile.Motivation);
        Assert.Single(await PlantedRecords.AuditAsync(app, AuditActions.VolunteerProfileChanged, her.Id));
        var shown = await Html.ParseAsync(await client.GetUrlAsync(url));
        Assert.True(Checked(shown, "#Input_Availability_5"));
        Assert.False(Checked(shown, "#Input_Availability_1"));
        Assert.Equal(21, shown.QuerySelectorAll("table.rv-availability input[type=checkbox][name='Input.Availability']").Length);
        Assert.Equal(7, shown.QuerySelectorAll("table.rv-availability tbody th[scope=row]").Length);

        // A form built from an older version is refused, keeping what she typed.
        var stale = await client.PostFormAsync(url,
            [new("Input.Phone", "400 00 001"), new("Input.MaxTravelKm", "10"), new("Input.Version", before.Version.ToString(CultureInfo.InvariantCulture))]);
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        var stalePage = await Html.ParseAsync(stale);
        Assert.Contains(Html.ErrorMessages(stalePage), m => m.StartsWith("Noen andre har endret dette", StringComparison.Ordinal));
        Assert.Equal("400 00 001", Html.InputValue(stalePage, "Input.Phone"));
        Assert.Equal("912 34 567", (await MyPagesPlanting.LoadAsync(app, her.Id))!.Phone);
    }

    [Fact]
    public async Task PauseAndResume_ChangeHerStatus_AndTellHerCoordinatorsWithoutNamingHer()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Pause");
        var (other, _) = await app.CreateOrganisationAsync("Andre", "4601", "46");
        var coordinator = await app.CreateUserAsync(Roles.Coordinator, [association]);
        var otherCoordinator = await app.CreateUserAsync(Roles.Coordinator, [other]);
        var her = await MyPagesPlanting.PlantAsync(app, association, Name, VolunteerStatus.Approved);
        using var client = await app.LoggedInClientAsync(her.User);
        const string url = "/min-side/pause";

        var paused = await client.SubmitFormAsync(url, "main form.rv-form", []);
        Assert.Equal(HttpStatusCode.Redirect, paused.StatusCode);
        var stored = (await MyPagesPlanting.LoadAsync(app, her.Id))!;
        Assert.Equal((VolunteerStatus.Paused, (DateTime?)app.Clock.GetUtcNow().UtcDateTime), (stored.Status, stored.PausedAt));
        var home = await Html.ParseAsync(await client.GetUrlAsync("/min-side"));
        Assert.Equal("Du har pause nå.", Text(home, "#my-status"));
        Assert.Contains("Koordinatoren din har fått beskjed.", Text(home, ".rv-status-region"), StringComparison.Ordinal);

        var notice = Assert.Single(app.Mail.Messages, m => m.To == coordinator.Email);
        Assert.Contains("tatt pause", notice.TextBody, StringComparison.Ordinal);
        foreach (var part in new[] { notice.Subject, notice.TextBody, notice.HtmlBody })
        {
            Assert.DoesNotContain("Synnove", part, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(her.User.Email, part, StringComparison.OrdinalIgnoreCase);
        }

        // A second tab still showing "I need a break": refused with a message, nothing changes.
        var again = await client.PostFormAsync(url, [new("Version", stored.Version.ToString(CultureInfo.InvariantCulture))], url + "?handler=Pause");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("Dette kan ikke gjøres nå. Siden viser hvor du står.", Html.ErrorMessages(await Html.ParseAsync(again)));

        var resumed = await client.SubmitFormAsync(url, "main form.rv-form", []);
        Assert.Equal(HttpStatusCode.Redirect, resumed.StatusCode);
        stored = (await MyPagesPlanting.LoadAsync(app, her.Id))!;
        Assert.Equal((VolunteerStatus.Approved, (DateTime?)null), (stored.Status, stored.PausedAt));
        Assert.Equal(2, app.Mail.Messages.Count(m => m.To == coordinator.Email));
        Assert.Contains("klar igjen", app.Mail.Messages.Last(m => m.To == coordinator.Email).TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Mail.Messages, m => m.To == otherCoordinator.Email);
        Assert.Single(await PlantedRecords.AuditAsync(app, AuditActions.VolunteerPaused, her.Id));
        Assert.Single(await PlantedRecords.AuditAsync(app, AuditActions.VolunteerResumed, her.Id));
    }

    [Fact]
    public async Task Leaving_NeedsTheTick_DeletesTheCertificateRecordAtOnce_ClosesHerAccount_AndTellsHerCoordinators()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Avslutt");
        var coordinator = await app.CreateUserAsync(Roles.Coordinator, [association]);
        var module = await MyPagesPlanting.ModuleAsync(app, "Traume og vold");
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        var her = await MyPagesPlanting.PlantAsync(app, association, Name, VolunteerStatus.Approved, v =>
        {
            v.PoliceCertificate = new PoliceCertificateRecord { VolunteerId = v.Id, ShownOn = today.AddDays(-30), IssuedOn = today.AddDays(-40), Purpose = "Ressursvenn" };
            v.Training.Add(new TrainingCompletion { VolunteerId = v.Id, ModuleId = module.Id, CompletedOn = today.AddDays(-20) });
        });
        using var client = await app.LoggedInClientAsync(her.User);
        const string url = "/min-side/avslutt";

        var info = await Html.ParseAsync(await client.GetUrlAsync(url));
        var consequences = Text(info, "#leave-consequences");
        Assert.Contains("politiattesten din slettes med en gang", consequences, StringComparison.Ordinal);
        Assert.Contains("slettes etter 24 måneder", consequences, StringComparison.Ordinal);
        Assert.Contains("Taushetsplikten gjelder fortsatt", consequences, StringComparison.Ordinal);
        Assert.NotNull(info.QuerySelector("main a[href='/min-side/tjenestebekreftelse']"));

        var refused = await client.SubmitFormAsync(url, "main form.rv-form", []);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Kryss av for at du forstår hva som skjer, og vil avslutte.", Html.ErrorMessages(await Html.ParseAsync(refused)));
        Assert.NotNull((await MyPagesPlanting.LoadAsync(app, her.Id))!.PoliceCertificate);

        var left = await client.SubmitFormAsync(url, "main form.rv-form", [new("Confirm", "true")]);
        Assert.Equal(HttpStatusCode.Redirect, left.StatusCode);
        Assert.Equal("/logg-inn", left.Location());
        var stored = (await MyPagesPlanting.LoadAsync(app, her.Id))!;
        Assert.Equal((VolunteerStatus.Left, (DateTime?)app.Clock.GetUtcNow().UtcDateTime), (stored.Status, stored.EndedAt));
        Assert.Null(stored.PoliceCertificate);
        Assert.Single(stored.Training);
        await using (var scope = app.Services.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.False(await db.PoliceCertificates.AnyAsync(c => c.VolunteerId == her.Id, TestContext.Current.CancellationToken));
            Assert.True((await db.Users.SingleAsync(u => u.Id == her.User.Id, TestContext.Current.CancellationToken)).Disabled);
        }

        var leftEntry = Assert.Single(await PlantedRecords.AuditAsync(app, AuditActions.VolunteerLeft, her.Id));
        Assert.Equal(((Guid?)her.User.Id, "self"), (leftEntry.UserId, leftEntry.Detail));
        Assert.Contains("har avsluttet", Assert.Single(app.Mail.Messages, m => m.To == coordinator.Email).TextBody, StringComparison.Ordinal);
        Assert.True((await client.GetUrlAsync("/min-side")).IsRedirectToLogin());
        using var fresh = app.Client();
        var login = await app.LoginAsync(fresh, her.User);
        Assert.False(login.StatusCode == HttpStatusCode.Redirect && !login.IsRedirectToLogin(), "A volunteer who has left could still log in.");
    }

    [Fact]
    public async Task AnApplicantLeaving_WithdrawsHerApplication()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Trekk");
        var her = await MyPagesPlanting.PlantAsync(app, association, Name, VolunteerStatus.Checks);
        using var client = await app.LoggedInClientAsync(her.User);

        var page = await Html.ParseAsync(await client.GetUrlAsync("/min-side/avslutt"));
        Assert.Equal("Trekke søknaden", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains("slettes etter 6 måneder", Text(page, "#leave-consequences"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitFormAsync("/min-side/avslutt", "main form.rv-form", [new("Confirm", "true")])).StatusCode);
        var stored = (await MyPagesPlanting.LoadAsync(app, her.Id))!;
        Assert.Equal((VolunteerStatus.Withdrawn, (DateTime?)app.Clock.GetUtcNow().UtcDateTime), (stored.Status, stored.EndedAt));
        Assert.Single(await PlantedRecords.AuditAsync(app, AuditActions.VolunteerWithdrawn, her.Id));
        Assert.Empty(await PlantedRecords.AuditAsync(app, AuditActions.VolunteerLeft, her.Id));
    }

    [Fact]
    public async Task ServiceLetter_ShowsHerNameAssociationPeriodAndTraining_NamesNoParticipant_PrintsCleanly_AndIsAudited()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Brev");
        var participant = await PlantedRecords.PlantAsync(app, association, centre, "Brevdeltaker");
        var trauma = await MyPagesPlanting.ModuleAsync(app, "Traume og vold");
        var boundaries = await MyPagesPlanting.ModuleAsync(app, "Grenser i praksis");
        var her = await MyPagesPlanting.PlantAsync(app, association, Name, VolunteerStatus.Approved, v =>
        {
            v.Training.Add(new TrainingCompletion { VolunteerId = v.Id, ModuleId = trauma.Id, CompletedOn = new DateOnly(2026, 10, 1) });
            v.Training.Add(new TrainingCompletion { VolunteerId = v.Id, ModuleId = boundaries.Id, CompletedOn = new DateOnly(2026, 10, 8) });
        });
        var applicant = await MyPagesPlanting.PlantAsync(app, association, "Helga Qxvsoker", VolunteerStatus.Applied);
        app.Clock.Advance(TimeSpan.FromDays(30));
        using var client = await app.LoggedInClientAsync(her.User);

        var response = await client.GetUrlAsync("/min-side/tjenestebekreftelse");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var page = await Html.ParseAsync(response);
        var letter = Text(page, "#service-letter");
        Assert.Contains($"{Name} har vært godkjent som frivillig ressursvenn i Brev sanitetsforening siden 25.11.2026.", letter, StringComparison.Ordinal);
        Assert.Equal(new[] { "Traume og vold – 01.10.2026", "Grenser i praksis – 08.10.2026" }, page.QuerySelectorAll("#letter-training li").Select(li => li.TextContent.Trim()));
        // No match yet: the letter says so instead of counting zeros.
        Assert.Equal("Hun har ennå ikke vært koblet med en deltaker.", Text(page, "#letter-no-match"));
        Assert.Null(page.QuerySelector("#letter-matches"));
        Assert.DoesNotContain(participant.Name, body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(participant.Phone, body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Name, page.Title!, StringComparison.Ordinal);
        // Print: the print button and the way back sit in .rv-actions, which the print styles hide with the nav.
        Assert.NotNull(page.QuerySelector(".rv-actions button[data-print]"));
        Assert.Null(page.QuerySelector("#service-letter .rv-actions, #service-letter form, #service-letter nav"));
        var audited = Assert.Single(await PlantedRecords.AuditAsync(app, AuditActions.ServiceLetterIssued, her.Id));
        Assert.Equal(her.User.Id, audited.UserId);

        // Not yet approved: nothing to confirm yet, and nothing issued.
        using var applicantClient = await app.LoggedInClientAsync(applicant.User);
        var notYet = await Html.ParseAsync(await applicantClient.GetUrlAsync("/min-side/tjenestebekreftelse"));
        Assert.Contains("Bekreftelsen kan lages når du er godkjent som ressursvenn.", notYet.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Null(notYet.QuerySelector("#service-letter"));
        Assert.Empty(await PlantedRecords.AuditAsync(app, AuditActions.ServiceLetterIssued, applicant.Id));
    }

    [Fact]
    public async Task AnotherVolunteer_NeverSeesHer_AndAnAccountWithoutARecordIsToldKindly()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Skille");
        var (other, _) = await app.CreateOrganisationAsync("Annen", "4601", "46");
        await MyPagesPlanting.PlantAsync(app, association, Name, VolunteerStatus.Approved, v => v.Phone = "400 77 123");
        var neighbour = await MyPagesPlanting.PlantAsync(app, association, "Birgit Qxvnabo", VolunteerStatus.Approved);
        var stranger = await MyPagesPlanting.PlantAsync(app, other, "Randi Qxvfremmed", VolunteerStatus.Paused);
        var noRecord = await app.CreateUserAsync(Roles.Volunteer, name: "Uten Registrering");
        var hers = (await MyPagesPlanting.LoadAsync(app, await MyPagesPlanting.IdOfAsync(app, Name)))!;

        foreach (var (user, ownName) in new (TestUser User, string? OwnName)[] { (neighbour.User, neighbour.Name), (stranger.User, stranger.Name), (noRecord, null) })
        {
            using var client = await app.LoggedInClientAsync(user);
            foreach (var url in Pages)
            {
                var response = await client.GetUrlAsync(url);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
                Assert.DoesNotContain("Synnove", body, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("400 77 123", body, StringComparison.Ordinal);
                Assert.DoesNotContain(hers.Email, body, StringComparison.OrdinalIgnoreCase);
                if (ownName is null)
                {
                    Assert.Contains("Her er det ingenting ennå.", (await Html.ParseAsync(response)).QuerySelector("main")!.TextContent, StringComparison.Ordinal);
                }
            }

            if (ownName is not null)
            {
                var letter = await Html.ParseAsync(await client.GetUrlAsync("/min-side/tjenestebekreftelse"));
                Assert.Contains(ownName, Text(letter, "#service-letter"), StringComparison.Ordinal);
            }
        }

        // Without a record there is nothing to change: a post changes nothing and says so kindly.
        using var empty = await app.LoggedInClientAsync(noRecord);
        var post = await empty.PostFormAsync("/min-side/profil", [new("Input.Phone", "912 34 567"), new("Input.MaxTravelKm", "10")]);
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Contains("Her er det ingenting ennå.", (await Html.ParseAsync(post)).QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(hers.Phone, (await MyPagesPlanting.LoadAsync(app, hers.Id))!.Phone);
    }

    [Fact]
    public async Task MyPages_AreNotFoundForEveryRoleButVolunteer()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Ikkeadgang");
        await MyPagesPlanting.PlantAsync(app, association, Name, VolunteerStatus.Approved);
        var users = new[]
        {
            await app.CreateUserAsync(Roles.Coordinator, [association]),
            await app.CreateUserAsync(Roles.NationalAdmin),
            await app.CreateUserAsync(Roles.CrisisCentreStaff, crisisCentre: centre),
            await app.CreateUserAsync(Roles.PrivacyOfficer),
        };

        foreach (var user in users)
        {
            using var client = await app.LoggedInClientAsync(user);
            foreach (var url in Pages)
            {
                var response = await client.GetUrlAsync(url);
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{user.Role} GET {url}: {(int)response.StatusCode}");
                Assert.DoesNotContain("Synnove", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.OrdinalIgnoreCase);
            }

            var post = await client.PostFormAsync("/", [new("Version", "1")], "/min-side/pause?handler=Pause");
            Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        }

        Assert.Equal(VolunteerStatus.Approved, (await MyPagesPlanting.LoadAsync(app, await MyPagesPlanting.IdOfAsync(app, Name)))!.Status);
    }

    private static string Text(IHtmlDocument page, string selector) =>
        page.QuerySelector(selector)?.TextContent.Trim() ?? throw new InvalidOperationException($"Nothing matches {selector}: {page.Body?.TextContent}");

    private static List<string> AgendaKinds(IHtmlDocument page) =>
        [.. page.QuerySelectorAll("#home-agenda [data-agenda]").Select(li => li.GetAttribute("data-agenda")!)];

    private static bool Checked(IHtmlDocument page, string selector) => page.QuerySelector(selector) is IHtmlInputElement { IsChecked: true };
}

/// <summary>A volunteer planted for these tests, with her account.</summary>
internal sealed record MyPagesVolunteer(Guid Id, TestUser User, string Name);

/// <summary>Plants volunteers (with an account of role Volunteer linked to the record) and training modules in a system scope.</summary>
internal static class MyPagesPlanting
{
    public static async Task<MyPagesVolunteer> PlantAsync(TestApp app, Guid association, string name, VolunteerStatus status, Action<Volunteer>? shape = null)
    {
        var user = await app.CreateUserAsync(Roles.Volunteer, name: name);
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var id = await Plant.Volunteer(app, association, name)
            .With(volunteer =>
            {
                volunteer.Email = user.Email;
                volunteer.Phone = "400 00 000";
                volunteer.MunicipalityCode = "0301";
                volunteer.BirthDate = new DateOnly(1980, 5, 5);
                volunteer.Status = status;
                volunteer.AppliedAt = now;
                volunteer.ApprovedAt = status is VolunteerStatus.Approved or VolunteerStatus.Paused or VolunteerStatus.Left ? now : null;
                volunteer.PausedAt = status == VolunteerStatus.Paused ? now : null;
                volunteer.EndedAt = status is VolunteerStatus.Left or VolunteerStatus.Rejected or VolunteerStatus.Withdrawn ? now : null;
                volunteer.UserId = user.Id;
                volunteer.Profile = new VolunteerProfile { Languages = ["nb"], Interests = ["coffee"], Motivation = "Jeg vil være en venn." };
            })
            .Interviewed(DateOnly.FromDateTime(now))
            .With(volunteer => shape?.Invoke(volunteer))
            .SaveAsync();
        return new MyPagesVolunteer(id, user, name);
    }

    /// <summary>Takes the default catalogue (seeded at start-up) out of use, so a test's own modules are the whole catalogue.</summary>
    public static async Task RetireDefaultCatalogueAsync(TestApp app)
    {
        await using var scope = app.Services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        foreach (var module in await db.TrainingModules.ToListAsync(TestContext.Current.CancellationToken))
        {
            module.Active = false;
        }

        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    public static async Task<TrainingModule> ModuleAsync(TestApp app, string name, bool mandatory = true)
    {
        await using var scope = app.Services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var module = new TrainingModule { Name = name, Mandatory = mandatory };
        db.TrainingModules.Add(module);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return module;
    }

    /// <summary>Her record as stored, with everything under it (untracked), or null when it is gone.</summary>
    public static async Task<Volunteer?> LoadAsync(TestApp app, Guid id)
    {
        await using var scope = app.Services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Volunteers.AsNoTracking()
            .Include(v => v.Interview).Include(v => v.PoliceCertificate).Include(v => v.Training).Include(v => v.Declarations)
            .AsSplitQuery().FirstOrDefaultAsync(v => v.Id == id, TestContext.Current.CancellationToken);
    }

    /// <summary>The id of the volunteer with this name (names are encrypted: loaded and compared in memory).</summary>
    public static async Task<Guid> IdOfAsync(TestApp app, string name)
    {
        await using var scope = app.Services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return (await db.Volunteers.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken)).Single(v => v.Name == name).Id;
    }

    /// <summary>
    /// Plants matches of a woman and a volunteer of one association at the given steps (straight into the database, as a
    /// finished history): a started one has its start meeting, an open one holds the volunteer's capacity slots in order.
    /// </summary>
    public static async Task<IReadOnlyList<Match>> MatchesAsync(TestApp app, Guid association, params (Guid Woman, Guid Volunteer, MatchStatus Status)[] matches)
    {
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var slots = new Dictionary<Guid, int>();
        var planted = matches.Select(m =>
        {
            var open = Match.Open.Contains(m.Status);
            int? slot = open ? slots[m.Volunteer] = slots.GetValueOrDefault(m.Volunteer, -1) + 1 : null;
            return new Match
            {
                AssociationId = association, VolunteerAssociationId = association, ParticipantId = m.Woman, VolunteerId = m.Volunteer, Status = m.Status,
                ProposedAt = now.AddDays(-200), StartMeetingOn = Match.Started.Contains(m.Status) ? DateOnly.FromDateTime(now.AddDays(-190)) : null,
                ClosedAt = m.Status == MatchStatus.Closed ? now.AddDays(-10) : null, DeclinedAt = m.Status == MatchStatus.Declined ? now.AddDays(-195) : null,
                ParticipantSlot = open ? 0 : null, VolunteerSlot = slot,
            };
        }).ToArray();
        return await Plant.MatchesAsync(app, planted);
    }

    /// <summary>Her account as stored.</summary>
    public static async Task<AppUser?> UserAsync(TestApp app, Guid userId)
    {
        await using var scope = app.Services.CreateSystemScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByIdAsync(userId.ToString());
    }
}
