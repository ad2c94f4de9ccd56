using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Participants;

namespace Ressursvenn.UnitTests.Participants;

/// <summary>The lifecycle rules of docs/domain.md §4.2 and what the referring centre sees at each step.</summary>
public sealed class ParticipantLifecycleTests
{
    private static readonly DateTime Now = new(2026, 11, 25, 9, 0, 0, DateTimeKind.Utc);

    private static readonly Dictionary<ConsentKind, bool> AllConsents = Enum.GetValues<ConsentKind>().ToDictionary(k => k, _ => true);

    private static (Participant, Referral) Referred(Dictionary<ConsentKind, bool>? consents = null)
    {
        var participant = new Participant { Name = "Test", AssociationId = Guid.NewGuid() };
        var referral = ParticipantLifecycle.Refer(participant, Guid.NewGuid(), Guid.NewGuid(), consents ?? AllConsents, Now);
        return (participant, referral);
    }

    [Fact]
    public void NoReferral_WithoutConsentToRegistration()
    {
        var consents = AllConsents.ToDictionary(k => k.Key, k => k.Key != ConsentKind.Registration);
        var refused = Assert.Throws<DomainRuleException>(() => Referred(consents));
        Assert.Equal("Referral.ConsentRequired", refused.Message);
    }

    [Fact]
    public void Refer_RecordsEveryConsentItem_WithTimeVersionAndWho()
    {
        var (participant, referral) = Referred(AllConsents.ToDictionary(k => k.Key, k => k.Key != ConsentKind.Statistics));
        Assert.Equal(4, participant.Consents.Count);
        Assert.All(participant.Consents, c => Assert.Equal((Now, Consent.CurrentTextVersion), (c.RecordedAt, c.TextVersion)));
        Assert.All(participant.Consents, c => Assert.NotNull(c.RecordedByUserId));
        Assert.False(participant.HasConsent(ConsentKind.Statistics));
        Assert.False(referral.CountsInStatistics);
        Assert.Equal(ReferralStatus.Received, referral.Status);
        Assert.Matches("^H-[2-9B-DF-HJ-NP-TV-XZ]{6}$", referral.Reference);
    }

    [Fact]
    public void TheWaitingList_NeedsTheIntakeFirst_AndKeepsHerWaitingTime()
    {
        var (participant, referral) = Referred();
        Assert.Equal("Participant.IntakeFirst", Assert.Throws<DomainRuleException>(() => ParticipantLifecycle.PutOnWaitingList(participant, Now)).Message);

        ParticipantLifecycle.RecordIntake(participant, new Intake { HeldOn = new DateOnly(2026, 11, 25) }, Now.AddHours(1));
        Assert.Equal(ParticipantStatus.Intake, participant.Status);
        Assert.Equal(Now.AddHours(1), referral.AcknowledgedAt);

        ParticipantLifecycle.PutOnWaitingList(participant, Now.AddDays(1));
        Assert.Equal((ParticipantStatus.Waiting, ReferralStatus.Waiting), (participant.Status, referral.Status));
        Assert.Equal(Now.AddDays(1), participant.WaitingSince);
    }

    [Fact]
    public void Decline_SendsTheReasonCodeBackToTheCentre_AndStartsTheRetentionClock()
    {
        var (participant, referral) = Referred();
        ParticipantLifecycle.Decline(participant, DeclineReason.OutsideArea, Now);
        Assert.Equal((ReferralStatus.Declined, DeclineReason.OutsideArea, Now), (referral.Status, referral.DeclineReason!.Value, referral.ClosedAt!.Value));
        Assert.Equal(Now, referral.AcknowledgedAt);
        Assert.Equal((ParticipantStatus.Declined, Now), (participant.Status, participant.ClosedAt!.Value));
        Assert.Throws<DomainRuleException>(() => ParticipantLifecycle.Decline(participant, DeclineReason.Other, Now));
    }

    [Fact]
    public void Linking_MovesTheNewReferralToHerEarlierClosedRecord_WithTheNewDetails()
    {
        var (earlier, first) = Referred();
        ParticipantLifecycle.Decline(earlier, DeclineReason.NotReachable, Now);
        var fresh = new Participant { Name = "Test", AssociationId = earlier.AssociationId, SafetyMarker = null };
        fresh.Contact = new SafeContact { Phone = "+47 900 00 000" };
        var second = ParticipantLifecycle.Refer(fresh, Guid.NewGuid(), null, AllConsents, Now.AddMonths(2));

        ParticipantLifecycle.LinkToEarlierRecord(fresh, earlier, _ => null);
        Assert.Equal(ParticipantStatus.Referred, earlier.Status);
        Assert.Null(earlier.ClosedAt);
        Assert.Equal("+47 900 00 000", earlier.Contact.Phone);
        Assert.Equal([first, second], earlier.Referrals);
        Assert.Equal(earlier.Id, second.ParticipantId);
        Assert.Empty(fresh.Referrals);
        Assert.Equal(4, earlier.Consents.Count);
    }

    [Fact]
    public void Linking_IsRefusedWhileTheEarlierRecordIsOpen_OrAcrossAssociations()
    {
        var (earlier, _) = Referred();
        var (fresh, _) = Referred();
        fresh.AssociationId = earlier.AssociationId;
        Assert.Equal("Participant.EarlierStillOpen", Assert.Throws<DomainRuleException>(() => ParticipantLifecycle.LinkToEarlierRecord(fresh, earlier, _ => null)).Message);
        ParticipantLifecycle.Decline(earlier, DeclineReason.Other, Now);
        fresh.AssociationId = Guid.NewGuid();
        Assert.Equal("Participant.CannotLink", Assert.Throws<DomainRuleException>(() => ParticipantLifecycle.LinkToEarlierRecord(fresh, earlier, _ => null)).Message);
    }
}
