using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Matching;
using Ressursvenn.Web.Domain.Participants;

namespace Ressursvenn.UnitTests.MatchWorkflow;

/// <summary>The steps of docs/domain.md §4.3 after a proposal, and what each does to the woman, the referral and the slots.</summary>
public sealed class MatchLifecycleTests
{
    private static readonly DateTime Now = new(2026, 11, 25, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DateOnly Today = new(2026, 11, 25);

    private static Match Proposed(Participant? of = null) => new()
    {
        AssociationId = Guid.NewGuid(),
        VolunteerAssociationId = Guid.NewGuid(),
        ParticipantId = of?.Id ?? Guid.NewGuid(),
        VolunteerId = Guid.NewGuid(),
        Status = MatchStatus.Proposed,
        ProposedAt = Now.AddDays(-10),
        ParticipantSlot = 0,
        VolunteerSlot = 1,
    };

    private static Participant Waiting()
    {
        var participant = new Participant { Name = "Test", AssociationId = Guid.NewGuid() };
        ParticipantLifecycle.Refer(participant, Guid.NewGuid(), null, Enum.GetValues<ConsentKind>().ToDictionary(k => k, _ => true), Now.AddDays(-30));
        ParticipantLifecycle.RecordIntake(participant, new Intake { HeldOn = Today.AddDays(-25) }, Now.AddDays(-25));
        ParticipantLifecycle.PutOnWaitingList(participant, Now.AddDays(-25));
        return participant;
    }

    [Fact]
    public void VolunteerWhoKnowsHer_DeclinesAndBlocksThePair_WhateverSheAnswersAboutAccepting()
    {
        var match = Proposed();
        var block = MatchLifecycle.VolunteerAnswers(match, knowsHer: true, accepts: true, Now);

        Assert.NotNull(block);
        Assert.Equal((match.VolunteerId, match.ParticipantId, PairBlockKind.DeclaredAcquaintance, match.AssociationId),
            (block.VolunteerId, block.ParticipantId, block.Kind, block.AssociationId));
        Assert.Equal((MatchStatus.Declined, MatchDeclinedBy.Volunteer, MatchDeclineReason.VolunteerKnowsHer),
            (match.Status, match.DeclinedBy, match.DeclineReason));
        Assert.Null(match.VolunteerAcceptedAt);
        Assert.Equal((null, null), (match.ParticipantSlot, match.VolunteerSlot));
    }

    [Fact]
    public void VolunteerWhoDoesNotKnowHer_AndAccepts_MovesOn_KeepingTheSlots()
    {
        var match = Proposed();
        Assert.Null(MatchLifecycle.VolunteerAnswers(match, knowsHer: false, accepts: true, Now));
        Assert.Equal((MatchStatus.AcceptedByVolunteer, Now), (match.Status, match.VolunteerAcceptedAt));
        Assert.Equal((0, 1), (match.ParticipantSlot, match.VolunteerSlot));
    }

    [Fact]
    public void VolunteerWhoDeclines_EndsTheProposal_WithoutBlockingThePair()
    {
        var match = Proposed();
        Assert.Null(MatchLifecycle.VolunteerAnswers(match, knowsHer: false, accepts: false, Now));
        Assert.Equal((MatchStatus.Declined, MatchDeclineReason.VolunteerNotAvailable, Now), (match.Status, match.DeclineReason, match.DeclinedAt));
    }

    [Fact]
    public void TheWomansAnswer_ComesAfterTheVolunteers()
    {
        var match = Proposed();
        Assert.Equal("Match.WrongStep", Assert.Throws<DomainRuleException>(() => MatchLifecycle.RecordParticipantAnswer(match, true, null, Now)).Message);

        MatchLifecycle.VolunteerAnswers(match, false, true, Now);
        var coordinator = Guid.NewGuid();
        MatchLifecycle.RecordParticipantAnswer(match, true, coordinator, Now);
        Assert.Equal((MatchStatus.AcceptedByParticipant, Now, coordinator), (match.Status, match.ParticipantAcceptedAt, match.ParticipantAnswerRecordedByUserId));
    }

    [Fact]
    public void TheWomansNo_DeclinesAndKeepsHerWaitingTime()
    {
        var participant = Waiting();
        var since = participant.WaitingSince;
        var match = Proposed();
        MatchLifecycle.VolunteerAnswers(match, false, true, Now);
        MatchLifecycle.RecordParticipantAnswer(match, false, null, Now);

        Assert.Equal((MatchStatus.Declined, MatchDeclinedBy.Participant, MatchDeclineReason.ParticipantSaidNo), (match.Status, match.DeclinedBy, match.DeclineReason));
        Assert.Equal((ParticipantStatus.Waiting, since), (participant.Status, participant.WaitingSince));
    }

    [Fact]
    public void StartMeeting_MakesTheMatchActive_WithThePlannedEnd_AndTellsTheCentre()
    {
        var participant = Waiting();
        var match = Proposed(participant);
        MatchLifecycle.VolunteerAnswers(match, false, true, Now);
        MatchLifecycle.RecordParticipantAnswer(match, true, null, Now);
        MatchLifecycle.RecordStartMeeting(match, participant, Today, crisisCentrePresent: true, plannedMonths: 12, Today);

        Assert.Equal((MatchStatus.Active, Today, new DateOnly(2027, 11, 25), true),
            (match.Status, match.StartMeetingOn, match.PlannedEndOn, match.CrisisCentreAtStartMeeting));
        Assert.Equal(ParticipantStatus.Matched, participant.Status);
        var referral = Assert.Single(participant.Referrals);
        Assert.Equal((ReferralStatus.Matched, (DateOnly?)Today), (referral.Status, referral.StartMeetingOn));
        Assert.Equal((0, 1), (match.ParticipantSlot, match.VolunteerSlot));
    }

    [Theory]
    [InlineData(1, "Match.StartMeetingInFuture")]
    [InlineData(-11, "Match.StartMeetingBeforeProposal")]
    public void StartMeeting_OutsideProposalAndToday_IsRefused(int daysFromToday, string key)
    {
        var participant = Waiting();
        var match = Proposed(participant);
        MatchLifecycle.VolunteerAnswers(match, false, true, Now);
        MatchLifecycle.RecordParticipantAnswer(match, true, null, Now);
        var refused = Assert.Throws<DomainRuleException>(() =>
            MatchLifecycle.RecordStartMeeting(match, participant, Today.AddDays(daysFromToday), false, 12, Today));
        Assert.Equal(key, refused.Message);
        Assert.Equal((MatchStatus.AcceptedByParticipant, ParticipantStatus.Waiting), (match.Status, participant.Status));
    }

    [Fact]
    public void StartMeeting_OnTheProposalDay_IsAllowed()
    {
        var participant = Waiting();
        var match = Proposed(participant);
        MatchLifecycle.VolunteerAnswers(match, false, true, Now);
        MatchLifecycle.RecordParticipantAnswer(match, true, null, Now);
        MatchLifecycle.RecordStartMeeting(match, participant, DateOnly.FromDateTime(match.ProposedAt), false, 9, Today);
        Assert.Equal(DateOnly.FromDateTime(match.ProposedAt).AddMonths(9), match.PlannedEndOn);
    }

    [Fact]
    public void StartMeeting_ForAnotherWomanOrOneNoLongerWaiting_IsRefused_AndChangesNothing()
    {
        var participant = Waiting();
        var other = Proposed();
        MatchLifecycle.VolunteerAnswers(other, false, true, Now);
        MatchLifecycle.RecordParticipantAnswer(other, true, null, Now);
        Assert.Equal("Match.NotWaiting", Assert.Throws<DomainRuleException>(() => MatchLifecycle.RecordStartMeeting(other, participant, Today, false, 12, Today)).Message);
        Assert.Equal((MatchStatus.AcceptedByParticipant, ParticipantStatus.Waiting), (other.Status, participant.Status));

        var hers = Proposed(participant);
        MatchLifecycle.VolunteerAnswers(hers, false, true, Now);
        MatchLifecycle.RecordParticipantAnswer(hers, true, null, Now);
        participant.Status = ParticipantStatus.Declined;
        Assert.Equal("Match.NotWaiting", Assert.Throws<DomainRuleException>(() => MatchLifecycle.RecordStartMeeting(hers, participant, Today, false, 12, Today)).Message);
        Assert.Equal(MatchStatus.AcceptedByParticipant, hers.Status);
        Assert.Null(hers.StartMeetingOn);
    }

    [Theory]
    [InlineData(MatchStatus.Proposed, true)]
    [InlineData(MatchStatus.AcceptedByVolunteer, true)]
    [InlineData(MatchStatus.AcceptedByParticipant, true)]
    [InlineData(MatchStatus.Active, false)]
    [InlineData(MatchStatus.Paused, false)]
    [InlineData(MatchStatus.Closed, false)]
    [InlineData(MatchStatus.Declined, false)]
    public void OnlyAProposalNotYetStarted_CanBeDeclined(MatchStatus status, bool allowed)
    {
        var match = Proposed();
        match.Status = status;
        if (allowed)
        {
            MatchLifecycle.Decline(match, MatchDeclinedBy.Coordinator, MatchDeclineReason.CoordinatorWithdrew, "  moved  ", Now);
            Assert.Equal((MatchStatus.Declined, "moved", (int?)null, (int?)null), (match.Status, match.DeclineNote, match.ParticipantSlot, match.VolunteerSlot));
        }
        else
        {
            Assert.Equal("Match.CannotDecline", Assert.Throws<DomainRuleException>(() =>
                MatchLifecycle.Decline(match, MatchDeclinedBy.Coordinator, MatchDeclineReason.Other, null, Now)).Message);
            Assert.Equal(status, match.Status);
        }
    }

    [Fact]
    public void RequirementsFlag_IsDecidedOnce_AndNeverChangesTheMatch()
    {
        var match = Proposed();
        match.Status = MatchStatus.Active;
        Assert.Equal("Match.NoOpenFlag", Assert.Throws<DomainRuleException>(() => MatchLifecycle.DecideOnRequirementsFlag(match, null, Now)).Message);

        match.RequirementsFlaggedAt = Now.AddDays(-1);
        var coordinator = Guid.NewGuid();
        MatchLifecycle.DecideOnRequirementsFlag(match, coordinator, Now);
        Assert.Equal((Now, coordinator, MatchStatus.Active), (match.RequirementsFlagDecidedAt, match.RequirementsFlagDecidedByUserId, match.Status));
        Assert.Throws<DomainRuleException>(() => MatchLifecycle.DecideOnRequirementsFlag(match, coordinator, Now));
    }
}
