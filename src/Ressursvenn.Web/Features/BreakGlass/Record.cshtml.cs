using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Features.Participants;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.BreakGlass;

/// <summary>
/// A record opened under break-glass (SR8), read-only, for the national admin who holds an unexpired access of her
/// own; anyone else, and she after it has expired, gets the 404 a missing record gets. Every view is audited.
/// </summary>
public sealed class RecordModel(AppDbContext db, ParticipantAccess access, ParticipantDetailsBuilder details, AuditTrail audit, TimeProvider clock)
    : AppPageModel
{
    public ParticipantDetails Details { get; private set; } = null!;

    /// <summary>When her access ends (UTC).</summary>
    public DateTime ExpiresAt { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        var participant = await access.FindByBreakGlassAsync(id, ct);
        if (participant is null)
        {
            return Denied();
        }

        var userId = Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!);
        var now = clock.GetUtcNow().UtcDateTime;
        ExpiresAt = await db.BreakGlassAccesses.IgnoreQueryFilters()
            .Where(b => b.ParticipantId == id && b.UserId == userId && b.ExpiresAt > now)
            .OrderByDescending(b => b.ExpiresAt)
            .Select(b => b.ExpiresAt)
            .FirstOrDefaultAsync(ct);
        Details = await details.BuildAsync(participant, ct);
        audit.Record(AuditActions.BreakGlassViewed, nameof(Participant), participant.Id);
        await db.SaveChangesAsync(ct);
        return Page();
    }
}
