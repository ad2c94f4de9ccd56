using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Ressursvenn.Web.Domain.Participants;

namespace Ressursvenn.Web.Features.Participants;

/// <summary>One row of a coordinator's participant list.</summary>
public sealed record ParticipantSummary(Guid Id, string Name, ParticipantStatus Status, bool IsProtected, DateTime? WaitingSince, DateTime? ReferredAt);

/// <summary>A participant's record, for her association's coordinators.</summary>
public sealed record ParticipantRecord(
    Guid Id,
    [property: Description("The record's version: send it back as If-Match: \"<version>\" to change the record only if nobody else has.")]
    long Version,
    Guid AssociationId,
    string Name,
    ParticipantStatus Status,
    bool IsProtected,
    DateTime? WaitingSince,
    DateTime? ClosedAt,
    string? SafetyMarker,
    SafeContact Contact,
    Area Area,
    ParticipantProfile Profile,
    RiskInformation Risk,
    Intake? Intake,
    IReadOnlyList<ConsentResponse> Consents,
    IReadOnlyList<ParticipantReferralResponse> Referrals,
    IReadOnlyList<NoteResponse> Notes)
{
    public static ParticipantRecord From(Participant p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new ParticipantRecord(
            p.Id, p.Version, p.AssociationId, p.Name, p.Status, p.IsProtected, p.WaitingSince, p.ClosedAt, p.SafetyMarker,
            p.Contact, p.Area, p.Profile, p.Risk, p.Intake,
            p.Consents.OrderBy(c => c.Kind).Select(c => new ConsentResponse(c.Kind, c.Given, c.RecordedAt, c.TextVersion, c.WithdrawnAt)).ToList(),
            p.Referrals.OrderByDescending(r => r.CreatedAt)
                .Select(r => new ParticipantReferralResponse(r.Id, r.Reference, r.Status, r.CreatedAt, r.AcknowledgedAt, r.DeclineReason, r.ClosedAt)).ToList(),
            p.Notes.OrderByDescending(n => n.CreatedAt).Select(n => new NoteResponse(n.Text, n.CreatedAt)).ToList());
    }
}

public sealed record ConsentResponse(ConsentKind Kind, bool Given, DateTime RecordedAt, string TextVersion, DateTime? WithdrawnAt);

public sealed record ParticipantReferralResponse(
    Guid Id, string Reference, ReferralStatus Status, DateTime SentAt, DateTime? AcknowledgedAt, DeclineReason? DeclineReason, DateTime? ClosedAt);

public sealed record NoteResponse(string Text, DateTime CreatedAt);

/// <summary>Where she is after a step, with the record's new version (also sent as the ETag).</summary>
public sealed record ParticipantStateResponse(Guid Id, long Version, ParticipantStatus Status, ReferralStatus? ReferralStatus);

public sealed class DeclineRequest
{
    [Description("Why she is declined; the referring centre is told this code.")]
    public DeclineReason? Reason { get; set; }
}
