namespace Ressursvenn.Web.Domain;

/// <summary>
/// The national policy settings of docs/domain.md §7 that the national admin sets. There is one row; its defaults are
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

    /// <summary>A volunteer must have turned this age (docs/domain.md §4.1, "has turned 25").</summary>
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

    /// <summary>The most women a volunteer may have at a time (docs/domain.md §5.2: 1 by default per volunteer, at most 2).</summary>
    public int VolunteerMaxCapacity { get; set; } = 2;

    /// <summary>Months from the start meeting to a match's planned end (docs/domain.md §4.3: 9–12, default 12).</summary>
    public int MatchPlannedMonths { get; set; } = 12;

    // The weights of the matching soft score (docs/domain.md §5), each 0–100; they are normalised so a perfect fit scores 100.
    public int WeightDistance { get; set; } = 30;

    public int WeightInterests { get; set; } = 20;

    public int WeightAvailability { get; set; } = 20;

    public int WeightExtraLanguages { get; set; } = 5;

    public int WeightWishes { get; set; } = 10;

    public int WeightExperience { get; set; } = 5;

    public int WeightFairness { get; set; } = 10;

    /// <summary>
    /// The participants the programme accepts (docs/domain.md §7): codes of <see cref="Catalogues.Genders"/>, comma-separated.
    /// Women by default; an association may open for men later, so nothing else assumes it.
    /// </summary>
    public string ParticipantGenders { get; set; } = "female";

    /// <summary>The languages the forms offer (codes of <see cref="Catalogues.Languages"/>, comma-separated); all by default.</summary>
    public string LanguagesOffered { get; set; } = string.Join(',', Catalogues.Languages);

    /// <summary>The accepted genders, in the catalogue's order (women when the stored value names none the catalogue knows).</summary>
    public IReadOnlyList<string> AcceptedGenders() => Codes(ParticipantGenders, Catalogues.Genders, "female");

    /// <summary>The languages offered, in the catalogue's order (all when the stored value names none the catalogue knows).</summary>
    public IReadOnlyList<string> OfferedLanguages() => Codes(LanguagesOffered, Catalogues.Languages, null);

    private static IReadOnlyList<string> Codes(string? stored, IReadOnlyList<string> catalogue, string? fallback)
    {
        var chosen = (stored ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var known = catalogue.Where(c => chosen.Contains(c, StringComparer.Ordinal)).ToList();
        return known.Count > 0 ? known : fallback is null ? catalogue : [fallback];
    }

    /// <summary>How long a break-glass access lasts.</summary>
    public int BreakGlassMinutes { get; set; } = 30;
}
