namespace Ressursvenn.Web.Domain.Volunteers;

/// <summary>Why a coordinator rejected an application: a short code for the audit trail, never free text.</summary>
public enum VolunteerRejectReason
{
    NotSuitable = 1,
    NoCapacity = 2,
    Other = 3,
}

/// <summary>
/// The coordinator's steps with an application (docs/domain.md §4.1), as rules a page cannot get around: the board moves
/// one step at a time (Applied → Interview → Checks → Training; approval is <see cref="VolunteerRules.Approve"/>),
/// the interview and suitability belong to an open application, a police certificate is accepted only when it was
/// fresh when shown, rejection and withdrawal end an application before approval, and only an approved or paused
/// volunteer leaves. A refused step throws <see cref="DomainRuleException"/> with a text key.
/// </summary>
public static class VolunteerScreening
{
    /// <summary>The next step of the board, or null where the next step is not a manual move (Training → approval).</summary>
    public static VolunteerStatus? NextStep(VolunteerStatus status) => status switch
    {
        VolunteerStatus.Applied => VolunteerStatus.Interview,
        VolunteerStatus.Interview => VolunteerStatus.Checks,
        VolunteerStatus.Checks => VolunteerStatus.Training,
        _ => null,
    };

    /// <summary>Still a volunteer of the programme (an open application, approved or paused): her record may be kept up to date.</summary>
    public static bool IsCurrent(Volunteer volunteer)
    {
        ArgumentNullException.ThrowIfNull(volunteer);
        return volunteer.IsOpenApplication || volunteer.Status is VolunteerStatus.Approved or VolunteerStatus.Paused;
    }

    /// <summary>She may get an account from the interview on, while she has none and is still in the programme.</summary>
    public static bool MayBeInvited(Volunteer volunteer)
    {
        ArgumentNullException.ThrowIfNull(volunteer);
        return volunteer.UserId is null && volunteer.Status is VolunteerStatus.Interview or VolunteerStatus.Checks
            or VolunteerStatus.Training or VolunteerStatus.Approved or VolunteerStatus.Paused;
    }

    public static void MoveOn(Volunteer volunteer)
    {
        ArgumentNullException.ThrowIfNull(volunteer);
        volunteer.Status = NextStep(volunteer.Status) ?? throw new DomainRuleException("Volunteer.CannotMoveOn");
    }

    /// <summary>Records (or corrects) the interview and suitability assessment of an open application.</summary>
    public static void RecordInterview(Volunteer volunteer, DateOnly heldOn, Guid interviewer, Suitability suitability, string? justification, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(volunteer);
        EnsureOpen(volunteer);
        if (heldOn > today || !Enum.IsDefined(suitability))
        {
            throw new DomainRuleException("Volunteer.InvalidInterview");
        }

        volunteer.Interview ??= new VolunteerInterview { VolunteerId = volunteer.Id };
        volunteer.Interview.HeldOn = heldOn;
        volunteer.Interview.InterviewerUserId = interviewer;
        volunteer.Interview.Suitability = suitability;
        volunteer.Interview.Justification = justification;
    }

    /// <summary>
    /// Records a police certificate as seen (also a renewal for an approved volunteer): refused when it was issued
    /// more than the set number of months before it was shown, or when it was shown in the future.
    /// </summary>
    public static void RecordCertificate(
        Volunteer volunteer, DateOnly shownOn, DateOnly issuedOn, string purpose, Guid checkedBy, DateOnly today, ProgrammeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(volunteer);
        EnsureCurrent(volunteer);
        if (shownOn > today)
        {
            throw new DomainRuleException("Certificate.ShownInFuture");
        }

        if (!VolunteerRules.CertificateFreshWhenShown(issuedOn, shownOn, settings))
        {
            throw new DomainRuleException("Certificate.TooOld");
        }

        volunteer.PoliceCertificate ??= new PoliceCertificateRecord { VolunteerId = volunteer.Id, Purpose = purpose };
        volunteer.PoliceCertificate.ShownOn = shownOn;
        volunteer.PoliceCertificate.IssuedOn = issuedOn;
        volunteer.PoliceCertificate.Purpose = purpose;
        volunteer.PoliceCertificate.CheckedByUserId = checkedBy;
    }

