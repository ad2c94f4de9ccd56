namespace Ressursvenn.Web.Domain;

/// <summary>
/// The national policy settings of DOMAIN.md §7 that the national admin sets. There is one row; its defaults are
/// the documented ones.
/// </summary>
public sealed class ProgrammeSettings : VersionedEntity
{
    public static readonly Guid SingletonId = new("00000000-0000-7000-8000-000000000001");

    public ProgrammeSettings() => Id = SingletonId;

    /// <summary>Working days within which an association must acknowledge a referral.</summary>
    public int AcknowledgeWorkingDays { get; set; } = 5;

    /// <summary>Working days after which an unacknowledged referral is reported to the national admin (as a count).</summary>
    public int EscalateWorkingDays { get; set; } = 10;

    /// <summary>Months after closure (or a declined referral) before her identity and red data are erased.</summary>
    public int ParticipantRetentionMonths { get; set; } = 12;

    /// <summary>A volunteer must have turned this age (DOMAIN.md §4.1, "has turned 25").</summary>
    public int VolunteerMinimumAge { get; set; } = 25;

    /// <summary>A police certificate issued more than this many months before it was shown is refused.</summary>
    public int PoliceCertificateMaxAgeMonths { get; set; } = 3;

    /// <summary>A seen police certificate must be renewed after this many years.</summary>
    public int PoliceCertificateRenewalYears { get; set; } = 3;

    /// <summary>Days before a requirement expires that the volunteer and coordinator are first reminded.</summary>
    public int RenewalFirstReminderDays { get; set; } = 60;

    /// <summary>Days before expiry of the second reminder.</summary>
    public int RenewalSecondReminderDays { get; set; } = 30;

    /// <summary>Months after a rejected or withdrawn application before it is erased.</summary>
    public int RejectedApplicationRetentionMonths { get; set; } = 6;

    /// <summary>Months after a volunteer leaves before her data is erased (the police-certificate record goes at once).</summary>
    public int VolunteerRetentionMonths { get; set; } = 24;

    /// <summary>
    /// Whether volunteers, like staff, must log in with a one-time code from an authenticator app. Off by default:
    /// a volunteer may then turn the code on for herself.
    /// </summary>
    public bool VolunteersRequireSecondFactor { get; set; }

    /// <summary>Months from the start meeting to a match's planned end (DOMAIN.md §4.3: 9–12, default 12).</summary>
    public int MatchPlannedMonths { get; set; } = 12;

    // The weights of the matching soft score (DOMAIN.md §5), each 0–100; they are normalised so a perfect fit scores 100.
    public int WeightDistance { get; set; } = 30;

    public int WeightInterests { get; set; } = 20;

    public int WeightAvailability { get; set; } = 20;

    public int WeightExtraLanguages { get; set; } = 5;

    public int WeightWishes { get; set; } = 10;

    public int WeightExperience { get; set; } = 5;

    public int WeightFairness { get; set; } = 10;

    /// <summary>How long a break-glass access lasts.</summary>
    public int BreakGlassMinutes { get; set; } = 30;
}
