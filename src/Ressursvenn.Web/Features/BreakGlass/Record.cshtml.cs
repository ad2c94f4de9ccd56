using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Features.Participants;
using Ressursvenn.Web.Security;
using Ressursvenn.Web.Security.Resources;

namespace Ressursvenn.Web.Features.BreakGlass;

/// <summary>
/// A record opened under break-glass (SR8), read-only, for the national admin who holds an unexpired access of her
/// own; anyone else, and she after it has expired, gets the 404 a missing record gets. Every view is audited.
/// </summary>
public sealed class RecordModel(AppDbContext db, ParticipantLoader access, ParticipantDetailsBuilder details, AuditTrail audit)
    : AppPageModel
{
    public ParticipantDetails Details { get; private set; } = null!;

    /// <summary>When her access ends (UTC).</summary>
    public DateTime ExpiresAt { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        var participant = await access.LoadAsync(User, id, ParticipantOperation.BreakGlass, ct);
        if (participant is null)
        {
            return Denied();
        }

        var userId = Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!);
        ExpiresAt = await access.BreakGlassExpiresAtAsync(userId, participant.Id, ct) ?? default;
        Details = await details.BuildAsync(participant, ct);
        audit.Record(AuditActions.BreakGlassViewed, nameof(Participant), participant.Id);
        await db.SaveChangesAsync(ct);
        return Page();
    }
}
