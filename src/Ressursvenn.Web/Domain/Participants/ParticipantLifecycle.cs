using System.Security.Cryptography;

namespace Ressursvenn.Web.Domain.Participants;

/// <summary>
/// The rules of docs/domain.md §4.2: Referred → Intake → Waiting → Matched → Closed, with the Declined exit. Each step
/// also moves the status the referring centre sees, so a centre is never left without an answer. Steps that do not
/// fit her current state are refused with a <see cref="DomainRuleException"/> whose message is a resource key.
/// </summary>
public static class ParticipantLifecycle
{
    /// <summary>A new referral for a new participant, with her itemised consent. Without consent to registration there is none.</summary>
    public static Referral Refer(Participant participant, Guid crisisCentreId, Guid? byUser, IReadOnlyDictionary<ConsentKind, bool> consents, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(participant);
        ArgumentNullException.ThrowIfNull(consents);
        if (!consents.GetValueOrDefault(ConsentKind.Registration))
        {
            throw new DomainRuleException("Referral.ConsentRequired");
        }

        participant.Status = ParticipantStatus.Referred;
        participant.Consents.AddRange(Enum.GetValues<ConsentKind>().Select(kind => new Consent
        {
            ParticipantId = participant.Id,
            Kind = kind,
            Given = consents.GetValueOrDefault(kind),
            RecordedAt = now,
            RecordedByUserId = byUser,
            TextVersion = Consent.CurrentTextVersion,
        }));
        var referral = new Referral
        {
            Reference = NewReference(),
            ParticipantId = participant.Id,
            AssociationId = participant.AssociationId,
            CrisisCentreId = crisisCentreId,
            CreatedByUserId = byUser,
            CreatedAt = now,
            Status = ReferralStatus.Received,
            CountsInStatistics = consents.GetValueOrDefault(ConsentKind.Statistics),
        };
        participant.Referrals.Add(referral);
        return referral;
    }

    /// <summary>
    /// Links a new referral to her earlier record (a new crisis-centre stay): the earlier record takes the new
    /// details and the new referral, so the coordinator sees her history; the duplicate record is to be deleted. When
    /// either record is protected (SR1) the linked record keeps only a coarse area (a county): no postal code or
    /// municipality is ever brought into it; <paramref name="countyOf"/> gives a municipality's county for that. Her
    /// newest answer on statistics holds for all her referrals.
    /// </summary>
    public static void LinkToEarlierRecord(Participant fresh, Participant earlier, Func<string, string?> countyOf)
    {
        ArgumentNullException.ThrowIfNull(countyOf);
        ArgumentNullException.ThrowIfNull(fresh);
        ArgumentNullException.ThrowIfNull(earlier);
        if (fresh.Id == earlier.Id || fresh.AssociationId != earlier.AssociationId || fresh.Status != ParticipantStatus.Referred)
        {
            throw new DomainRuleException("Participant.CannotLink");
        }

        if (earlier.IsOpen)
        {
            throw new DomainRuleException("Participant.EarlierStillOpen");
        }

        earlier.Name = fresh.Name;
        earlier.ContactData = fresh.ContactData;
        earlier.IsProtected = fresh.IsProtected || earlier.IsProtected;
        if (earlier.IsProtected)
        {
            var area = fresh.Area;
            var county = area.CoarseCountyCode
                ?? (area.MunicipalityCode is { } municipality ? countyOf(municipality) : null)
                ?? earlier.Area.CoarseCountyCode;
            earlier.Area = new Area { CoarseCountyCode = county };
        }
        else
        {
            earlier.AreaData = fresh.AreaData;
        }

        earlier.ProfileData = fresh.ProfileData;
        earlier.RiskData = fresh.RiskData;
        earlier.Status = ParticipantStatus.Referred;
        earlier.ClosedAt = null;
        earlier.WaitingSince = null;
        earlier.Intake = null;
        foreach (var referral in fresh.Referrals.ToList())
        {
            referral.ParticipantId = earlier.Id;
            fresh.Referrals.Remove(referral);
            earlier.Referrals.Add(referral);
        }

        // Her newest consent is the one that holds: the new record's consent rows move to the earlier record.
        earlier.Consents.Clear();
        foreach (var consent in fresh.Consents.ToList())
        {
            consent.ParticipantId = earlier.Id;
            fresh.Consents.Remove(consent);
            earlier.Consents.Add(consent);
        }

        // So does her newest answer on statistics, for the earlier referrals too.
        var counted = earlier.HasConsent(ConsentKind.Statistics);
        foreach (var referral in earlier.Referrals)
        {
            referral.CountsInStatistics = counted;
        }
    }

    /// <summary>The association confirms it has received the referral (the acknowledgement deadline is met).</summary>
    public static void Acknowledge(Participant participant, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(participant);
        var referral = OpenReferral(participant);
        referral.AcknowledgedAt ??= now;
        if (participant.Status == ParticipantStatus.Referred)
        {
            participant.Status = ParticipantStatus.Intake;
        }
    }

    public static void RecordIntake(Participant participant, Intake intake, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(participant);
        if (participant.Status is not (ParticipantStatus.Referred or ParticipantStatus.Intake or ParticipantStatus.Waiting))
        {
            throw new DomainRuleException("Participant.NotInIntake");
        }

        Acknowledge(participant, now);
        participant.Intake = intake;
    }

    /// <summary>After the intake she waits for a volunteer; her waiting time counts from the first time she was put on the list.</summary>
    public static void PutOnWaitingList(Participant participant, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(participant);
        if (participant.Status is not (ParticipantStatus.Intake or ParticipantStatus.Referred) || participant.Intake is null)
        {
            throw new DomainRuleException("Participant.IntakeFirst");
        }

        Acknowledge(participant, now);
        participant.Status = ParticipantStatus.Waiting;
        participant.WaitingSince ??= now;
        OpenReferral(participant).Status = ReferralStatus.Waiting;
    }

    /// <summary>Declines (or ends the wait with "no suitable volunteer"): the centre gets the reason code.</summary>
    public static void Decline(Participant participant, DeclineReason reason, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(participant);
        if (participant.Status is not (ParticipantStatus.Referred or ParticipantStatus.Intake or ParticipantStatus.Waiting))
        {
            throw new DomainRuleException("Participant.CannotDecline");
        }

        var referral = OpenReferral(participant);
        referral.AcknowledgedAt ??= now;
        referral.Status = ReferralStatus.Declined;
        referral.DeclineReason = reason;
        referral.ClosedAt = now;
        participant.Status = ParticipantStatus.Declined;
        participant.ClosedAt = now;
    }

    /// <summary>The referral the centre is waiting on: the newest one not yet closed.</summary>
    public static Referral OpenReferral(Participant participant)
    {
        ArgumentNullException.ThrowIfNull(participant);
        return participant.Referrals.Where(r => r.ClosedAt is null).OrderByDescending(r => r.CreatedAt).FirstOrDefault()
            ?? throw new DomainRuleException("Participant.NoOpenReferral");
    }

    /// <summary>A short reference without meaning, e.g. "H-7K2QX9" (no vowels-only words, no look-alike characters).</summary>
    public static string NewReference()
    {
        const string alphabet = "23456789BCDFGHJKLMNPQRSTVWXZ";
        Span<char> chars = stackalloc char[6];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        }

        return "H-" + new string(chars);
    }
}
