using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.IntegrationTests.Features.Volunteers;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Matching;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Features.Matching;
using Ressursvenn.Web.Features.Participants;

namespace Ressursvenn.IntegrationTests.Features.Matching;

/// <summary>
/// The lifecycles' property test (ADR 0012): random sequences of lifecycle steps (propose, the volunteer's answer, the woman's answer,
/// start meeting, withdraw a proposal, decline the woman, her consent withdrawn, the volunteer pauses or comes back,
/// retention erasure) on a small population, through the same services and pages as the coordinator and the volunteer.
/// After every step: no woman is Matched without a running match, no volunteer holds more open matches than her
/// capacity, no match points to an erased woman or keeps her decline note, a woman on the waiting list or declined
/// holds no running match, and every woman who left the waiting list is explained by a step of the sequence.
/// </summary>
public sealed class LifecyclePropertyTests
{
    private const int Sequences = 10;
    private const int StepsPerSequence = 16;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RandomSequencesOfSteps_NeverStrandAWoman_OverfillAVolunteer_OrKeepAnErasedIdentity()
    {
        await using var app = await TestApp.CreateAsync();
        var random = new Random(20261207);
        for (var sequence = 0; sequence < Sequences; sequence++)
        {
            var world = await World.CreateAsync(app, sequence);
            for (var step = 0; step < StepsPerSequence; step++)
            {
                world.Log.Add(await world.StepAsync(random));
                await world.AssertInvariantsAsync();
            }
        }
    }

    private sealed class World(WorkflowScenario s, List<Guid> women, List<(Guid Id, TestUser User)> volunteers)
    {
        public List<string> Log { get; } = [];

        private readonly HashSet<Guid> erased = [];
        private readonly HashSet<Guid> declined = [];

        public static async Task<World> CreateAsync(TestApp app, int sequence)
        {
            var s = await WorkflowScenario.CreateAsync(app, $"Egenskap{sequence}", womanName: $"Kvinne A-{sequence}q");
            var women = new List<Guid> { s.WomanId };
            for (var i = 1; i < 3; i++)
            {
                women.Add(await WorkflowScenario.PlantWomanAsync(app, s.Association, s.Centre, $"Kvinne {(char)('A' + i)}-{sequence}q"));
            }

            var secondUser = await app.CreateUserAsync(Roles.Volunteer, name: $"Venn To-{sequence}q");
            var second = await PlantedVolunteers.PlantAsync(app, s.Association, $"Venn To-{sequence}q", VolunteerStatus.Approved, Steps.All, secondUser.Id);
            await using (var scope = app.Services.CreateSystemScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                (await db.Volunteers.SingleAsync(v => v.Id == second, Ct)).Capacity = 2;
                await db.SaveChangesAsync(Ct);
            }

            return new World(s, women, [(s.VolunteerId, s.VolunteerUser), (second, secondUser)]);
        }

        public async Task<string> StepAsync(Random random)
        {
            var woman = women[random.Next(women.Count)];
            var (volunteer, volunteerUser) = volunteers[random.Next(volunteers.Count)];
            switch (random.Next(9))
            {
                case 0:
                case 1:
                    return erased.Contains(woman) ? "propose (erased woman)" : $"propose: {await s.TryProposeAsync(woman, volunteer) ?? "made"}";
                case 2:
                    return await OnMatchAsync(random, MatchStatus.Proposed, "volunteer answers", async (workflow, match) =>
                    {
                        var knowsHer = random.Next(5) == 0;
                        return await workflow.VolunteerAnswersAsync(match, match.Version, knowsHer, accepts: random.Next(3) > 0, Ct);
                    });
                case 3:
                    return await OnMatchAsync(random, MatchStatus.AcceptedByVolunteer, "her answer", (workflow, match) =>
                        workflow.RecordParticipantAnswerAsync(match, match.Version, yes: random.Next(3) > 0, s.Coordinator.Id, Ct));
                case 4:
                    return await OnMatchAsync(random, MatchStatus.AcceptedByParticipant, "start meeting", (workflow, match) =>
                        workflow.RecordStartMeetingAsync(match, match.Version, workflow.Today, crisisCentrePresent: false, Ct));
                case 5:
                    return await OnMatchAsync(random, null, "withdraw proposal", (workflow, match) =>
                        workflow.DeclineAsync(match, match.Version, MatchDeclinedBy.Coordinator, MatchDeclineReason.CoordinatorWithdrew, null, Ct));
                case 6:
                    return await DeclineWomanAsync(woman);
                case 7:
                    return await PauseOrResumeAsync(volunteerUser);
                default:
                    return await EraseAsync(woman, random.Next(2) == 0 ? ParticipantErasure.ConsentWithdrawn : ParticipantErasure.RetentionDue);
            }
        }