    /// <summary>
    /// Marks a module done on a date (or changes the date), or not done (null): returns the completion added or removed,
    /// so the caller can add it to or remove it from its store.
    /// </summary>
    public static (TrainingCompletion? Added, TrainingCompletion? Removed) RecordTraining(
        Volunteer volunteer, TrainingModule module, DateOnly? completedOn, Guid recordedBy, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(volunteer);
        ArgumentNullException.ThrowIfNull(module);
        EnsureCurrent(volunteer);
        var existing = volunteer.Training.FirstOrDefault(t => t.ModuleId == module.Id);
        if (completedOn is not { } on)
        {
            if (existing is null)
            {
                return (null, null);
            }

            volunteer.Training.Remove(existing);
            return (null, existing);
        }

        if (!module.Active || on > today)
        {
            throw new DomainRuleException("Training.InvalidCompletion");
        }

        if (existing is not null)
        {
            if (existing.CompletedOn != on)
            {
                existing.CompletedOn = on;
                existing.RecordedByUserId = recordedBy;
            }

            return (null, null);
        }

        var added = new TrainingCompletion { VolunteerId = volunteer.Id, ModuleId = module.Id, CompletedOn = on, RecordedByUserId = recordedBy };
        volunteer.Training.Add(added);
        return (added, null);
    }

    public static void Reject(Volunteer volunteer, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(volunteer);
        EnsureOpen(volunteer);
        volunteer.Status = VolunteerStatus.Rejected;
        volunteer.EndedAt = now;
        volunteer.ApprovalRequestedBy = null;
    }

    public static void Withdraw(Volunteer volunteer, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(volunteer);
        EnsureOpen(volunteer);
        volunteer.Status = VolunteerStatus.Withdrawn;
        volunteer.EndedAt = now;
        volunteer.ApprovalRequestedBy = null;
        volunteer.PausedAt = null;
    }

    /// <summary>"I need a break": an approved volunteer rests, and nobody proposes a match to her meanwhile.</summary>
    public static void Pause(Volunteer volunteer, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(volunteer);
        if (volunteer.Status != VolunteerStatus.Approved)
        {
            throw new DomainRuleException("MyPages.PauseNotPossible");
        }

        volunteer.Status = VolunteerStatus.Paused;
        volunteer.PausedAt = now;
    }

    /// <summary>"I'm ready again": a paused volunteer is approved and can be matched again.</summary>
    public static void Resume(Volunteer volunteer)
    {
        ArgumentNullException.ThrowIfNull(volunteer);
        if (volunteer.Status != VolunteerStatus.Paused)
        {
            throw new DomainRuleException("MyPages.PauseNotPossible");
        }

        volunteer.Status = VolunteerStatus.Approved;
        volunteer.PausedAt = null;
    }

    /// <summary>
    /// An approved or paused volunteer leaves: her police-certificate record goes at once (docs/domain.md §8); the
    /// returned record is the one the caller must delete from its store.
    /// </summary>
    public static PoliceCertificateRecord? Leave(Volunteer volunteer, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(volunteer);
        if (volunteer.Status is not (VolunteerStatus.Approved or VolunteerStatus.Paused))
        {
            throw new DomainRuleException("Volunteer.CannotLeave");
        }

        volunteer.Status = VolunteerStatus.Left;
        volunteer.EndedAt = now;
        volunteer.PausedAt = null;
        var certificate = volunteer.PoliceCertificate;
        volunteer.PoliceCertificate = null;
        return certificate;
    }

    private static void EnsureOpen(Volunteer volunteer)
    {
        if (!volunteer.IsOpenApplication)
        {
            throw new DomainRuleException("Volunteer.NotAnApplication");
        }
    }

    private static void EnsureCurrent(Volunteer volunteer)
    {
        if (!IsCurrent(volunteer))
        {
            throw new DomainRuleException("Volunteer.Ended");
        }
    }
}
