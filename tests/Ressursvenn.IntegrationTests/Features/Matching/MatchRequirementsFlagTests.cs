using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Features.MyPages;
using Ressursvenn.IntegrationTests.Features.Participants;
using Ressursvenn.IntegrationTests.Features.Volunteers;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Matching;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Features.Matching;
using Ressursvenn.Web.Infrastructure;
using Engine = Ressursvenn.Matching;

namespace Ressursvenn.IntegrationTests.Features.Matching;

/// <summary>
/// Expired requirements and matches (docs/domain.md §5.3): a volunteer whose police certificate has expired is never suggested or
/// proposed (the hard rule "requirements expired"); and when it expires while she is in an open match, the daily job
/// flags the match once — on however many instances — and tells the woman's association's coordinators in one neutral
/// e-mail, without ever changing or ending the match. The coordinator's home page counts the flags still to decide.
/// </summary>
public sealed class MatchRequirementsFlagTests
{
    private const string WomanTag = "Qxflagg";
    private const string VolunteerName = "Qxingrid Utlopsen";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AVolunteerWhoseCertificateExpired_IsExcludedByTheRequirementsRule_AndAProposalOfHerIsRefused()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Utlop");
        var woman = await PlantWaitingAsync(app, association, centre);
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        // Valid through today, expired from tomorrow.
        var volunteer = await PlantVolunteerAsync(app, association, VolunteerName, validUntil: today);

        var (allowed, _) = await SuggestAsync(app, association, woman.Id);
        Assert.Contains(volunteer, allowed.Suggestions.Select(s => s.Volunteer.Id));

        app.Clock.Advance(TimeSpan.FromDays(1));
        var (result, proposal) = await SuggestAsync(app, association, woman.Id, proposeVolunteer: volunteer);
        Assert.DoesNotContain(volunteer, result.Suggestions.Select(s => s.Volunteer.Id));
        var excluded = Assert.Single(result.Excluded, e => e.Volunteer.Id == volunteer);
        Assert.Equal(new[] { Engine.ExclusionCode.RequirementsExpired }, excluded.Exclusions.Select(e => e.Code));

