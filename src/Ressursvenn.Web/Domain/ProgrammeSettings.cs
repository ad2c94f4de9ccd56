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

    /// <summary>How long a break-glass access lasts.</summary>
    public int BreakGlassMinutes { get; set; } = 30;
}
