using Ressursvenn.Web.Domain.Participants;

namespace Ressursvenn.Web.Domain.Matching;

/// <summary>
/// The steps of docs/domain.md §4.3 after a proposal exists, pure and testable. Each refuses a step that does not fit the
/// match's state with a <see cref="DomainRuleException"/> whose message is a resource key. Proposing itself needs the
/// database (hard rules, capacity slots) and lives in the matching service.
/// </summary>
public static class MatchLifecycle
{
    /// <summary>
    /// The volunteer's answer to the anonymised proposal. She must answer whether she knows the woman, her family or her
    /// community before anything else: a yes declines the proposal and returns the block to be stored (the volunteer is
    /// not told why it matters); a no and an accept moves the proposal on; a no and a decline ends it.
    /// </summary>
    public static PairBlock? VolunteerAnswers(Match match, bool knowsHer, bool accepts, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(match);
        Expect(match, MatchStatus.Proposed);
        if (knowsHer)
        {
            End(match, MatchStatus.Declined, now);
            match.DeclinedBy = MatchDeclinedBy.Volunteer;
            match.DeclineReason = MatchDeclineReason.VolunteerKnowsHer;
            return new PairBlock
            {
                AssociationId = match.AssociationId,
                VolunteerId = match.VolunteerId ?? throw new DomainRuleException("Match.WrongStep"),
                ParticipantId = match.ParticipantId ?? throw new DomainRuleException("Match.WrongStep"),
                Kind = PairBlockKind.DeclaredAcquaintance,
                CreatedAt = now,
            };
        }

        if (accepts)
        {
            match.Status = MatchStatus.AcceptedByVolunteer;
            match.VolunteerAcceptedAt = now;
        }
        else
        {
            Decline(match, MatchDeclinedBy.Volunteer, MatchDeclineReason.VolunteerNotAvailable, null, now);
        }

        return null;
    }

    /// <summary>The coordinator records the woman's answer (she has no account).</summary>
    public static void RecordParticipantAnswer(Match match, bool yes, Guid? byUser, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(match);
        Expect(match, MatchStatus.AcceptedByVolunteer);
        match.ParticipantAnswerRecordedByUserId = byUser;
        if (yes)
        {
            match.Status = MatchStatus.AcceptedByParticipant;
            match.ParticipantAcceptedAt = now;
        }
        else
        {
            Decline(match, MatchDeclinedBy.Participant, MatchDeclineReason.ParticipantSaidNo, null, now);
        }
    }

    /// <summary>
    /// The start meeting was held: the match becomes Active with its planned end, the woman is Matched and the
    /// referring centre sees "matched" and the date.
    /// </summary>
    public static void RecordStartMeeting(Match match, Participant participant, DateOnly heldOn, bool crisisCentrePresent,
        int plannedMonths, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(match);
        ArgumentNullException.ThrowIfNull(participant);
        // Every check comes before the first change, so a refused step changes nothing.
        Expect(match, MatchStatus.AcceptedByParticipant);
        if (match.ParticipantId != participant.Id || participant.Status != ParticipantStatus.Waiting)
        {
            throw new DomainRuleException("Match.NotWaiting");
        }

        if (heldOn > today)
        {
            throw new DomainRuleException("Match.StartMeetingInFuture");
        }

        if (heldOn < DateOnly.FromDateTime(match.ProposedAt))
        {
            throw new DomainRuleException("Match.StartMeetingBeforeProposal");
        }

        var referral = ParticipantLifecycle.OpenReferral(participant);
        match.Status = MatchStatus.Active;
        match.StartMeetingOn = heldOn;
        match.CrisisCentreAtStartMeeting = crisisCentrePresent;
        match.PlannedEndOn = heldOn.AddMonths(plannedMonths);
        participant.Status = ParticipantStatus.Matched;
        referral.Status = ReferralStatus.Matched;
        referral.StartMeetingOn = heldOn;
    }

    /// <summary>
    /// The volunteer left or paused while the match was running: the match leaves her and the woman (no slot is held),
    /// and the woman is on the waiting list again with her original waiting time, for the coordinator to find her a
    /// new volunteer. <paramref name="participant"/> is null when her record is gone.
    /// </summary>
    public static void VolunteerLeftRunningMatch(Match match, Participant? participant, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(match);
        if (!Match.Running.Contains(match.Status))
        {
            throw new DomainRuleException("Match.WrongStep");
        }

        End(match, MatchStatus.VolunteerLeft, now);
        match.CloseReason = MatchCloseReason.VolunteerEnded;
        if (participant is { Status: ParticipantStatus.Matched })
        {
            participant.Status = ParticipantStatus.Waiting;
            if (participant.Referrals.Where(r => r.ClosedAt is null).OrderByDescending(r => r.CreatedAt).FirstOrDefault() is { } referral)
            {
                referral.Status = ReferralStatus.Waiting;
                referral.StartMeetingOn = null;
            }
        }
    }

    /// <summary>
    /// The woman leaves the programme (erased at her wish or at the end of retention) while a match of hers is open: a
    /// proposal ends as declined, a running match is closed as ended by her.
    /// </summary>
    public static void ParticipantLeft(Match match, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(match);
        if (match.IsBeforeStart)
        {
            Decline(match, MatchDeclinedBy.Coordinator, MatchDeclineReason.ParticipantLeftProgramme, null, now);
        }
        else if (match.IsOpen)
        {
            End(match, MatchStatus.Closed, now);
            match.CloseReason = MatchCloseReason.ParticipantEnded;
        }
    }

    /// <summary>Removes what could identify the person being erased; the statistical facts stay.</summary>
    public static void ForgetParticipant(Match match)
    {
        ArgumentNullException.ThrowIfNull(match);
        match.ParticipantId = null;
        match.DeclineNote = null;
    }

    /// <summary>
    /// A proposal declined by either side or withdrawn by the coordinator, with its reason. The woman stays on the
    /// waiting list with her original waiting time (her <see cref="Participant.WaitingSince"/> is never touched).
    /// </summary>
    public static void Decline(Match match, MatchDeclinedBy by, MatchDeclineReason reason, string? note, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(match);
        if (!match.IsBeforeStart)
        {
            throw new DomainRuleException("Match.CannotDecline");
        }

        End(match, MatchStatus.Declined, now);
        match.DeclinedBy = by;
        match.DeclineReason = reason;
        match.DeclineNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
    }

    /// <summary>The coordinator decides to let an active match go on while an expired requirement is renewed.</summary>
    public static void DecideOnRequirementsFlag(Match match, Guid? byUser, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(match);
        if (match.RequirementsFlaggedAt is null || match.RequirementsFlagDecidedAt is not null)
        {
            throw new DomainRuleException("Match.NoOpenFlag");
        }

        match.RequirementsFlagDecidedAt = now;
        match.RequirementsFlagDecidedByUserId = byUser;
    }

    private static void End(Match match, MatchStatus status, DateTime now)
    {
        match.Status = status;
        match.ParticipantSlot = null;
        match.VolunteerSlot = null;
        if (status == MatchStatus.Declined)
        {
            match.DeclinedAt = now;
        }
        else
        {
            match.ClosedAt = now;
        }
    }

    private static void Expect(Match match, MatchStatus status)
    {
        if (match.Status != status)
        {
            throw new DomainRuleException("Match.WrongStep");
        }
    }
}
