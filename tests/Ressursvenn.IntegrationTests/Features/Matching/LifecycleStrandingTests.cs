using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.IntegrationTests.Features.Volunteers;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Matching;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Features.Matching;
using Ressursvenn.Web.Features.Participants;
using Ressursvenn.Web.Infrastructure;

namespace Ressursvenn.IntegrationTests.Features.Matching;

/// <summary>
/// ADR 0012, "Lifecycle rules that keep nobody stranded": no lifecycle step strands a woman or loses a match the statistics need — the start meeting re-checks
/// the hard rules, a woman who leaves ends her proposals and frees the volunteer, a volunteer who leaves mid-match hands
/// the woman back to the waiting list, and erasure keeps the match without the person.
/// </summary>
public sealed class LifecycleStrandingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StartMeeting_WithACertificateExpiredSinceTheProposal_IsRefusedWithTheRule_AndChangesNothing()
    {
        await using var app = await TestApp.CreateAsync();
        var s = await WorkflowScenario.CreateAsync(app, "Startsjekk");
        var id = await s.ProposeAsync();
        await AcceptBothAsync(s, id);
        await using (var scope = app.Services.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var certificate = await db.PoliceCertificates.SingleAsync(c => c.VolunteerId == s.VolunteerId, Ct);
            certificate.IssuedOn = certificate.IssuedOn.AddYears(-10);
            certificate.ShownOn = certificate.ShownOn.AddYears(-10);
            await db.SaveChangesAsync(Ct);
        }

        using var coordinator = await app.LoggedInClientAsync(s.Coordinator);
        var match = await s.MatchAsync(id);
        var response = await coordinator.SubmitFormAsync($"/kobling/{id}", "#match-start-form",
            [new("HeldOn", DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd"))]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Html.ParseAsync(response);
        Assert.Contains("Oppstartsmøtet kan ikke registreres", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("#refusal-reasons"));
        Assert.DoesNotContain("Match.", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        var after = await s.MatchAsync(id);
        Assert.Equal((MatchStatus.AcceptedByParticipant, match.Version), (after.Status, after.Version));
        var woman = await s.WomanAsync();
        Assert.Equal(ParticipantStatus.Waiting, woman.Status);
        Assert.Equal(ReferralStatus.Waiting, Assert.Single(woman.Referrals).Status);
    }

    [Fact]
    public async Task DecliningAWoman_EndsHerProposal_FreesTheVolunteer_AndTellsHerNeutrally()
    {
        await using var app = await TestApp.CreateAsync();
        var s = await WorkflowScenario.CreateAsync(app, "Avslagkobling");
        var id = await s.ProposeAsync();
        await AcceptVolunteerAsync(s, id);
        var before = app.Mail.Messages.Count(m => m.To == s.VolunteerUser.Email);
        using var coordinator = await app.LoggedInClientAsync(s.Coordinator);

        var declined = await coordinator.SubmitFormAsync($"/deltaker/{s.WomanId}/avslag", "main form.rv-form",
            [new("Reason", nameof(DeclineReason.NeedsOtherHelp))]);

        Assert.Equal(HttpStatusCode.Redirect, declined.StatusCode);
        var match = await s.MatchAsync(id);
        Assert.Equal((MatchStatus.Declined, MatchDeclineReason.ParticipantLeftProgramme, (int?)null, (int?)null),
            (match.Status, match.DeclineReason, match.ParticipantSlot, match.VolunteerSlot));
        var notices = app.Mail.Messages.Where(m => m.To == s.VolunteerUser.Email).ToList();
        Assert.Equal(before + 1, notices.Count);
        var notice = notices[^1];
        Assert.DoesNotContain(WorkflowScenario.WomanName, notice.Subject + notice.TextBody, StringComparison.Ordinal);
        // Her place is free: another waiting woman can be proposed to her at once.
        var other = await WorkflowScenario.PlantWomanAsync(app, s.Association, s.Centre, "Neste Kvinne-5kq");
        Assert.Null(await s.TryProposeAsync(other, s.VolunteerId));
    }

    [Fact]
    public async Task WithdrawingConsent_EndsHerProposal_KeepsTheMatchWithoutHer_AndTheCentreSeesWithdrawn()
    {
        await using var app = await TestApp.CreateAsync();
        var s = await WorkflowScenario.CreateAsync(app, "Trekkkobling");
        var id = await s.ProposeAsync();
        using var coordinator = await app.LoggedInClientAsync(s.Coordinator);

        var erased = await coordinator.SubmitFormAsync($"/deltaker/{s.WomanId}/samtykke", "main form.rv-form",
            [new("ConfirmErasure", "true")]);

        Assert.Equal(HttpStatusCode.Redirect, erased.StatusCode);
        var match = await s.MatchAsync(id);
        Assert.Equal((MatchStatus.Declined, (Guid?)null, (int?)null), (match.Status, match.ParticipantId, match.VolunteerSlot));
        Assert.Equal(s.VolunteerId, match.VolunteerId);
        await using var scope = app.Services.CreateSystemScope();
        var referral = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Referrals.SingleAsync(r => r.CrisisCentreId == s.Centre, Ct);
        Assert.Equal(ReferralStatus.Withdrawn, referral.Status);
        using var staff = await app.LoggedInClientAsync(s.Staff);
        Assert.Contains("Trukket", await WorkflowScenario.MainTextAsync(staff, "/henvisninger"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task VolunteerPausingMidMatch_PutsTheWomanBackOnTheList_ForANewVolunteer_NeverAsARenewalCase()
    {
        await using var app = await TestApp.CreateAsync();
        var s = await WorkflowScenario.CreateAsync(app, "Pausmidt");
        var waitingSince = (await s.WomanAsync()).WaitingSince;
        var id = await s.ProposeAsync();
        await AcceptBothAsync(s, id);
        await StartAsync(s, id);
        Assert.Equal(ParticipantStatus.Matched, (await s.WomanAsync()).Status);
        using var volunteer = await app.LoggedInClientAsync(s.VolunteerUser);

        var paused = await volunteer.SubmitFormAsync("/min-side/pause", "main form.rv-form", []);

        Assert.Equal(HttpStatusCode.Redirect, paused.StatusCode);
        var match = await s.MatchAsync(id);
        Assert.Equal((MatchStatus.VolunteerLeft, (int?)null, (int?)null), (match.Status, match.ParticipantSlot, match.VolunteerSlot));
        var woman = await s.WomanAsync();
        Assert.Equal((ParticipantStatus.Waiting, waitingSince), (woman.Status, woman.WaitingSince));
        // The renewal job (as it runs every day) never flags a handed-back match with a renewal reason.
        Assert.Equal(0, await ActivatorUtilities.CreateInstance<RenewalReminderJob>(app.Services).FlagMatchesAsync(Ct));

        Assert.Null((await s.MatchAsync(id)).RequirementsFlaggedAt);
        using var coordinator = await app.LoggedInClientAsync(s.Coordinator);
        Assert.NotNull((await Html.ParseAsync(await coordinator.GetUrlAsync("/"))).QuerySelector("#home-volunteer-left"));
        var list = await Html.ParseAsync(await coordinator.GetUrlAsync("/koblinger"));
        Assert.Contains(WorkflowScenario.WomanName, list.QuerySelector("#matches-volunteer-left")!.TextContent, StringComparison.Ordinal);
        var record = await Html.ParseAsync(await coordinator.GetUrlAsync($"/kobling/{id}"));
        Assert.NotNull(record.QuerySelector("#match-volunteer-left #match-find-new"));

        var next = await PlantedVolunteers.PlantAsync(app, s.Association, "Ny Venn-5kq", VolunteerStatus.Approved, Steps.All);
        Assert.Null(await s.TryProposeAsync(s.WomanId, next));
        Assert.Null((await Html.ParseAsync(await coordinator.GetUrlAsync("/"))).QuerySelector("#home-volunteer-left"));
    }

    [Fact]
    public async Task ErasingAVolunteer_KeepsHerMatchesWithoutHer_AndWaitsWhileSheHoldsARunningMatch()
    {
        await using var app = await TestApp.CreateAsync();
        var s = await WorkflowScenario.CreateAsync(app, "Slettvenn");
        var id = await s.ProposeAsync();
        await AcceptBothAsync(s, id);
        await StartAsync(s, id);
        await using (var scope = app.Services.CreateSystemScope())
        {
            // Data from before the fix: she left, long ago, while the match still runs.
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var her = await db.Volunteers.SingleAsync(v => v.Id == s.VolunteerId, Ct);
            her.Status = VolunteerStatus.Left;
            her.EndedAt = app.Clock.GetUtcNow().UtcDateTime.AddYears(-5);
            await db.SaveChangesAsync(Ct);
        }

        var settings = await SettingsAsync(app);
        Assert.False(await EraseVolunteerAsync(app, s.VolunteerId, settings));
        Assert.Equal((MatchStatus.Active, s.VolunteerId), ((await s.MatchAsync(id)).Status, (await s.MatchAsync(id)).VolunteerId));

        await WorkflowScenario.ChangeMatchAsync(app, id, m =>
        {
            m.Status = MatchStatus.Closed;
            m.ClosedAt = app.Clock.GetUtcNow().UtcDateTime;
            m.CloseReason = MatchCloseReason.CompletedAsPlanned;
            m.ParticipantSlot = null;
            m.VolunteerSlot = null;
        });
        Assert.True(await EraseVolunteerAsync(app, s.VolunteerId, settings));
        var kept = await s.MatchAsync(id);
        Assert.Equal((MatchStatus.Closed, (Guid?)null, (Guid?)s.WomanId, MatchCloseReason.CompletedAsPlanned),
            (kept.Status, kept.VolunteerId, kept.ParticipantId, kept.CloseReason));
        Assert.NotNull(kept.StartMeetingOn);
    }

    private static async Task<Web.Domain.ProgrammeSettings> SettingsAsync(TestApp app)
    {
        await using var scope = app.Services.CreateSystemScope();
        return await scope.ServiceProvider.GetRequiredService<ProgrammeSettingsService>().GetAsync(Ct);
    }

    private static async Task<bool> EraseVolunteerAsync(TestApp app, Guid id, Web.Domain.ProgrammeSettings settings)
    {
        await using var scope = app.Services.CreateSystemScope();
        return await scope.ServiceProvider.GetRequiredService<VolunteerErasure>().EraseIfDueAsync(id, settings, Ct);
    }

    internal static async Task AcceptVolunteerAsync(WorkflowScenario s, Guid id)
    {
        await using var scope = s.App.Services.CreateSystemScope();
        var workflow = scope.ServiceProvider.GetRequiredService<MatchWorkflowService>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var match = await db.Matches.SingleAsync(m => m.Id == id, Ct);
        Assert.Null(await workflow.VolunteerAnswersAsync(match, match.Version, knowsHer: false, accepts: true, Ct));
    }

    internal static async Task AcceptBothAsync(WorkflowScenario s, Guid id)
    {
        await AcceptVolunteerAsync(s, id);
        await using var scope = s.App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<DataScope>().UseAssociations([s.Association]);
        var workflow = scope.ServiceProvider.GetRequiredService<MatchWorkflowService>();
        var match = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Matches.SingleAsync(m => m.Id == id, Ct);
        Assert.Null(await workflow.RecordParticipantAnswerAsync(match, match.Version, yes: true, s.Coordinator.Id, Ct));
    }

    internal static async Task StartAsync(WorkflowScenario s, Guid id)
    {
        await using var scope = s.App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<DataScope>().UseAssociations([s.Association]);
        var workflow = scope.ServiceProvider.GetRequiredService<MatchWorkflowService>();
        var match = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Matches.SingleAsync(m => m.Id == id, Ct);
        Assert.Null(await workflow.RecordStartMeetingAsync(match, match.Version, workflow.Today, crisisCentrePresent: false, Ct));
    }
}
