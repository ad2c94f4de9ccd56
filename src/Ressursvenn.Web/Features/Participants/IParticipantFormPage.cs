namespace Ressursvenn.Web.Features.Participants;

/// <summary>A page that shows the participant fields (_ParticipantFields.cshtml): the referral form and the coordinator's edit page.</summary>
public interface IParticipantFormPage
{
    ParticipantForm Input { get; }

    ParticipantFormOptions Options { get; }
}
