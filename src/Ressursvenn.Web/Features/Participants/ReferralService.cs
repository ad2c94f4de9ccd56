using System.Security.Claims;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Participants;

/// <summary>Creating a referral, shared by the referral page and the API.</summary>
public sealed class ReferralService(AppDbContext db, AuditTrail audit, TimeProvider clock, IHttpContextAccessor http)
{
    public async Task<Referral> CreateAsync(ParticipantForm form, Guid associationId, Guid crisisCentreId, IReadOnlyDictionary<ConsentKind, bool> consents)
    {
        ArgumentNullException.ThrowIfNull(form);
        var now = clock.GetUtcNow().UtcDateTime;
        var user = Guid.TryParse(http.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : (Guid?)null;
        var participant = new Participant { Name = form.Name!.Trim(), AssociationId = associationId };
        form.ApplyTo(participant);
        var referral = ParticipantLifecycle.Refer(participant, crisisCentreId, user, consents, now);
        db.Participants.Add(participant);
        audit.Record(AuditActions.ReferralCreated, nameof(Referral), referral.Id);
        audit.Record(AuditActions.ParticipantCreated, nameof(Participant), participant.Id);
        await db.SaveChangesAsync();
        return referral;
    }
}
