using Microsoft.AspNetCore.Mvc;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Security;
using Ressursvenn.Web.Security.Resources;

namespace Ressursvenn.Web.Features.Participants;

/// <summary>
/// A coordinator's page about one woman: her record is opened only through <see cref="ParticipantLoader"/>, which asks
/// the participant handler for the operation (her association's coordinators; anyone else gets the 404 a missing record
/// gets), and every page view writes one audit entry in the same transaction as nothing else (SR17). Every change goes
/// through <see cref="ParticipantService"/>.
/// </summary>
public abstract class ParticipantPageModel(AppDbContext db, ParticipantLoader access, AuditTrail audit, TimeProvider clock) : AppPageModel
{
    protected AppDbContext Db => db;

    protected AuditTrail Audit => audit;

    protected DateTime Now => clock.GetUtcNow().UtcDateTime;

    public Participant Participant { get; private set; } = null!;

    /// <summary>Opens her record for this request (a GET reads it, a post is a step); false means "answer 404".</summary>
    protected Task<bool> OpenAsync(Guid id) =>
        OpenAsync(id, HttpMethods.IsGet(Request.Method) || HttpMethods.IsHead(Request.Method) ? ParticipantOperation.Read : ParticipantOperation.Step);

    /// <summary>Opens her record for this operation; false means "answer 404".</summary>
    protected async Task<bool> OpenAsync(Guid id, ParticipantOperation operation)
    {
        var found = await access.LoadAsync(User, id, operation, HttpContext.RequestAborted);
        if (found is null)
        {
            return false;
        }

        Participant = found;
        return true;
    }

    /// <summary>Writes the one audit entry of a page view (a GET showing her data).</summary>
    protected async Task AuditViewAsync()
    {
        audit.Record(AuditActions.ParticipantViewed, nameof(Participant), Participant.Id);
        await db.SaveChangesAsync(HttpContext.RequestAborted);
    }

    protected RedirectResult BackToRecord() => Redirect($"/deltaker/{Participant.Id}");
}
