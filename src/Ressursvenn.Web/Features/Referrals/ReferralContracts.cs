using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Features.Participants;

namespace Ressursvenn.Web.Features.Referrals;

/// <summary>
/// A referral as the API shows it: what the referring centre may see (a status, never a name, never a volunteer), and
/// for the receiving association's coordinators also the participant it concerns.
/// </summary>
public sealed record ReferralResponse(
    Guid Id,
    string Reference,
    DateTime SentAt,
    string AssociationName,
    ReferralStatus Status,
    DeclineReason? DeclineReason,
    DateOnly? StartMeetingOn,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [property: Description("Coordinators only: the participant the referral concerns.")]
    Guid? ParticipantId);

/// <summary>A new referral: the participant fields of the referral form, the receiving association and her itemised consent.</summary>
public sealed class CreateReferralRequest : ParticipantForm
{
    [Display(Name = "Referral.Association")]
    [Description("One of the local associations the crisis centre works with.")]
    public Guid? AssociationId { get; set; }

    [Description("Her itemised consent; registration is required.")]
    public ReferralConsents? Consents { get; set; }
}

public sealed class ReferralConsents
{
    public bool Registration { get; set; }

    public bool ShareWithVolunteer { get; set; }

    public bool Feedback { get; set; }

    public bool Statistics { get; set; }
}

public sealed record CreatedReferralResponse(Guid Id, string Reference, ReferralStatus Status);