        /// <summary>A step on a random match of the association at the given status (any before the start meeting when null), in the coordinator's scope.</summary>
        private async Task<string> OnMatchAsync(Random random, MatchStatus? status, string what, Func<MatchWorkflowService, Match, Task<string?>> act)
        {
            await using var scope = s.App.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<DataScope>().UseAssociations([s.Association]);
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var candidates = await db.Matches.Where(m => m.AssociationId == s.Association).ToListAsync(Ct);
            candidates = [.. candidates.Where(m => status is { } wanted ? m.Status == wanted : m.IsBeforeStart).OrderBy(m => m.Id)];
            if (candidates.Count == 0)
            {
                return $"{what}: none";
            }

            var workflow = scope.ServiceProvider.GetRequiredService<MatchWorkflowService>();
            var match = candidates[random.Next(candidates.Count)];
            return $"{what} {match.Id:N}: {await act(workflow, match) ?? "done"}";
        }

        private async Task<string> DeclineWomanAsync(Guid woman)
        {
            if (erased.Contains(woman))
            {
                return "decline (erased woman)";
            }

            using var coordinator = await s.App.LoggedInClientAsync(s.Coordinator);
            var response = await coordinator.SubmitFormAsync($"/deltaker/{woman}/avslag", "main form.rv-form", [new("Reason", nameof(DeclineReason.NeedsOtherHelp))]);
            if (response.StatusCode == System.Net.HttpStatusCode.Redirect)
            {
                declined.Add(woman);
            }

            return $"decline {woman:N}: {(int)response.StatusCode}";
        }

        private async Task<string> PauseOrResumeAsync(TestUser volunteerUser)
        {
            using var client = await s.App.LoggedInClientAsync(volunteerUser);
            var response = await client.SubmitFormAsync("/min-side/pause", "main form.rv-form", []);
            return $"pause or resume {volunteerUser.Id:N}: {(int)response.StatusCode}";
        }

        private async Task<string> EraseAsync(Guid woman, string reason)
        {
            if (!erased.Add(woman))
            {
                return "erase (already erased)";
            }

            await using var scope = s.App.Services.CreateSystemScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var participant = await db.Participants.Include(p => p.Consents).Include(p => p.Referrals).SingleAsync(p => p.Id == woman, Ct);
            await scope.ServiceProvider.GetRequiredService<ParticipantErasure>().EraseAsync(participant, reason, Ct);
            return $"erase {woman:N} ({reason})";
        }

        public async Task AssertInvariantsAsync()
        {
            await using var scope = s.App.Services.CreateSystemScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var matches = await db.Matches.IgnoreQueryFilters().AsNoTracking().Where(m => m.AssociationId == s.Association).ToListAsync(Ct);
            var people = await db.Participants.IgnoreQueryFilters().AsNoTracking().Where(p => p.AssociationId == s.Association).ToListAsync(Ct);
            var running = matches.Where(m => Match.Running.Contains(m.Status)).ToList();
            var history = string.Join("\n", Log);
            foreach (var woman in people)
            {
                var hers = running.Where(m => m.ParticipantId == woman.Id).ToList();
                switch (woman.Status)
                {
                    case ParticipantStatus.Matched:
                        Assert.True(hers.Count == 1, $"woman {woman.Id:N} is Matched with {hers.Count} running matches after:\n{history}");
                        break;
                    case ParticipantStatus.Waiting:
                        Assert.True(hers.Count == 0, $"woman {woman.Id:N} waits while a match of hers runs after:\n{history}");
                        break;
                    case ParticipantStatus.Declined:
                        Assert.True(declined.Contains(woman.Id), $"woman {woman.Id:N} is Declined without a decline step:\n{history}");
                        Assert.True(matches.All(m => m.ParticipantId != woman.Id || !m.IsOpen), $"declined woman {woman.Id:N} holds an open match:\n{history}");
                        break;
                    default:
                        Assert.Fail($"woman {woman.Id:N} left the waiting list as {woman.Status} without a step that explains it:\n{history}");
                        break;
                }
            }

            foreach (var (id, _) in volunteers)
            {
                var capacity = (await db.Volunteers.IgnoreQueryFilters().AsNoTracking().SingleAsync(v => v.Id == id, Ct)).Capacity;
                var open = matches.Count(m => m.VolunteerId == id && m.IsOpen);
                Assert.True(open <= capacity, $"volunteer {id:N} holds {open} open matches with capacity {capacity} after:\n{history}");
            }

            foreach (var gone in erased)
            {
                Assert.DoesNotContain(people, p => p.Id == gone);
                Assert.DoesNotContain(matches, m => m.ParticipantId == gone);
            }

            Assert.All(matches.Where(m => m.ParticipantId is null), m => Assert.Null(m.DeclineNote));
            Assert.All(matches.Where(m => m.ParticipantId is null), m => Assert.False(m.IsOpen, $"match {m.Id:N} without a woman is still open:\n{history}"));
        }
    }
}
