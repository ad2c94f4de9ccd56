using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.IntegrationTests.Features.Participants;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Matching;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Infrastructure;

namespace Ressursvenn.IntegrationTests.Features.Matching;

/// <summary>
/// The match workflow through the pages (docs/domain.md §4.3): the volunteer answers the anonymised proposal
/// (first whether she knows the woman), the coordinator records the woman's answer and the start meeting, and the
/// match becomes Active with its planned end while the referring centre sees "matched" and the date. Declines keep
/// the woman's place on the waiting list; a declared acquaintance blocks the pair and the volunteer is only thanked;
/// lost updates and bad input are refused with clear messages and nothing saved.
/// </summary>
public sealed class MatchWorkflowTests
{
    private const string ThankYou = "Takk. Koordinatoren finner en annen ressursvenn.";

    [Fact]
    public async Task WholeFlow_VolunteerAccepts_CoordinatorRecordsYesAndStartMeeting_MatchIsActive_AndTheCentreSeesMatched()
    {
        await using var app = await TestApp.CreateAsync();
        var s = await WorkflowScenario.CreateAsync(app);
        var id = await s.ProposeAsync();

        // The volunteer hears of it by a neutral e-mail that carries nothing but a link.
        var notice = Assert.Single(app.Mail.Messages, m => m.To == s.VolunteerUser.Email);
        Assert.Equal("Du har fått et forslag", notice.Subject);
        Assert.DoesNotContain(WorkflowScenario.WomanName, notice.TextBody, StringComparison.Ordinal);
        Assert.Equal("/min-side", app.Mail.LastLinkTo(s.VolunteerUser.Email));

        using var volunteer = await app.LoggedInClientAsync(s.VolunteerUser);
        var home = await Html.ParseAsync(await volunteer.GetUrlAsync("/min-side"));
        Assert.NotNull(home.QuerySelector($"#my-proposals a[href='/min-side/forslag/{id}']"));
        var proposal = await WorkflowScenario.MainTextAsync(volunteer, $"/min-side/forslag/{id}");
        Assert.Contains("Kjenner du denne kvinnen, familien hennes eller miljøet hennes?", proposal, StringComparison.Ordinal);
        Assert.Contains("Oslo", proposal, StringComparison.Ordinal);
        Assert.Contains("Matlaging", proposal, StringComparison.Ordinal);
        Assert.DoesNotContain(WorkflowScenario.WomanName, proposal, StringComparison.Ordinal);
        Assert.DoesNotContain(WorkflowScenario.WomanPhone, proposal, StringComparison.Ordinal);

        var answered = await volunteer.SubmitFormAsync($"/min-side/forslag/{id}", "#proposal-form", [new("KnowsHer", "false")], "accept", "true");
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        Assert.Equal("/min-side", answered.Location());
        Assert.Contains("Koordinatoren tar kontakt med deg om oppstartsmøtet", await WorkflowScenario.MainTextAsync(volunteer, "/min-side"), StringComparison.Ordinal);
        Assert.Equal(MatchStatus.AcceptedByVolunteer, (await s.MatchAsync(id)).Status);
        var answeredPage = await Html.ParseAsync(await volunteer.GetUrlAsync($"/min-side/forslag/{id}"));
        Assert.NotNull(answeredPage.QuerySelector("#proposal-answered"));
        Assert.Null(answeredPage.QuerySelector("#proposal-form"));
        var coordinatorNotice = Assert.Single(app.Mail.Messages, m => m.To == s.Coordinator.Email);
        Assert.Equal("Et varsel til deg som koordinator", coordinatorNotice.Subject);
        Assert.DoesNotContain(WorkflowScenario.WomanName, coordinatorNotice.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(WorkflowScenario.VolunteerName, coordinatorNotice.TextBody, StringComparison.Ordinal);

        using var coordinator = await app.LoggedInClientAsync(s.Coordinator);
        var page = await Html.ParseAsync(await coordinator.GetUrlAsync($"/kobling/{id}"));
        Assert.Equal(WorkflowScenario.WomanName, page.QuerySelector($"#match-woman[href='/deltaker/{s.WomanId}']")?.TextContent);
        Assert.Equal(WorkflowScenario.VolunteerName, page.QuerySelector($"#match-volunteer a[href='/frivillig/{s.VolunteerId}']")?.TextContent);
        Assert.DoesNotContain(WorkflowScenario.WomanName, page.Title!, StringComparison.Ordinal);
        var steps = page.QuerySelectorAll("#match-steps li").Select(li => (li.GetAttribute("data-state"), li.TextContent)).ToList();
        Assert.Equal(["done", "done", "current", "later"], steps.Select(x => x.Item1));
        Assert.Contains("Ressursvennen har sagt ja", steps[1].TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("#match-answer-form"));
        Assert.Null(page.QuerySelector("#match-start-form"));

        var yes = await coordinator.SubmitFormAsync($"/kobling/{id}", "#match-answer-form", [new("Answer", "true")]);
        Assert.Equal(HttpStatusCode.Redirect, yes.StatusCode);
        Assert.Equal(MatchStatus.AcceptedByParticipant, (await s.MatchAsync(id)).Status);

        // The start meeting is held days later: everyone logs in afresh (sessions do not last that long).
        app.Clock.Advance(TimeSpan.FromDays(3));
        var today = WorkingDaysToday(app);
        using var later = await app.LoggedInClientAsync(s.Coordinator);
        var start = await later.SubmitFormAsync($"/kobling/{id}", "#match-start-form",
            [new("HeldOn", today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), new("CrisisCentrePresent", "true")]);
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);

        var match = await s.MatchAsync(id);
        Assert.Equal(MatchStatus.Active, match.Status);
        Assert.Equal(today, match.StartMeetingOn);
        Assert.True(match.CrisisCentreAtStartMeeting);
        Assert.Equal(today.AddMonths(new Ressursvenn.Web.Domain.ProgrammeSettings().MatchPlannedMonths), match.PlannedEndOn);
        var woman = await s.WomanAsync();
        Assert.Equal(ParticipantStatus.Matched, woman.Status);
        Assert.Equal(ReferralStatus.Matched, woman.Referrals.Single().Status);

        var active = await Html.ParseAsync(await later.GetUrlAsync($"/kobling/{id}"));
        Assert.Contains("Aktiv", active.QuerySelector("#match-status")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(match.PlannedEndOn!.Value.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture), active.QuerySelector("#match-planned-end")!.TextContent, StringComparison.Ordinal);
        Assert.All(active.QuerySelectorAll("#match-steps li"), li => Assert.Equal("done", li.GetAttribute("data-state")));
        Assert.Null(active.QuerySelector("#match-decline-form"));

        // The referring centre sees "matched" and the start-meeting date, never the volunteer.
        using var staff = await app.LoggedInClientAsync(s.Staff);
        var centre = await WorkflowScenario.MainTextAsync(staff, "/henvisninger");
        Assert.Contains("Koblet", centre, StringComparison.Ordinal);
        Assert.Contains(today.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture), centre, StringComparison.Ordinal);
        Assert.DoesNotContain(WorkflowScenario.VolunteerName, centre, StringComparison.Ordinal);
        Assert.DoesNotContain(WorkflowScenario.WomanName, centre, StringComparison.Ordinal);

