using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Calendar;
using Ressursvenn.Web.Domain.Matching;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Infrastructure;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Matching;

/// <summary>
/// The steps of a match after the proposal (DOMAIN.md §4.3), shared by the pages and the API: the one way to open a
/// match for a coordinator (her own association's women only — a neighbouring association that lent the volunteer sees
/// nothing here) or for the volunteer (her own), and each step with its audit entry and a save that refuses lost
/// updates. Every method returns null on success or the resource key of the message to show.
/// </summary>
public sealed class MatchWorkflowService(AppDbContext db, DataScope scope, AuditTrail audit, ProgrammeSettingsService settings, TimeProvider clock)
{
    public const string EntityType = "Match";

    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    public DateOnly Today => WorkingDays.OsloDate(clock.GetUtcNow());

    /// <summary>A match run by one of the caller's associations (tracked), or null (404).</summary>
    public async Task<Match?> FindForCoordinatorAsync(Guid id, CancellationToken ct = default)
    {
        var match = await db.Matches.FirstOrDefaultAsync(m => m.Id == id, ct);
        return match is not null && !scope.IsSystem && scope.AssociationIds.Contains(match.AssociationId) ? match : null;
    }

    /// <summary>A match of the signed-in volunteer's own (tracked), or null (404).</summary>
    public async Task<Match?> FindForVolunteerAsync(Guid id, Guid volunteerId, CancellationToken ct = default) =>
        scope.VolunteerUserId == Guid.Empty ? null
            : await db.Matches.FirstOrDefaultAsync(m => m.Id == id && m.VolunteerId == volunteerId, ct);

    /// <summary>The volunteer's answer to the anonymised proposal; a yes blocks the pair for good.</summary>
    public async Task<string?> VolunteerAnswersAsync(Match match, long version, bool knowsHer, bool accepts, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        return await StepAsync(match, version, () =>
        {
            if (MatchLifecycle.VolunteerAnswers(match, knowsHer, accepts, Now) is { } block)
            {
                db.PairBlocks.Add(block);
            }

            // The detail says what happened, never why: the volunteer's acquaintance is for the coordinator only.
            audit.Record(AuditActions.MatchVolunteerAnswered, EntityType, match.Id,
                knowsHer ? "knows-her" : accepts ? "accepted" : "declined");
        }, ct);
    }

    /// <summary>The coordinator records the woman's answer.</summary>
    public Task<string?> RecordParticipantAnswerAsync(Match match, long version, bool yes, Guid? byUser, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        return StepAsync(match, version, () =>
        {
            MatchLifecycle.RecordParticipantAnswer(match, yes, byUser, Now);
            audit.Record(AuditActions.MatchParticipantAnswered, EntityType, match.Id, yes ? "yes" : "no");
        }, ct);
    }

    /// <summary>The start meeting was held: Active with the planned end; the referring centre sees "matched" and the date.</summary>
    public async Task<string?> RecordStartMeetingAsync(Match match, long version, DateOnly heldOn, bool crisisCentrePresent, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        var participant = await db.Participants.Include(p => p.Referrals).FirstOrDefaultAsync(p => p.Id == match.ParticipantId, ct);
        if (participant is null)
        {
            return "Match.WrongStep";
        }

        var policy = await settings.GetAsync(ct);
        return await StepAsync(match, version, () =>
        {
            MatchLifecycle.RecordStartMeeting(match, participant, heldOn, crisisCentrePresent, policy.MatchPlannedMonths, Today);
            audit.Record(AuditActions.MatchStarted, EntityType, match.Id);
        }, ct);
    }

    /// <summary>Declined by either side or withdrawn by the coordinator; she keeps her place on the waiting list.</summary>
    public Task<string?> DeclineAsync(Match match, long version, MatchDeclinedBy by, MatchDeclineReason reason, string? note, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        return StepAsync(match, version, () =>
        {
            MatchLifecycle.Decline(match, by, reason, note, Now);
            audit.Record(AuditActions.MatchDeclined, EntityType, match.Id, FormattableString.Invariant($"{by}:{reason}"));
        }, ct);
    }

    /// <summary>The coordinator lets an active match go on while the volunteer's expired requirement is renewed.</summary>
    public Task<string?> DecideOnRequirementsFlagAsync(Match match, long version, Guid? byUser, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        return StepAsync(match, version, () =>
        {
            MatchLifecycle.DecideOnRequirementsFlag(match, byUser, Now);
            audit.Record(AuditActions.MatchRequirementsDecided, EntityType, match.Id);
        }, ct);
    }

    /// <summary>
    /// The volunteer paused, left, or her application ended: each of her proposals not yet started ends as declined by
    /// her ("not available"), so every woman is back on the waiting list with her waiting time kept. Running matches
    /// are left to the coordinator. Not saved here: the caller saves with the volunteer's own change, then tells the
    /// women's coordinators (<see cref="MatchNotifier.VolunteerAnsweredAsync"/>).
    /// </summary>
    public async Task<IReadOnlyList<Match>> WithdrawProposalsOfVolunteerAsync(Guid volunteerId, CancellationToken ct = default)
    {
        var proposals = await db.Matches.Where(m => m.VolunteerId == volunteerId
            && Match.BeforeStart.Contains(m.Status))
            .ToListAsync(ct);
        foreach (var proposal in proposals)
        {
            MatchLifecycle.Decline(proposal, MatchDeclinedBy.Volunteer, MatchDeclineReason.VolunteerNotAvailable, null, Now);
            audit.Record(AuditActions.MatchDeclined, EntityType, proposal.Id, "Volunteer:VolunteerNotAvailable:stepped-back");
        }

        return proposals;
    }

    /// <summary>
    /// Puts a pair of the caller's association on the do-not-match list (idempotent). A proposal of that pair not yet
    /// started is withdrawn with it, so an unsafe pair never goes on to a start meeting; a running match is left to the
    /// coordinator's decision.
    /// </summary>
    public async Task BlockPairAsync(Participant woman, Guid volunteerId, Guid? byUser, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(woman);
        if (!await db.PairBlocks.AnyAsync(b => b.ParticipantId == woman.Id && b.VolunteerId == volunteerId && b.Kind == PairBlockKind.DoNotMatch, ct))
        {
            var proposal = await db.Matches.FirstOrDefaultAsync(m => m.ParticipantId == woman.Id && m.VolunteerId == volunteerId
                && Match.BeforeStart.Contains(m.Status), ct);
            if (proposal is not null)
            {
                MatchLifecycle.Decline(proposal, MatchDeclinedBy.Coordinator, MatchDeclineReason.CoordinatorWithdrew, null, Now);
                audit.Record(AuditActions.MatchDeclined, EntityType, proposal.Id, "Coordinator:DoNotMatch");
            }

            db.PairBlocks.Add(new PairBlock
            {
                AssociationId = woman.AssociationId,
                ParticipantId = woman.Id,
                VolunteerId = volunteerId,
                Kind = PairBlockKind.DoNotMatch,
                CreatedAt = Now,
                CreatedByUserId = byUser,
            });
            audit.Record(AuditActions.PairBlocked, "Participant", woman.Id);
            await db.SaveChangesAsync(ct);
        }
    }

    private async Task<string?> StepAsync(Match match, long version, Action step, CancellationToken ct)
    {
        var entry = db.Entry(match);
        entry.Property(e => e.Version).OriginalValue = version;
        try
        {
            step();
        }
        catch (DomainRuleException e)
        {
            await entry.ReloadAsync(ct);
            return e.Message;
        }

        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            await AuditInterceptor.ReleaseAfterRefusedSaveAsync(db);
            return "Common.Concurrency";
        }
    }
}
