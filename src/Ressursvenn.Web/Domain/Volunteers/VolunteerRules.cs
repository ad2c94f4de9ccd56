namespace Ressursvenn.Web.Domain.Volunteers;

/// <summary>A requirement for approval that does not hold, as a resource key ("Requirement.{code}").</summary>
public enum Requirement
{
    Age = 1,
    Suitability = 2,
    PoliceCertificate = 3,
    PoliceCertificateExpired = 4,
    MandatoryTraining = 5,
    Declaration = 6,
    SecondCoordinator = 7,

    /// <summary>The seen certificate had been issued more than the set number of months before it was shown.</summary>
    PoliceCertificateTooOld = 8,
}

/// <summary>When something must be renewed: nothing due, first reminder, second reminder, expired.</summary>
public enum RenewalState
{
    Valid = 0,
    FirstReminder = 1,
    SecondReminder = 2,
    Expired = 3,
}

/// <summary>
/// The rules of docs/domain.md §4.1, pure and testable at their edges: eligibility, the police certificate's
/// age and renewal, mandatory training, the declaration, four-eyes approval.
/// </summary>
public static class VolunteerRules
{
    /// <summary>Her age in whole years on a date: she "has turned 25" on her 25th birthday (29 February counts on 1 March in other years).</summary>
    public static int AgeOn(DateOnly birthDate, DateOnly on)
    {
        var age = on.Year - birthDate.Year;
        if (on < AddYears(birthDate, age))
        {
            age--;
        }

        return age;
    }

    public static bool IsOldEnough(DateOnly birthDate, DateOnly on, ProgrammeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return AgeOn(birthDate, on) >= settings.VolunteerMinimumAge;
    }

    /// <summary>A certificate issued more than the set number of months before it was shown is refused.</summary>
    public static bool CertificateFreshWhenShown(DateOnly issuedOn, DateOnly shownOn, ProgrammeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return issuedOn <= shownOn && issuedOn >= shownOn.AddMonths(-settings.PoliceCertificateMaxAgeMonths);
    }

    /// <summary>The last day the seen certificate counts: the renewal period after it was shown.</summary>
    public static DateOnly CertificateValidUntil(PoliceCertificateRecord certificate, ProgrammeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(settings);
        return certificate.ShownOn.AddYears(settings.PoliceCertificateRenewalYears).AddDays(-1);
    }

    public static RenewalState Renewal(DateOnly validUntil, DateOnly today, ProgrammeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return today > validUntil ? RenewalState.Expired
            : today > validUntil.AddDays(-settings.RenewalSecondReminderDays) ? RenewalState.SecondReminder
            : today > validUntil.AddDays(-settings.RenewalFirstReminderDays) ? RenewalState.FirstReminder
            : RenewalState.Valid;
    }

    /// <summary>The mandatory, active modules she has not completed (a module added after her approval shows here too).</summary>
    public static IReadOnlyList<TrainingModule> MissingModules(Volunteer volunteer, IEnumerable<TrainingModule> catalogue)
    {
        ArgumentNullException.ThrowIfNull(volunteer);
        var done = volunteer.Training.Select(t => t.ModuleId).ToHashSet();
        return catalogue.Where(m => m.Mandatory && m.Active && !done.Contains(m.Id)).OrderBy(m => m.Name, StringComparer.CurrentCulture).ToList();
    }

    /// <summary>Every requirement for approval that does not hold today (empty = she may be approved, four-eyes aside).</summary>
    public static IReadOnlyList<Requirement> Missing(Volunteer volunteer, IEnumerable<TrainingModule> catalogue, DateOnly today, ProgrammeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(volunteer);
        var missing = new List<Requirement>();
        if (!IsOldEnough(volunteer.BirthDate, today, settings))
        {
            missing.Add(Requirement.Age);
        }

        if (volunteer.Interview?.Suitability != Suitability.Suitable)
        {
            missing.Add(Requirement.Suitability);
        }

        if (volunteer.PoliceCertificate is not { } certificate)
        {
            missing.Add(Requirement.PoliceCertificate);
        }
        else if (!CertificateFreshWhenShown(certificate.IssuedOn, certificate.ShownOn, settings))
        {
            // "Seen within policy" (docs/domain.md §4.1): a certificate that was already too old when shown does not count.
            missing.Add(Requirement.PoliceCertificateTooOld);
        }
        else if (Renewal(CertificateValidUntil(certificate, settings), today, settings) == RenewalState.Expired)
        {
            missing.Add(Requirement.PoliceCertificateExpired);
        }

        if (MissingModules(volunteer, catalogue).Count > 0)
        {
            missing.Add(Requirement.MandatoryTraining);
        }

        if (!volunteer.Declarations.Any(d => d.TextVersion == DeclarationSignature.CurrentTextVersion))
        {
            missing.Add(Requirement.Declaration);
        }

        return missing;
    }

    /// <summary>
    /// One approval step by a coordinator. Where the association has two or more coordinators, the first step only
    /// asks for approval and a different coordinator must confirm (four-eyes); with one coordinator her step approves.
    /// Refused with the missing requirements when any does not hold.
    /// </summary>
    public static ApprovalOutcome Approve(Volunteer volunteer, Guid coordinator, int coordinatorsInAssociation, IEnumerable<TrainingModule> catalogue, DateTime now, DateOnly today, ProgrammeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(volunteer);
        if (!volunteer.IsOpenApplication)
        {
            throw new DomainRuleException("Volunteer.NotAnApplication");
        }

        var missing = Missing(volunteer, catalogue, today, settings);
        if (missing.Count > 0)
        {
            return new ApprovalOutcome(false, missing);
        }

        if (coordinatorsInAssociation >= 2 && (volunteer.ApprovalRequestedBy is null || volunteer.ApprovalRequestedBy == coordinator))
        {
            volunteer.ApprovalRequestedBy = coordinator;
            return new ApprovalOutcome(false, [Requirement.SecondCoordinator]);
        }

        volunteer.Status = VolunteerStatus.Approved;
        volunteer.ApprovedAt = now;
        volunteer.ApprovedBy = coordinator;
        return new ApprovalOutcome(true, []);
    }

    private static DateOnly AddYears(DateOnly date, int years) =>
        date.Month == 2 && date.Day == 29 && !DateTime.IsLeapYear(date.Year + years) ? new DateOnly(date.Year + years, 3, 1) : date.AddYears(years);
}

public sealed record ApprovalOutcome(bool Approved, IReadOnlyList<Requirement> Missing);