        // The list and her record lead to it; the volunteer's page now leads to her match view.
        var list = await Html.ParseAsync(await later.GetUrlAsync("/koblinger"));
        Assert.Contains(WorkflowScenario.WomanName, list.QuerySelector("#matches-active")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(list.QuerySelector($"#matches-active a[href='/kobling/{id}']"));
        var record = await Html.ParseAsync(await later.GetUrlAsync($"/deltaker/{s.WomanId}"));
        Assert.NotNull(record.QuerySelector($"#participant-match a[href='/kobling/{id}']"));
        using var volunteerLater = await app.LoggedInClientAsync(s.VolunteerUser);
        Assert.NotNull((await Html.ParseAsync(await volunteerLater.GetUrlAsync("/min-side"))).QuerySelector($"#my-match a[href='/min-side/kobling/{id}']"));

        Assert.Equal(4, (await PlantedRecords.AuditAsync(app, AuditActions.MatchViewed, id)).Count(e => e.UserId == s.Coordinator.Id));
        Assert.Single(await PlantedRecords.AuditAsync(app, AuditActions.MatchStarted, id));
        Assert.Single(await PlantedRecords.AuditAsync(app, AuditActions.MatchParticipantAnswered, id));
        Assert.Single(await PlantedRecords.AuditAsync(app, AuditActions.MatchVolunteerAnswered, id));
    }

