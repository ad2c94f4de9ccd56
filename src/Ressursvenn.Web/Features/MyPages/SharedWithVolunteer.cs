using Ressursvenn.Web.Domain.Participants;

namespace Ressursvenn.Web.Features.MyPages;

/// <summary>
/// What the volunteer of a running match (active or paused) may know of the woman: exactly what the woman agreed to
/// share with her (the consent "share with the volunteer", <see cref="ConsentKind.ShareWithVolunteer"/>, whose text
/// names her first name, the safe way to contact her and her needs) — no more, no less; without that consent,
/// nothing. The one definition of the volunteer's view: the page (MyMatch) renders every property and the API
/// (GET /api/v1/me/match) serialises this record as it is, so the two cannot drift apart (a test holds them together).
/// Her languages and interests are not part of it: the consent text does not name them (the volunteer read them,
/// anonymised, in the proposal).
/// </summary>
public sealed record SharedWithVolunteer(
    string Name,
    SharedContact Contact,
    IReadOnlyList<string> Needs)
{
    /// <summary>What the woman agreed to share, or null when she did not agree (or withdrew that consent).</summary>
    public static SharedWithVolunteer? Of(Participant woman)
    {
        ArgumentNullException.ThrowIfNull(woman);
        if (!woman.HasConsent(ConsentKind.ShareWithVolunteer))
        {
            return null;
        }

        var contact = woman.Contact;
        return new SharedWithVolunteer(
            woman.Name,
            new SharedContact(
                contact.Channel,
                // The number or the address of the agreed channel only.
                contact.Channel is ContactChannel.Phone or ContactChannel.Sms ? contact.Phone : null,
                contact.Channel == ContactChannel.Email ? contact.Email : null,
                contact.SafeTimes, contact.MayLeaveMessage, contact.CodeWord),
            woman.Profile.Needs);
    }
}

/// <summary>The agreed safe way to contact her: the channel, and only that channel's number or address.</summary>
public sealed record SharedContact(
    ContactChannel Channel,
    string? Phone,
    string? Email,
    string? SafeTimes,
    bool MayLeaveMessage,
    string? CodeWord);
