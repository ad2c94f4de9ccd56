using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Matching;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Features.Shared;
using Ressursvenn.Web.Features.Volunteers;

namespace Ressursvenn.IntegrationTests.Features.Matching;

/// <summary>
/// A volunteer who pauses or leaves hands her proposals not yet started back: each woman is on the waiting list again
/// with her waiting time kept and her coordinators are told; a running match is left to the coordinator.
/// </summary>
public sealed class VolunteerStepsBackTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Pausing_WithdrawsHerOpenProposal_AndTellsTheWomansCoordinators()
    {
        await using var app = await TestApp.CreateAsync();
        var s = await WorkflowScenario.CreateAsync(app, "Pausekobling");
        var waitingSince = (await s.WomanAsync()).WaitingSince;
        var matchId = await s.ProposeAsync();
        using var volunteer = await app.LoggedInClientAsync(s.VolunteerUser);

        var paused = await volunteer.SubmitFormAsync("/min-side/pause", "main form.rv-form", []);
        Assert.Equal(HttpStatusCode.Redirect, paused.StatusCode);

        var match = await s.MatchAsync(matchId);
        Assert.Equal((MatchStatus.Declined, MatchDeclinedBy.Volunteer, MatchDeclineReason.VolunteerNotAvailable, (int?)null, (int?)null),
            (match.Status, match.DeclinedBy, match.DeclineReason, match.ParticipantSlot, match.VolunteerSlot));
        var woman = await s.WomanAsync();
        Assert.Equal((ParticipantStatus.Waiting, waitingSince), (woman.Status, woman.WaitingSince));
        // Her coordinators hear that she paused, and the woman's that an answer to a proposal came (neither names anyone).
        var answerNotice = Assert.Single(app.Mail.Messages, m => m.To == s.Coordinator.Email && m.TextBody.Contains("/koblinger", StringComparison.Ordinal));
        Assert.DoesNotContain(WorkflowScenario.WomanName, answerNotice.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(WorkflowScenario.VolunteerName, answerNotice.TextBody, StringComparison.Ordinal);
        Assert.Equal("Volunteer:VolunteerNotAvailable:stepped-back", Assert.Single(await MatchingPlanting.AuditAsync(app, Web.Domain.Audit.AuditActions.MatchDeclined)).Detail);
    }

    [Fact]
    public async Task Leaving_WithdrawsProposalsNotYetStarted_AndHandsARunningMatchBackForANewVolunteer()
    {
        await using var app = await TestApp.CreateAsync();
        var s = await WorkflowScenario.CreateAsync(app, "Slutterkobling");
        await using (var scope = app.Services.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            (await db.Volunteers.SingleAsync(v => v.Id == s.VolunteerId, Ct)).Capacity = 2;
            await db.SaveChangesAsync(Ct);
        }

        var running = await s.ProposeAsync();
        await WorkflowScenario.ChangeMatchAsync(app, running, m => m.Status = MatchStatus.Active);
        var second = await WorkflowScenario.PlantWomanAsync(app, s.Association, s.Centre, "Andre Kvinne-5kq");
        var proposal = await s.ProposeAsync(second, s.VolunteerId);

        // The coordinator records that she leaves (the page and the API share this step).
        await using (var scope = app.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<DataScope>().UseAssociations([s.Association]);
            var screening = scope.ServiceProvider.GetRequiredService<VolunteerScreeningService>();
            var her = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Volunteers.WithScreening().SingleAsync(v => v.Id == s.VolunteerId, Ct);
            var result = await screening.RunAsync(her!, null, screening.Leave(), Ct);
            Assert.Equal(StepOutcome.Done, result.Outcome);
        }

        var withdrawn = await s.MatchAsync(proposal);
        Assert.Equal((MatchStatus.Declined, MatchDeclineReason.VolunteerNotAvailable), (withdrawn.Status, withdrawn.DeclineReason));
        // ADR 0012: the running match is not left open with a volunteer who is gone; it is handed back, and the woman
        // waits for a new volunteer with her original waiting time.
        var handedBack = await s.MatchAsync(running);
        Assert.Equal((MatchStatus.VolunteerLeft, (int?)null, (int?)null), (handedBack.Status, handedBack.ParticipantSlot, handedBack.VolunteerSlot));
        Assert.Equal(Ressursvenn.Web.Domain.Participants.ParticipantStatus.Waiting, (await s.WomanAsync()).Status);
    }
}
