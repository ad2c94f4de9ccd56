using System.ComponentModel;
using System.Text.Json.Serialization;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Features.MyPages;

namespace Ressursvenn.Web.Features.Volunteers;

/// <summary>One row of a coordinator's volunteer list.</summary>
public sealed record VolunteerSummary(
    Guid Id,
    string Name,
    VolunteerStatus Status,
    DateTime AppliedAt,
    DateTime? ApprovedAt,
    [property: Description("For an open application: the requirements for approval that do not hold today.")]
    IReadOnlyList<Requirement> Missing);

/// <summary>A requirement for approval that does not hold, with its text in the user's language.</summary>
public sealed record RequirementResponse(Requirement Code, string Text);

public sealed record InterviewResponse(DateOnly HeldOn, Suitability Suitability, string? Justification, Guid? InterviewerUserId);

/// <summary>The police certificate as seen (no copy exists), and when it must be renewed.</summary>
public sealed record PoliceCertificateResponse(DateOnly ShownOn, DateOnly IssuedOn, string Purpose, Guid? CheckedByUserId, DateOnly ValidUntil, RenewalState Renewal);

public sealed record TrainingCompletionResponse(Guid ModuleId, string? ModuleName, DateOnly CompletedOn);

public sealed record TrainingModuleResponse(Guid ModuleId, string ModuleName);

public sealed record DeclarationResponse(string TextVersion, DateTime SignedAt, bool IsCurrent);

/// <summary>A volunteer's record, for her association's coordinators.</summary>
public sealed record VolunteerRecord(
    Guid Id,
    [property: Description("The record's version: send it back as If-Match: \"<version>\" to change the record only if nobody else has.")]
    long Version,
    Guid AssociationId,
    string Name,
    string Email,
    string? Phone,
    DateOnly BirthDate,
    string MunicipalityCode,
    string? PostalCode,
    VolunteerStatus Status,
    [property: Description("Weekday × part of day as bits: Monday morning = bit 0, Monday afternoon = bit 1, ... Sunday evening = bit 20.")]
    int Availability,
    int MaxTravelKm,
    int Capacity,
    VolunteerProfile Profile,
    DateTime AppliedAt,
    DateTime? ApprovedAt,
    DateTime? PausedAt,
    DateTime? EndedAt,
    bool HasAccount,
    [property: Description("The coordinator who asked for approval; a different coordinator must confirm where the association has two or more.")]
    Guid? ApprovalRequestedBy,
    Guid? ApprovedBy,
    [property: Description("For an open application: the requirements for approval that do not hold today.")]
    IReadOnlyList<RequirementResponse> Missing,
    [property: Description("Mandatory modules she has not done (for an approved volunteer: modules added since her approval).")]
    IReadOnlyList<TrainingModuleResponse> MissingModules,
    InterviewResponse? Interview,
    PoliceCertificateResponse? PoliceCertificate,
    IReadOnlyList<TrainingCompletionResponse> Training,
    IReadOnlyList<DeclarationResponse> Declarations);

/// <summary>Where she is after a step, with the record's new version (also sent as the ETag).</summary>
public sealed record VolunteerStateResponse(Guid Id, long Version, VolunteerStatus Status);

public enum ApprovalState
{
    /// <summary>Asked for; a different coordinator of her association must confirm (four-eyes).</summary>
    [JsonStringEnumMemberName("awaitingSecondCoordinator")]
    AwaitingSecondCoordinator,

    [JsonStringEnumMemberName("approved")]
    Approved,
}

/// <summary>The answer to an approval step: approved (200), or waiting for a second coordinator (202).</summary>
public sealed record ApprovalResponse(Guid Id, long Version, VolunteerStatus Status, ApprovalState State);

/// <summary>A module done on a date, or not done (completedOn left out or null).</summary>
public sealed class TrainingRequest
{
    [Description("An active module of the training catalogue.")]
    public Guid? ModuleId { get; set; }

    [PlausibleDate(nameof(Domain.Input.PlausibleDates.Completed))]
    [Description("The day she completed it; not in the future. Null marks the module as not done.")]
    public DateOnly? CompletedOn { get; set; }
}

/// <summary>A volunteer's own record as her pages show it: her status, what is left, training and the declaration.</summary>
public sealed record MyVolunteerResponse(
    Guid Id,
    long Version,
    VolunteerStatus Status,
    [property: Description("While she applies: what is left before she can be approved.")]
    IReadOnlyList<RequirementResponse> Missing,
    IReadOnlyList<CompletedModule> TrainingDone,
    [property: Description("Mandatory modules she has not done; isNew when added after she was approved.")]
    IReadOnlyList<ModuleToDo> TrainingToDo,
    DateOnly? PoliceCertificateValidUntil,
    RenewalState? PoliceCertificateRenewal,
    IReadOnlyList<DeclarationResponse> Declarations,
    bool DeclarationIsCurrent);
