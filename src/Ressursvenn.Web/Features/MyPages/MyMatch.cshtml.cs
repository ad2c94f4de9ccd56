using Microsoft.AspNetCore.Mvc;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Matching;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Features.Matching;
using Ressursvenn.Web.Security;
using Ressursvenn.Web.Security.Resources;

namespace Ressursvenn.Web.Features.MyPages;

/// <summary>
/// The volunteer's running match (active or paused), role-shaped (SR7, docs/domain.md §3): exactly what the woman agreed
/// to share with her (<see cref="SharedWithVolunteer"/>: her first name, the safe way to contact her and her needs),
/// nothing without that consent. Nothing else of her record reaches this page: the model holds only that projection.
/// Every view is audited.
/// </summary>
public sealed class MyMatchModel(AppDbContext db, MyVolunteer mine, AuditTrail audit, TimeProvider clock, MatchLoader loader, MyMatches matches)
    : MyPageModel(db, mine, audit, clock)
{
    /// <summary>What the woman agreed to share with the volunteer; null when she did not agree.</summary>
    public SharedWithVolunteer? Woman { get; private set; }

    public bool IsPaused { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        if (!await OpenAsync())
        {
            return Denied();
        }

        var match = await loader.LoadAsync(User, id, MatchOperation.Read, ct);
        if (match is null || !MyMatches.IsRunning(match.Status) || await matches.WomanAsync(match, Me!, MyMatches.View.Contact, ct) is not { } woman)
        {
            return Denied();
        }

        Woman = SharedWithVolunteer.Of(woman);
        IsPaused = match.Status == MatchStatus.Paused;
        Audit.Record(AuditActions.MatchViewed, MatchWorkflowService.EntityType, match.Id);
        await Db.SaveChangesAsync(ct);
        return Page();
    }
}
