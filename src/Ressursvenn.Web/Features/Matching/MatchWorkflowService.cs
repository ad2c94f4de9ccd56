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
/// The steps of a match after the proposal (docs/domain.md §4.3), shared by the pages and the API: the one way to open a
/// match for a coordinator (her own association's women only — a neighbouring association that lent the volunteer sees
/// nothing here) or for the volunteer (her own), and each step with its audit entry and a save that refuses lost
/// updates. Every method returns null on success or the resource key of the message to show.
/// </summary>
public sealed class MatchWorkflowService(
    AppDbContext db, AuditTrail audit, ProgrammeSettingsService settings, MatchingService matching, MatchNotifier notifier, UnitOfWork unitOfWork,
    TimeProvider clock)
{
    public const string EntityType = "Match";

    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    public DateOnly Today => WorkingDays.OsloDate(clock.GetUtcNow());

    /// <summary>The hard rules that refused the last start meeting in this request (empty otherwise), for the page and the API.</summary>
    public IReadOnlyList<Ressursvenn.Matching.Exclusion> RefusedBy { get; private set; } = [];

    /// <summary>
    /// Matches of the associations whose volunteer left while they were running and whose woman still waits without a new
    /// proposal: each is in front of the coordinator as "volunteer left — find a new volunteer" (home page, /koblinger).
    /// </summary>
    public static IQueryable<Match> AwaitingNewVolunteer(AppDbContext db, IReadOnlyCollection<Guid> associations)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Matches.Where(m => associations.Contains(m.AssociationId) && m.Status == MatchStatus.VolunteerLeft
            && db.Participants.Any(p => p.Id == m.ParticipantId && p.Status == ParticipantStatus.Waiting)
            && !db.Matches.Any(o => o.ParticipantId == m.ParticipantId && o.ParticipantSlot != null));
    }

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
        }, ct, notify: () => notifier.VolunteerAnsweredAsync(match, ct));
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

    /// <summary>
    /// The start meeting was held: Active with the planned end; the referring centre sees "matched" and the date. Every
    /// hard rule of the proposal is checked again on fresh data first (a certificate may have expired since): a rule
    /// that fails refuses the step, changes nothing and leaves the rules in <see cref="RefusedBy"/>.
    /// </summary>
    public async Task<string?> RecordStartMeetingAsync(Match match, long version, DateOnly heldOn, bool crisisCentrePresent, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        RefusedBy = [];
        var participant = match.ParticipantId is { } womanId
            ? await db.Participants.Include(p => p.Referrals).FirstOrDefaultAsync(p => p.Id == womanId, ct)
            : null;
        if (participant is null)
        {
            return "Match.WrongStep";
        }

        if (match.Status == MatchStatus.AcceptedByParticipant && participant.Status == ParticipantStatus.Waiting)
        {
            var (refusal, exclusions) = await matching.RecheckAsync(participant, match, ct);
            if (refusal is not null)
            {
                RefusedBy = exclusions;
                return refusal;
            }
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
    /// her ("not available"), and each running match is handed back (<see cref="MatchStatus.VolunteerLeft"/>): every
    /// woman is back on the waiting list with her waiting time kept, and a running match is shown to her coordinators as
    /// "find a new volunteer". The women's coordinators are told (<see cref="MatchNotifier.VolunteerAnsweredAsync"/>, in the
    /// outbox). Not saved here: the caller saves it all with the volunteer's own change.
    /// </summary>
    public async Task<IReadOnlyList<Match>> WithdrawProposalsOfVolunteerAsync(Guid volunteerId, CancellationToken ct = default)
    {
        // The volunteer herself may be the caller: the women are outside her scope and read past the filter, by id only.
        var matches = await db.Matches.IgnoreQueryFilters().Where(m => m.VolunteerId == volunteerId && m.VolunteerSlot != null)
            .ToListAsync(ct);
        foreach (var match in matches)
        {
            if (match.IsBeforeStart)
            {
                MatchLifecycle.Decline(match, MatchDeclinedBy.Volunteer, MatchDeclineReason.VolunteerNotAvailable, null, Now);
                audit.Record(AuditActions.MatchDeclined, EntityType, match.Id, "Volunteer:VolunteerNotAvailable:stepped-back");
            }
            else if (Match.Running.Contains(match.Status))
            {
                var woman = match.ParticipantId is { } womanId
                    ? await db.Participants.IgnoreQueryFilters().Include(p => p.Referrals).FirstOrDefaultAsync(p => p.Id == womanId, ct)
                    : null;
                MatchLifecycle.VolunteerLeftRunningMatch(match, woman, Now);
                audit.Record(AuditActions.MatchVolunteerLeft, EntityType, match.Id);
            }

            await notifier.VolunteerAnsweredAsync(match, ct);
        }

        return matches;
    }

    /// <summary>
    /// The woman leaves the programme (her referral declined, her consent withdrawn, her record erased): each proposal
    /// of hers not yet started ends, declined with <see cref="MatchDeclineReason.ParticipantLeftProgramme"/>, and a
    /// running match is closed as ended by her, so every volunteer's place is free again, and each volunteer is told
    /// (<see cref="MatchNotifier.MatchEndedAsync"/>, in the outbox). Not saved here: the caller saves it with her change.
    /// </summary>
    public async Task<IReadOnlyList<Match>> EndMatchesOfParticipantAsync(Guid participantId, CancellationToken ct = default)
    {
        var matches = await db.Matches.IgnoreQueryFilters().Where(m => m.ParticipantId == participantId && m.ParticipantSlot != null)
            .ToListAsync(ct);
        foreach (var match in matches)
        {
            MatchLifecycle.ParticipantLeft(match, Now);
            audit.Record(match.Status == MatchStatus.Declined ? AuditActions.MatchDeclined : AuditActions.MatchClosed, EntityType, match.Id,
                "Participant:ParticipantLeftProgramme");
            await notifier.MatchEndedAsync(match, ct);
        }

        return matches;
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

    private async Task<string?> StepAsync(Match match, long version, Action step, CancellationToken ct, Func<Task>? notify = null)
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

        if (notify is not null)
        {
            await notify();
        }

        return await unitOfWork.SaveAsync(ct) switch
        {
            SaveOutcome.Saved => null,
            SaveOutcome.Stale => "Common.Concurrency",
            _ => "Common.SaveRefused",
        };
    }
}