        Assert.NotNull(proposal);
        Assert.False(proposal.Succeeded);
        Assert.Equal("Match.NotAllowed", proposal.RefusalKey);
        Assert.Equal(new[] { Engine.ExclusionCode.RequirementsExpired }, proposal.Exclusions.Select(e => e.Code));
        await using var scope = app.Services.CreateSystemScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<AppDbContext>().Matches.AnyAsync(m => m.VolunteerId == volunteer, Ct));
    }

    [Fact]
    public async Task TheJob_FlagsAnOpenMatchOnceWhenHerCertificateExpires_LeavesItsStatus_AndMailsTheCoordinatorsOnce()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Flagg");
        var (other, _) = await app.CreateOrganisationAsync("Annenflagg", "4601", "46");
        var first = await app.CreateUserAsync(Roles.Coordinator, [association]);
        var second = await app.CreateUserAsync(Roles.Coordinator, [association]);
        var stranger = await app.CreateUserAsync(Roles.Coordinator, [other]);
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        var volunteer = await PlantVolunteerAsync(app, association, VolunteerName, validUntil: today.AddDays(1));
        var valid = await PlantVolunteerAsync(app, association, "Qxgyldig Frivillig", validUntil: today.AddYears(2));
        var woman = await PlantedRecords.PlantAsync(app, association, centre, WomanTag);
        var earlier = await PlantedRecords.PlantAsync(app, association, centre, WomanTag + "-tidligere");
        var otherWoman = await PlantedRecords.PlantAsync(app, association, centre, WomanTag + "-annen");
        var active = await PlantMatchAsync(app, association, woman.Id, volunteer, MatchStatus.Active, slot: 0);
        var closed = await PlantMatchAsync(app, association, earlier.Id, volunteer, MatchStatus.Closed, slot: null);
        var fine = await PlantMatchAsync(app, association, otherWoman.Id, valid, MatchStatus.Active, slot: 0);
        var job = ActivatorUtilities.CreateInstance<RenewalReminderJob>(app.Services);
        var twin = ActivatorUtilities.CreateInstance<RenewalReminderJob>(app.Services);
        var before = await LoadMatchAsync(app, active);

        // Valid, and the last valid day (the day before it expires): nothing flagged, no notice.
        await job.RunOnceAsync(Ct);
        app.Clock.Advance(TimeSpan.FromDays(1));
        await job.RunOnceAsync(Ct);
        Assert.Null((await LoadMatchAsync(app, active)).RequirementsFlaggedAt);
        Assert.Empty(FlagNotices(app));

        // The day after: two instances at once flag it exactly once, and one notice goes to each of her coordinators.
        app.Clock.Advance(TimeSpan.FromDays(1));
        var flagged = await Task.WhenAll(job.FlagMatchesAsync(Ct), twin.FlagMatchesAsync(Ct));
        Assert.Equal(1, flagged.Sum());
        var after = await LoadMatchAsync(app, active);
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, after.RequirementsFlaggedAt);
        Assert.Null(after.RequirementsFlagDecidedAt);
        // Only the flag changed: the match is as it was.
        Assert.Equal((before.Status, before.StartMeetingOn, before.PlannedEndOn, before.ParticipantSlot, before.VolunteerSlot, before.ClosedAt),
            (after.Status, after.StartMeetingOn, after.PlannedEndOn, after.ParticipantSlot, after.VolunteerSlot, after.ClosedAt));
        Assert.Equal(MatchStatus.Active, after.Status);
        var notices = FlagNotices(app);
        Assert.Equal(new[] { first.Email, second.Email }.Order(StringComparer.Ordinal), notices.Select(m => m.To).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(notices, m => m.To == stranger.Email);
        foreach (var notice in notices)
        {
            Assert.Equal("Et varsel til deg som koordinator", notice.Subject);
            Assert.Equal("/koblinger", app.Mail.LastLinkTo(notice.To));
            foreach (var secret in new[] { woman.Name, WomanTag, "Qxingrid", "Utlopsen", woman.Phone })
            {
                Assert.DoesNotContain(secret, notice.Subject + notice.TextBody + notice.HtmlBody, StringComparison.OrdinalIgnoreCase);
            }
        }

        // The whole job again, the same day and the next: nothing more.
        await job.RunOnceAsync(Ct);
        app.Clock.Advance(TimeSpan.FromDays(1));
        await job.RunOnceAsync(Ct);
        Assert.Equal(2, FlagNotices(app).Count);
        Assert.Equal(after.RequirementsFlaggedAt, (await LoadMatchAsync(app, active)).RequirementsFlaggedAt);
        Assert.Single(await PlantedRecords.AuditAsync(app, AuditActions.MatchRequirementsFlagged, active));
        // A closed match and a match whose volunteer meets every requirement are never flagged.
        Assert.Null((await LoadMatchAsync(app, closed)).RequirementsFlaggedAt);
        Assert.Null((await LoadMatchAsync(app, fine)).RequirementsFlaggedAt);
        Assert.Equal(MatchStatus.Active, (await LoadMatchAsync(app, active)).Status);

        // Her coordinator's home page counts it, with the way to the matches; the other association's does not.
        using (var client = await app.LoggedInClientAsync(first))
        {
            var home = await Html.ParseAsync(await client.GetUrlAsync("/"));
            var box = home.QuerySelector("#home-flagged-matches");
            Assert.NotNull(box);
            Assert.EndsWith(": 1", box.QuerySelector("p")!.TextContent.Trim(), StringComparison.Ordinal);
            Assert.NotNull(box.QuerySelector("a[href='/koblinger']"));
        }

        using (var client = await app.LoggedInClientAsync(stranger))
        {
            Assert.Null((await Html.ParseAsync(await client.GetUrlAsync("/"))).QuerySelector("#home-flagged-matches"));
        }

        // She decides to let it go on: the home page has nothing to decide, and the job leaves the decided flag alone.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<DataScope>().UseAssociations([association]);
            var workflow = scope.ServiceProvider.GetRequiredService<MatchWorkflowService>();
            var match = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Matches.SingleAsync(m => m.Id == active, Ct);
            Assert.Null(await workflow.DecideOnRequirementsFlagAsync(match, match.Version, first.Id, Ct));
        }

        var decided = await LoadMatchAsync(app, active);
        Assert.NotNull(decided.RequirementsFlagDecidedAt);
        using (var client = await app.LoggedInClientAsync(first))
        {
            Assert.Null((await Html.ParseAsync(await client.GetUrlAsync("/"))).QuerySelector("#home-flagged-matches"));
        }

        app.Clock.Advance(TimeSpan.FromDays(1));
        await job.RunOnceAsync(Ct);
        var stillDecided = await LoadMatchAsync(app, active);
        Assert.Equal((decided.RequirementsFlaggedAt, decided.RequirementsFlagDecidedAt, decided.Version),
            (stillDecided.RequirementsFlaggedAt, stillDecided.RequirementsFlagDecidedAt, stillDecided.Version));
        Assert.Equal(2, FlagNotices(app).Count);

        // She shows a new certificate: the flag is cleared, and when that one expires in its turn the match is flagged afresh.
        var renewedOn = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        await using (var scope = app.Services.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var certificate = await db.PoliceCertificates.SingleAsync(c => c.VolunteerId == volunteer, Ct);
            certificate.ShownOn = renewedOn;
            certificate.IssuedOn = renewedOn.AddDays(-10);
            await db.SaveChangesAsync(Ct);
        }

        await job.RunOnceAsync(Ct);
        var cleared = await LoadMatchAsync(app, active);
        Assert.Equal(((DateTime?)null, (DateTime?)null, (Guid?)null), (cleared.RequirementsFlaggedAt, cleared.RequirementsFlagDecidedAt, cleared.RequirementsFlagDecidedByUserId));
        Assert.Single(await PlantedRecords.AuditAsync(app, AuditActions.MatchRequirementsCleared, active));

        // (The other match has ended meanwhile, so its volunteer's certificate, expiring within these years too, flags nothing.)
        await using (var scope = app.Services.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var ended = await db.Matches.SingleAsync(m => m.Id == fine, Ct);
            (ended.Status, ended.ClosedAt, ended.ParticipantSlot, ended.VolunteerSlot) = (MatchStatus.Closed, app.Clock.GetUtcNow().UtcDateTime, null, null);
            await db.SaveChangesAsync(Ct);
        }

        var settings = new ProgrammeSettings();
        var validUntil = renewedOn.AddYears(settings.PoliceCertificateRenewalYears).AddDays(-1);
        app.Clock.Advance(TimeSpan.FromDays(validUntil.DayNumber - renewedOn.DayNumber));
        await job.RunOnceAsync(Ct);
        Assert.Null((await LoadMatchAsync(app, active)).RequirementsFlaggedAt);
        app.Clock.Advance(TimeSpan.FromDays(1));
        await job.RunOnceAsync(Ct);
        Assert.NotNull((await LoadMatchAsync(app, active)).RequirementsFlaggedAt);
        Assert.Equal(4, FlagNotices(app).Count);
        Assert.Equal(2, (await PlantedRecords.AuditAsync(app, AuditActions.MatchRequirementsFlagged, active)).Count);
        Assert.Equal(MatchStatus.Active, (await LoadMatchAsync(app, active)).Status);
        Assert.Null((await LoadMatchAsync(app, fine)).RequirementsFlaggedAt);
    }

    [Fact]
    public async Task ANewMandatoryModule_OrAnUnsignedDeclaration_FlagsTheMatchToo()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Modul");
        await app.CreateUserAsync(Roles.Coordinator, [association]);
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        var trained = await PlantVolunteerAsync(app, association, "Qxmodul Frivillig", validUntil: today.AddYears(2));
        var unsigned = await PlantVolunteerAsync(app, association, "Qxusignert Frivillig", validUntil: today.AddYears(2), signed: false);
        var one = await PlantMatchAsync(app, association, (await PlantedRecords.PlantAsync(app, association, centre, WomanTag + "-1")).Id, trained, MatchStatus.Proposed, slot: 0);
        var two = await PlantMatchAsync(app, association, (await PlantedRecords.PlantAsync(app, association, centre, WomanTag + "-2")).Id, unsigned, MatchStatus.Paused, slot: 0);
        var job = ActivatorUtilities.CreateInstance<RenewalReminderJob>(app.Services);

        Assert.Equal(1, await job.FlagMatchesAsync(Ct));
        Assert.Null((await LoadMatchAsync(app, one)).RequirementsFlaggedAt);
        Assert.NotNull((await LoadMatchAsync(app, two)).RequirementsFlaggedAt);

        // A mandatory module added after her approval, not done yet.
        await MyPagesPlanting.ModuleAsync(app, "Qxny obligatorisk modul");
        Assert.Equal(1, await job.FlagMatchesAsync(Ct));
        Assert.NotNull((await LoadMatchAsync(app, one)).RequirementsFlaggedAt);
        Assert.Equal(MatchStatus.Proposed, (await LoadMatchAsync(app, one)).Status);
        Assert.Equal(MatchStatus.Paused, (await LoadMatchAsync(app, two)).Status);
        Assert.Equal(0, await job.FlagMatchesAsync(Ct));
    }

    /// <summary>The flag notices sent so far (the renewal reminders go out too and link elsewhere).</summary>
    private static List<Ressursvenn.Web.Infrastructure.Email.EmailMessage> FlagNotices(TestApp app) =>
        app.Mail.Messages.Where(m => m.TextBody.Contains("/koblinger", StringComparison.Ordinal)).ToList();

    /// <summary>Suggestions for her as her coordinator would get them, and optionally a proposal (not saved).</summary>
    private static async Task<(Engine.SuggestionResult Result, MatchingService.ProposalResult? Proposal)> SuggestAsync(
        TestApp app, Guid association, Guid womanId, Guid? proposeVolunteer = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<DataScope>().UseAssociations([association]);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var matching = scope.ServiceProvider.GetRequiredService<MatchingService>();
        var woman = await db.Participants.Include(p => p.Referrals).SingleAsync(p => p.Id == womanId, Ct);
        var (_, result) = await matching.SuggestAsync(woman, 10, includeExcluded: true, Ct);
        var proposal = proposeVolunteer is { } id ? await matching.ProposeAsync(woman, id, null, Ct) : null;
        return (result, proposal);
    }

    /// <summary>A woman on the waiting list (planted, then through the intake to the list).</summary>
    private static async Task<PlantedRecord> PlantWaitingAsync(TestApp app, Guid association, Guid centre)
    {
        var planted = await PlantedRecords.PlantAsync(app, association, centre, WomanTag);
        var now = app.Clock.GetUtcNow().UtcDateTime;
        await using var scope = app.Services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var participant = await db.Participants.Include(p => p.Referrals).SingleAsync(p => p.Id == planted.Id, Ct);
        ParticipantLifecycle.RecordIntake(participant, new Intake { HeldOn = DateOnly.FromDateTime(now) }, now);
        ParticipantLifecycle.PutOnWaitingList(participant, now);
        await db.SaveChangesAsync(Ct);
        return planted;
    }

    /// <summary>An approved volunteer who meets every requirement, her police certificate valid through the given day.</summary>
    private static async Task<Guid> PlantVolunteerAsync(TestApp app, Guid association, string name, DateOnly validUntil, bool signed = true)
    {
        var steps = Steps.Interview | Steps.Training | (signed ? Steps.Declaration : Steps.None);
        var id = await PlantedVolunteers.PlantAsync(app, association, name, VolunteerStatus.Approved, steps);
        var settings = new ProgrammeSettings();
        var shownOn = validUntil.AddDays(1).AddYears(-settings.PoliceCertificateRenewalYears);
        await using var scope = app.Services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.PoliceCertificates.Add(new PoliceCertificateRecord { VolunteerId = id, ShownOn = shownOn, IssuedOn = shownOn.AddDays(-10), Purpose = "Frivillig ressursvenn" });
        await db.SaveChangesAsync(Ct);
        Assert.Equal(validUntil, VolunteerRules.CertificateValidUntil(await db.PoliceCertificates.SingleAsync(c => c.VolunteerId == id, Ct), settings));
        return id;
    }

    private static async Task<Guid> PlantMatchAsync(TestApp app, Guid association, Guid womanId, Guid volunteerId, MatchStatus status, int? slot)
    {
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var started = status is MatchStatus.Active or MatchStatus.Paused or MatchStatus.Closing or MatchStatus.Closed;
        return await Plant.MatchAsync(app, new Match
        {
            AssociationId = association, VolunteerAssociationId = association, ParticipantId = womanId, VolunteerId = volunteerId, Status = status,
            ProposedAt = now.AddDays(-60), StartMeetingOn = started ? DateOnly.FromDateTime(now.AddDays(-50)) : null,
            PlannedEndOn = started ? DateOnly.FromDateTime(now.AddDays(-50)).AddMonths(12) : null,
            ClosedAt = status == MatchStatus.Closed ? now.AddDays(-5) : null,
            ParticipantSlot = slot is null ? null : 0, VolunteerSlot = slot,
        });
    }

    private static async Task<Match> LoadMatchAsync(TestApp app, Guid id)
    {
        await using var scope = app.Services.CreateSystemScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Matches.AsNoTracking().SingleAsync(m => m.Id == id, Ct);
    }
}
