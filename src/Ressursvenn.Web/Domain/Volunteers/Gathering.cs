namespace Ressursvenn.Web.Domain.Volunteers;

/// <summary>What kind of gathering for volunteers (docs/domain.md §4.1, "volunteer care").</summary>
public enum GatheringKind
{
    /// <summary>Veiledning.</summary>
    Supervision = 1,

    /// <summary>Erfaringssamling.</summary>
    ExperienceExchange = 2,

    /// <summary>Opplæringskveld; may be linked to a module of the training catalogue.</summary>
    TrainingSession = 3,
}

/// <summary>
/// A gathering of an association's volunteers: supervision, experience exchange or a training evening, with its time,
/// a short place name (never anyone's home address) and an optional note the association's volunteers see too. The
/// coordinators record who came (<see cref="GatheringAttendance"/>).
/// </summary>
public sealed class Gathering : VersionedEntity
{
    public Guid AssociationId { get; set; }

    public GatheringKind Kind { get; set; }

    /// <summary>When it starts (UTC; entered and shown in Oslo time).</summary>
    public DateTime StartsAt { get; set; }

    public required string Place { get; set; }

    /// <summary>A short practical note shown to the association's volunteers; encrypted, since someone may write a name in it.</summary>
    [Encrypted]
    public string? Note { get; set; }

    /// <summary>A training evening's module of the catalogue: recording attendance offers to mark it completed for those present.</summary>
    public Guid? TrainingModuleId { get; set; }

    public List<GatheringAttendance> Attendance { get; set; } = [];
}

/// <summary>One volunteer who came to a gathering. The association is kept on the row so the data scope can filter it.</summary>
public sealed class GatheringAttendance
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid GatheringId { get; set; }

    public Guid AssociationId { get; set; }

    public Guid VolunteerId { get; set; }

    public Guid? RecordedByUserId { get; set; }
}

/// <summary>What a renewal reminder is about (only the police certificate so far).</summary>
public enum RenewalKind
{
    PoliceCertificate = 1,
}

/// <summary>
/// That a volunteer and her coordinators were reminded of a renewal at one stage (first reminder, second reminder,
/// expired) for one due date. The unique key (volunteer, kind, due date, stage) makes a reminder happen once, however
/// many instances run the job; a renewed certificate has a new due date, so its reminders start afresh.
/// </summary>
public sealed class RenewalReminder
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid VolunteerId { get; set; }

    public Guid AssociationId { get; set; }

    public RenewalKind Kind { get; set; }

    /// <summary>The last valid day of what must be renewed, when the reminder was sent.</summary>
    public DateOnly DueOn { get; set; }

    public RenewalState Stage { get; set; }

    public DateTime SentAt { get; set; }
}

/// <summary>The rules of gatherings and attendance, pure and testable: who may be marked present, and what changes.</summary>
public static class GatheringRules
{
    /// <summary>A volunteer who may be marked present: approved or paused (an applicant or someone who left is not).</summary>
    public static bool MayAttend(Volunteer volunteer)
    {
        ArgumentNullException.ThrowIfNull(volunteer);
        return volunteer.Status is VolunteerStatus.Approved or VolunteerStatus.Paused;
    }

    /// <summary>Only a training evening is linked to a training module.</summary>
    public static bool MayHaveModule(GatheringKind kind) => kind == GatheringKind.TrainingSession;

    /// <summary>Attendance is recorded once the gathering has started.</summary>
    public static bool HasStarted(Gathering gathering, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(gathering);
        return gathering.StartsAt <= now;
    }

    /// <summary>
    /// Sets who came: returns the rows to add and to remove so the gathering's attendance equals <paramref name="present"/>.
    /// Every id must be one of <paramref name="allowed"/> (the association's volunteers who may attend, and those
    /// already recorded); an unknown one refuses the whole change.
    /// </summary>
    public static (IReadOnlyList<GatheringAttendance> Added, IReadOnlyList<GatheringAttendance> Removed) SetAttendance(
        Gathering gathering, IReadOnlyCollection<Guid> present, IReadOnlySet<Guid> allowed, Guid recordedBy)
    {
        ArgumentNullException.ThrowIfNull(gathering);
        ArgumentNullException.ThrowIfNull(present);
        ArgumentNullException.ThrowIfNull(allowed);
        if (present.Any(id => !allowed.Contains(id)))
        {
            throw new DomainRuleException("Common.UnknownChoice");
        }

        var wanted = present.ToHashSet();
        var removed = gathering.Attendance.Where(a => !wanted.Contains(a.VolunteerId)).ToList();
        var recorded = gathering.Attendance.Select(a => a.VolunteerId).ToHashSet();
        var added = wanted.Where(id => !recorded.Contains(id))
            .Select(id => new GatheringAttendance { GatheringId = gathering.Id, AssociationId = gathering.AssociationId, VolunteerId = id, RecordedByUserId = recordedBy })
            .ToList();
        foreach (var row in removed)
        {
            gathering.Attendance.Remove(row);
        }

        gathering.Attendance.AddRange(added);
        return (added, removed);
    }
}

/// <summary>When a renewal reminder is due (docs/domain.md §4.1): once per stage, never a stage already passed by a later one.</summary>
public static class RenewalReminders
{
    /// <summary>
    /// The stage to remind of now, or null: nothing is due while the requirement is valid, and a stage is reminded
    /// only when neither it nor a later stage was reminded for the same due date (a volunteer whose certificate was
    /// already in the second window when first seen by the job gets the second reminder only).
    /// </summary>
    public static RenewalState? Due(RenewalState current, IEnumerable<RenewalState> alreadyReminded)
    {
        ArgumentNullException.ThrowIfNull(alreadyReminded);
        if (current == RenewalState.Valid)
        {
            return null;
        }

        return alreadyReminded.Any(stage => stage >= current) ? null : current;
    }
}