    [Fact]
    public async Task VolunteerKnowsHer_EndsTheProposal_BlocksThePair_SheIsOnlyThanked_AndTheCoordinatorSeesWhy()
    {
        await using var app = await TestApp.CreateAsync();
        var s = await WorkflowScenario.CreateAsync(app);
        var waitingSince = (await s.WomanAsync()).WaitingSince;
        var id = await s.ProposeAsync();
        using var volunteer = await app.LoggedInClientAsync(s.VolunteerUser);

        var answered = await volunteer.SubmitFormAsync($"/min-side/forslag/{id}", "#proposal-form", [new("KnowsHer", "true")], "accept", "true");
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        Assert.Equal("/min-side", answered.Location());
        var after = await WorkflowScenario.MainTextAsync(volunteer, "/min-side");
        Assert.Contains(ThankYou, after, StringComparison.Ordinal);
        Assert.DoesNotContain("kjenner", after, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("sperret", after, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.NotFound, (await volunteer.GetUrlAsync($"/min-side/forslag/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await volunteer.GetUrlAsync($"/min-side/kobling/{id}")).StatusCode);

        var match = await s.MatchAsync(id);
        Assert.Equal(MatchStatus.Declined, match.Status);
        Assert.Equal(MatchDeclineReason.VolunteerKnowsHer, match.DeclineReason);
        Assert.Null(match.ParticipantSlot);
        Assert.Null(match.VolunteerSlot);
        await using (var scope = app.Services.CreateSystemScope())
        {
            var block = await scope.ServiceProvider.GetRequiredService<AppDbContext>().PairBlocks
                .SingleAsync(b => b.ParticipantId == s.WomanId && b.VolunteerId == s.VolunteerId, TestContext.Current.CancellationToken);
            Assert.Equal(PairBlockKind.DeclaredAcquaintance, block.Kind);
        }

        var woman = await s.WomanAsync();
        Assert.Equal(ParticipantStatus.Waiting, woman.Status);
        Assert.Equal(waitingSince, woman.WaitingSince);
        var audit = Assert.Single(await PlantedRecords.AuditAsync(app, AuditActions.MatchVolunteerAnswered, id));
        Assert.Equal("knows-her", audit.Detail);

        // The coordinators get the same neutral e-mail as for any answer; the match page says it plainly.
        var notice = Assert.Single(app.Mail.Messages, m => m.To == s.Coordinator.Email);
        Assert.DoesNotContain("kjenner", notice.TextBody, StringComparison.OrdinalIgnoreCase);
        using var coordinator = await app.LoggedInClientAsync(s.Coordinator);
        var page = await Html.ParseAsync(await coordinator.GetUrlAsync($"/kobling/{id}"));
        Assert.Equal("Ressursvennen kjenner henne, familien eller miljøet hennes. Paret er sperret.", page.QuerySelector("#match-knows-her")!.TextContent.Trim());
        Assert.NotNull(page.QuerySelector($"#match-find-another[href='/deltaker/{s.WomanId}/forslag']"));
        Assert.Null(page.QuerySelector("#match-decline-form"));

        // The pair can never be proposed again.
        Assert.Equal("Match.NotAllowed", await s.TryProposeAsync(s.WomanId, s.VolunteerId));
    }

    [Fact]
    public async Task Declines_KeepHerWaitingSince_AndSheIsWaitingAgain_ForANewProposal()
    {
        await using var app = await TestApp.CreateAsync();
        var s = await WorkflowScenario.CreateAsync(app);
        var waitingSince = (await s.WomanAsync()).WaitingSince;
        using var volunteer = await app.LoggedInClientAsync(s.VolunteerUser);
        using var coordinator = await app.LoggedInClientAsync(s.Coordinator);

        // 1. The volunteer says "not now": she is thanked exactly as for any other no.
        var first = await s.ProposeAsync();
        var notNow = await volunteer.SubmitFormAsync($"/min-side/forslag/{first}", "#proposal-form", [new("KnowsHer", "false")], "accept", "false");
        Assert.Equal(HttpStatusCode.Redirect, notNow.StatusCode);
        Assert.Contains(ThankYou, await WorkflowScenario.MainTextAsync(volunteer, "/min-side"), StringComparison.Ordinal);
        Assert.Equal(MatchDeclineReason.VolunteerNotAvailable, (await s.MatchAsync(first)).DeclineReason);
        await AssertWaitingAsync(s, waitingSince);
        var record = await Html.ParseAsync(await coordinator.GetUrlAsync($"/deltaker/{s.WomanId}"));
        Assert.NotNull(record.QuerySelector($"a[href='/deltaker/{s.WomanId}/forslag']"));
        Assert.Null(record.QuerySelector("#participant-match"));

        // 2. The woman says no (recorded by the coordinator).
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await s.ProposeAsync();
        Assert.NotNull((await Html.ParseAsync(await coordinator.GetUrlAsync($"/deltaker/{s.WomanId}"))).QuerySelector($"#participant-match a[href='/kobling/{second}']"));
        await volunteer.SubmitFormAsync($"/min-side/forslag/{second}", "#proposal-form", [new("KnowsHer", "false")], "accept", "true");
        var no = await coordinator.SubmitFormAsync($"/kobling/{second}", "#match-answer-form", [new("Answer", "false")]);
        Assert.Equal(HttpStatusCode.Redirect, no.StatusCode);
        var declined = await s.MatchAsync(second);
        Assert.Equal(MatchStatus.Declined, declined.Status);
        Assert.Equal(MatchDeclinedBy.Participant, declined.DeclinedBy);
        Assert.Equal(MatchDeclineReason.ParticipantSaidNo, declined.DeclineReason);
        await AssertWaitingAsync(s, waitingSince);

        // 3. The coordinator withdraws a proposal with a reason and a short note.
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var third = await s.ProposeAsync();
        var withdraw = await coordinator.SubmitFormAsync($"/kobling/{third}", "#match-decline-form",
            [new("Reason", nameof(MatchDeclineReason.ParticipantNotReachable)), new("Note", "Svarer ikke på telefon.")]);
        Assert.Equal(HttpStatusCode.Redirect, withdraw.StatusCode);
        var withdrawn = await s.MatchAsync(third);
        Assert.Equal(MatchStatus.Declined, withdrawn.Status);
        Assert.Equal(MatchDeclinedBy.Coordinator, withdrawn.DeclinedBy);
        Assert.Equal("Svarer ikke på telefon.", withdrawn.DeclineNote);
        await AssertWaitingAsync(s, waitingSince);
        var page = await WorkflowScenario.MainTextAsync(coordinator, $"/kobling/{third}");
        Assert.Contains("Fikk ikke kontakt med kvinnen", page, StringComparison.Ordinal);
        Assert.Contains("Svarer ikke på telefon.", page, StringComparison.Ordinal);

        // The volunteer never sees the coordinator's note or reason.
        Assert.Equal(HttpStatusCode.NotFound, (await volunteer.GetUrlAsync($"/min-side/forslag/{third}")).StatusCode);

        // The ended proposals are listed as ended; she can get a new proposal at once.
        var list = await Html.ParseAsync(await coordinator.GetUrlAsync("/koblinger"));
        Assert.Equal(3, list.QuerySelectorAll("#matches-declined li").Length);
        Assert.Null(await s.TryProposeAsync(s.WomanId, s.VolunteerId));
    }

    [Fact]
    public async Task ProposalForm_WithoutAnAnswerToTheQuestion_ShowsTheErrorAtTheField_AndSavesNothing()
    {
        await using var app = await TestApp.CreateAsync();
        var s = await WorkflowScenario.CreateAsync(app);
        var id = await s.ProposeAsync();
        var before = await s.MatchAsync(id);
        using var volunteer = await app.LoggedInClientAsync(s.VolunteerUser);

        var response = await volunteer.SubmitFormAsync($"/min-side/forslag/{id}", "#proposal-form", [], "accept", "true");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Html.ParseAsync(response);
        var message = "Svar på om du kjenner henne, familien hennes eller miljøet hennes.";
        Assert.Contains(message, page.QuerySelector("#KnowsHer .rv-field-error")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector(".rv-error-summary a[href='#KnowsHer']"));

        var after = await s.MatchAsync(id);
        Assert.Equal(MatchStatus.Proposed, after.Status);
        Assert.Equal(before.Version, after.Version);
        Assert.Empty(await PlantedRecords.AuditAsync(app, AuditActions.MatchVolunteerAnswered, id));
        Assert.Empty(await PairBlocksAsync(app, s.WomanId));
    }

    [Fact]
    public async Task StaleVersion_IsRefusedWithTheConcurrencyMessage_KeepingWhatWasTyped()
    {
        await using var app = await TestApp.CreateAsync();
        var s = await WorkflowScenario.CreateAsync(app);
        var id = await s.ProposeAsync();
        using var coordinator = await app.LoggedInClientAsync(s.Coordinator);
        using var volunteer = await app.LoggedInClientAsync(s.VolunteerUser);

        // The coordinator's page was opened before the volunteer answered.
        var stale = WorkflowScenario.Version(await s.MatchAsync(id));
        await volunteer.SubmitFormAsync($"/min-side/forslag/{id}", "#proposal-form", [new("KnowsHer", "false")], "accept", "true");

        var response = await coordinator.SubmitFormAsync($"/kobling/{id}", "#match-decline-form",
            [new("Version", stale), new("Reason", nameof(MatchDeclineReason.CoordinatorWithdrew)), new("Note", "Fant en som passer bedre.")]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Html.ParseAsync(response);
        Assert.Contains(Html.ErrorMessages(page), e => e.StartsWith("Noen andre har endret dette", StringComparison.Ordinal));
        Assert.Equal("Fant en som passer bedre.", Html.InputValue(page, "Note"));
        Assert.NotNull(page.QuerySelector($"#Reason input[value='{nameof(MatchDeclineReason.CoordinatorWithdrew)}'][checked]"));
        Assert.Equal(stale, Html.InputValue(page, "Version"));
        Assert.Equal(MatchStatus.AcceptedByVolunteer, (await s.MatchAsync(id)).Status);
        Assert.Empty(await PlantedRecords.AuditAsync(app, AuditActions.MatchDeclined, id));

        // The volunteer's own form refuses a stale version the same way (two tabs).
        await using var again = await TestApp.CreateAsync();
        var t = await WorkflowScenario.CreateAsync(again);
        var second = await t.ProposeAsync();
        using var her = await again.LoggedInClientAsync(t.VolunteerUser);
        var old = WorkflowScenario.Version(await t.MatchAsync(second));
        await WorkflowScenario.ChangeMatchAsync(again, second, m => m.ScoreMilli += 1);
        var refused = await her.SubmitFormAsync($"/min-side/forslag/{second}", "#proposal-form", [new("Version", old), new("KnowsHer", "false")], "accept", "true");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains(Html.ErrorMessages(await Html.ParseAsync(refused)), e => e.StartsWith("Noen andre har endret dette", StringComparison.Ordinal));
        Assert.Equal(MatchStatus.Proposed, (await t.MatchAsync(second)).Status);
    }

    [Fact]
    public async Task StartMeeting_InTheFutureOrMissing_IsRefusedAtTheField_KeepingWhatWasTyped()
    {
        await using var app = await TestApp.CreateAsync();
        var s = await WorkflowScenario.CreateAsync(app);
        var id = await s.ProposeAsync();
        await WorkflowScenario.ChangeMatchAsync(app, id, m =>
        {
            m.Status = MatchStatus.AcceptedByParticipant;
            m.VolunteerAcceptedAt = m.ProposedAt;
            m.ParticipantAcceptedAt = m.ProposedAt;
        });
        using var coordinator = await app.LoggedInClientAsync(s.Coordinator);
        var tomorrow = WorkingDaysToday(app).AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var future = await coordinator.SubmitFormAsync($"/kobling/{id}", "#match-start-form", [new("HeldOn", tomorrow), new("CrisisCentrePresent", "true")]);
        Assert.Equal(HttpStatusCode.OK, future.StatusCode);
        var page = await Html.ParseAsync(future);
        Assert.Equal("Oppstartsmøtet kan ikke ha en dato fram i tid.", page.QuerySelector("#HeldOn-error")?.TextContent);
        Assert.Equal(tomorrow, Html.InputValue(page, "HeldOn"));
        Assert.NotNull(page.QuerySelector("#CrisisCentrePresent[checked]"));

        var missing = await coordinator.SubmitFormAsync($"/kobling/{id}", "#match-start-form", [new("HeldOn", "")]);
        Assert.Equal("Skriv inn datoen for oppstartsmøtet.", (await Html.ParseAsync(missing)).QuerySelector("#HeldOn-error")?.TextContent);

        var nonsense = await coordinator.SubmitFormAsync($"/kobling/{id}", "#match-start-form", [new("HeldOn", "i går")]);
        var nonsensePage = await Html.ParseAsync(nonsense);
        Assert.Equal(HttpStatusCode.OK, nonsense.StatusCode);
        Assert.NotNull(nonsensePage.QuerySelector("#HeldOn-error"));
        Assert.Equal("i går", Html.InputValue(nonsensePage, "HeldOn"));

        var match = await s.MatchAsync(id);
        Assert.Equal(MatchStatus.AcceptedByParticipant, match.Status);
        Assert.Null(match.StartMeetingOn);
        Assert.Empty(await PlantedRecords.AuditAsync(app, AuditActions.MatchStarted, id));
    }

    [Fact]
    public async Task ExpiredRequirement_IsAWarningWithTheChoiceToContinue_AndNeverEndsTheMatch()
    {
        await using var app = await TestApp.CreateAsync();
        var s = await WorkflowScenario.CreateAsync(app);
        var id = await s.ProposeAsync();
        await WorkflowScenario.ChangeMatchAsync(app, id, m =>
        {
            m.Status = MatchStatus.Active;
            m.StartMeetingOn = DateOnly.FromDateTime(m.ProposedAt);
            m.PlannedEndOn = m.StartMeetingOn.Value.AddMonths(12);
            m.RequirementsFlaggedAt = m.ProposedAt.AddDays(1);
        });
        using var coordinator = await app.LoggedInClientAsync(s.Coordinator);

        var page = await Html.ParseAsync(await coordinator.GetUrlAsync($"/kobling/{id}"));
        Assert.Contains("har gått ut", page.QuerySelector("#match-flag")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Krav utløpt", (await WorkflowScenario.MainTextAsync(coordinator, "/koblinger")), StringComparison.Ordinal);

        var decided = await coordinator.SubmitFormAsync($"/kobling/{id}", "#match-flag form", []);
        Assert.Equal(HttpStatusCode.Redirect, decided.StatusCode);
        var match = await s.MatchAsync(id);
        Assert.Equal(MatchStatus.Active, match.Status);
        Assert.NotNull(match.RequirementsFlagDecidedAt);
        Assert.Equal(s.Coordinator.Id, match.RequirementsFlagDecidedByUserId);
        var after = await Html.ParseAsync(await coordinator.GetUrlAsync($"/kobling/{id}"));
        Assert.Null(after.QuerySelector("#match-flag"));
        Assert.NotNull(after.QuerySelector("#match-flag-decided"));
        Assert.Single(await PlantedRecords.AuditAsync(app, AuditActions.MatchRequirementsDecided, id));
    }

    [Fact]
    public async Task MatchPages_AreTheirAssociationsOnly_AndTheListShowsNothingOfAnother()
    {
        await using var app = await TestApp.CreateAsync();
        var s = await WorkflowScenario.CreateAsync(app);
        var id = await s.ProposeAsync();
        var other = await WorkflowScenario.CreateAsync(app, "Nabo", "Annenkvinne Tove-5kq");
        var otherMatch = await other.ProposeAsync();

        using var coordinator = await app.LoggedInClientAsync(s.Coordinator);
        using var otherCoordinator = await app.LoggedInClientAsync(other.Coordinator);
        using var staff = await app.LoggedInClientAsync(s.Staff);
        Assert.Equal(HttpStatusCode.NotFound, (await otherCoordinator.GetUrlAsync($"/kobling/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetUrlAsync($"/kobling/{otherMatch}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetUrlAsync($"/kobling/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetUrlAsync($"/kobling/{id}")).StatusCode);
        var posted = await otherCoordinator.PostFormAsync("/koblinger", [new("Reason", "Other"), new("Version", "1")], $"/kobling/{id}?handler=Decline");
        Assert.Equal(HttpStatusCode.NotFound, posted.StatusCode);
        Assert.Equal(MatchStatus.Proposed, (await s.MatchAsync(id)).Status);

        var list = await WorkflowScenario.MainTextAsync(coordinator, "/koblinger");
        Assert.Contains(WorkflowScenario.WomanName, list, StringComparison.Ordinal);
        Assert.DoesNotContain("Annenkvinne Tove-5kq", list, StringComparison.Ordinal);
        var otherList = await WorkflowScenario.MainTextAsync(otherCoordinator, "/koblinger");
        Assert.Contains("Annenkvinne Tove-5kq", otherList, StringComparison.Ordinal);
        Assert.DoesNotContain(WorkflowScenario.WomanName, otherList, StringComparison.Ordinal);
        Assert.Contains("/koblinger", (await Html.ParseAsync(await coordinator.GetUrlAsync("/"))).QuerySelector("nav")!.InnerHtml, StringComparison.Ordinal);

        // A volunteer lent by the neighbouring association: named with her association on the match page, not linked;
        // the list names her association only; the lending association sees nothing of the match.
        await WorkflowScenario.ChangeMatchAsync(app, id, m =>
        {
            m.Status = MatchStatus.Declined;
            m.DeclinedAt = m.ProposedAt;
            m.ParticipantSlot = null;
            m.VolunteerSlot = null;
        });
        var lent = await Plant.MatchAsync(app, new Match
        {
            AssociationId = s.Association, VolunteerAssociationId = other.Association, ParticipantId = s.WomanId, VolunteerId = other.VolunteerId,
            Status = MatchStatus.Proposed, ProposedAt = app.Clock.GetUtcNow().UtcDateTime, ParticipantSlot = 0, VolunteerSlot = 1,
        });

        var lentPage = await Html.ParseAsync(await coordinator.GetUrlAsync($"/kobling/{lent}"));
        Assert.Equal($"{WorkflowScenario.VolunteerName} (fra Nabo sanitetsforening)", lentPage.QuerySelector("#match-volunteer")!.TextContent.Trim());
        Assert.Null(lentPage.QuerySelector("#match-volunteer a"));
        Assert.Contains("Ressursvenn fra Nabo sanitetsforening", (await Html.ParseAsync(await coordinator.GetUrlAsync("/koblinger"))).QuerySelector("#matches-open")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await otherCoordinator.GetUrlAsync($"/kobling/{lent}")).StatusCode);
        Assert.DoesNotContain(WorkflowScenario.WomanName, await WorkflowScenario.MainTextAsync(otherCoordinator, "/koblinger"), StringComparison.Ordinal);
    }

    private static DateOnly WorkingDaysToday(TestApp app) => Ressursvenn.Web.Domain.Calendar.WorkingDays.OsloDate(app.Clock.GetUtcNow());

    private static async Task AssertWaitingAsync(WorkflowScenario s, DateTime? waitingSince)
    {
        var woman = await s.WomanAsync();
        Assert.Equal(ParticipantStatus.Waiting, woman.Status);
        Assert.Equal(waitingSince, woman.WaitingSince);
        Assert.Equal(ReferralStatus.Waiting, woman.Referrals.Single().Status);
    }

    private static async Task<List<PairBlock>> PairBlocksAsync(TestApp app, Guid womanId)
    {
        await using var scope = app.Services.CreateSystemScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().PairBlocks.AsNoTracking()
            .Where(b => b.ParticipantId == womanId).ToListAsync(TestContext.Current.CancellationToken);
    }
}
