using Ressursvenn.Web.Domain.Participants;

namespace Ressursvenn.Web.Domain.Volunteers;

/// <summary>docs/domain.md §4.1: Applied → Interview → Checks → Training → Approved → Paused → Left; Rejected and Withdrawn before approval.</summary>
public enum VolunteerStatus
{
    Applied = 0,
    Interview = 1,
    Checks = 2,
    Training = 3,
    Approved = 4,
    Paused = 5,
    Left = 6,
    Rejected = 7,
    Withdrawn = 8,
}

public enum Suitability
{
    Suitable = 1,
    NotSuitable = 2,
    NeedsFollowUp = 3,
}

/// <summary>
/// A volunteer (ressursvenn), from her application on. Her name and contact details are encrypted (SR16); her
/// municipality and birth date stay plain because matching filters on them. Everything she wrote about herself
/// (motivation, experience, networks) is in the encrypted <see cref="ProfileData"/>.
/// </summary>
public sealed class Volunteer : VersionedEntity
{
    public Guid AssociationId { get; set; }

    public VolunteerStatus Status { get; set; }

    [Encrypted]
    public required string Name { get; set; }

    [Encrypted]
    public required string Email { get; set; }

    [Encrypted]
    public string? Phone { get; set; }

    public DateOnly BirthDate { get; set; }

    public required string MunicipalityCode { get; set; }

    public string? PostalCode { get; set; }

    /// <summary>Weekday × part of day as bits (Monday morning = bit 0, … Sunday evening = bit 20), as the matching engine reads it.</summary>
    public int Availability { get; set; }

    public int MaxTravelKm { get; set; } = 20;

    /// <summary>Simultaneous matches she may have (1, at most 2).</summary>
    public int Capacity { get; set; } = 1;

    /// <summary>Set by a coordinator at a closure (docs/domain.md §4.3): she is never suggested or proposed again.</summary>
    public bool NotToBeMatchedAgain { get; set; }

    /// <summary>Why she is not to be matched again; for her association's coordinators only.</summary>
    [Encrypted]
    public string? NotToBeMatchedAgainReason { get; set; }

    [Encrypted]
    public string? ProfileData { get; set; }

    public DateTime AppliedAt { get; set; }

    public DateTime? ApprovedAt { get; set; }

    public DateTime? PausedAt { get; set; }

    /// <summary>When she left, or her application was rejected or withdrawn; retention counts from here.</summary>
    public DateTime? EndedAt { get; set; }

    /// <summary>Her account (by invitation, so she can sign the declaration and see her pages).</summary>
    public Guid? UserId { get; set; }

    /// <summary>The coordinator who asked for approval; a second coordinator must confirm where there are two or more.</summary>
    public Guid? ApprovalRequestedBy { get; set; }

    public Guid? ApprovedBy { get; set; }

    public VolunteerInterview? Interview { get; set; }

    public PoliceCertificateRecord? PoliceCertificate { get; set; }

    public List<TrainingCompletion> Training { get; set; } = [];

    public List<DeclarationSignature> Declarations { get; set; } = [];

    public VolunteerProfile Profile
    {
        get => EncryptedDocument.Read<VolunteerProfile>(ProfileData);
        set => ProfileData = EncryptedDocument.Write(value);
    }

    public bool IsOpenApplication => Status is VolunteerStatus.Applied or VolunteerStatus.Interview or VolunteerStatus.Checks or VolunteerStatus.Training;
}

public sealed record VolunteerProfile
{
    public IReadOnlyList<string> Languages { get; init; } = [];

    public IReadOnlyList<string> Interests { get; init; } = [];

    public string? Motivation { get; init; }

    public string? Experience { get; init; }

    /// <summary>The free text of communities she belonged to, as kept before networks were entries; read through <see cref="NetworkList"/>.</summary>
    public string? Networks { get; init; }

    /// <summary>
    /// Communities, family names and groups she belongs to, one entry each (a matching rule keeps her from women who
    /// must avoid them). Asked at her application and at screening, kept up to date by her; every change is audited.
    /// </summary>
    public IReadOnlyList<string> NetworkEntries { get; init; } = [];

    /// <summary>Her networks as entries (the entries, or the older free text split into entries).</summary>
    public IReadOnlyList<string> NetworkList() => NetworkEntries.Count > 0 ? NetworkEntries : NetworkText.Entries(Networks);
}

/// <summary>Networks typed as text (one per line; commas, semicolons and slashes also separate) as a list of entries.</summary>
public static class NetworkText
{
    public const int MaxEntries = 20;
    public const int MaxEntryLength = 100;

    private static readonly char[] Separators = [',', ';', '/', '|', '\n', '\r'];

    public static IReadOnlyList<string> Entries(string? text) =>
        string.IsNullOrWhiteSpace(text) ? []
            : text.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Distinct(StringComparer.CurrentCultureIgnoreCase).ToList();

    /// <summary>The entries as a form shows them: one per line.</summary>
    public static string Text(IEnumerable<string> entries) => string.Join('\n', entries);

    /// <summary>Whether typed entries are within the limits (count and length).</summary>
    public static bool WithinLimits(IReadOnlyList<string> entries) =>
        entries.Count <= MaxEntries && entries.All(e => e.Length <= MaxEntryLength);
}

/// <summary>The interview and the coordinator's suitability assessment.</summary>
public sealed class VolunteerInterview
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid VolunteerId { get; set; }

    public DateOnly HeldOn { get; set; }

    public Guid? InterviewerUserId { get; set; }

    public Suitability Suitability { get; set; }

    [Encrypted]
    public string? Justification { get; set; }
}

/// <summary>A police certificate as *seen* (politiattest): dates, who checked it, purpose. No copy or scan exists anywhere.</summary>
public sealed class PoliceCertificateRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid VolunteerId { get; set; }

    public DateOnly ShownOn { get; set; }

    public DateOnly IssuedOn { get; set; }

    public Guid? CheckedByUserId { get; set; }

    public required string Purpose { get; set; }
}

/// <summary>A module of the national training catalogue.</summary>
public sealed class TrainingModule : VersionedEntity
{
    public required string Name { get; set; }

    public bool Mandatory { get; set; }

    public bool Active { get; set; } = true;
}

public sealed class TrainingCompletion
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid VolunteerId { get; set; }

    public Guid ModuleId { get; set; }

    public DateOnly CompletedOn { get; set; }

    public Guid? RecordedByUserId { get; set; }
}

/// <summary>Her signature of the confidentiality declaration, with the text's version; the duty lasts after she leaves.</summary>
public sealed class DeclarationSignature
{
    public const string CurrentTextVersion = "2026-1";

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid VolunteerId { get; set; }

    public required string TextVersion { get; set; }

    public DateTime SignedAt { get; set; }
}
