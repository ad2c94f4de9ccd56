using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Participants;

namespace Ressursvenn.Web.Features.Referrals;

/// <summary>
/// The referring centre's view: its own referrals and their status (received / waiting / matched / closed /
/// declined with a reason), never the volunteer and never another centre's referrals (docs/domain.md §3). The list is
/// scoped by the data layer to the employee's centre, and it holds no name: the reference identifies a referral.
/// </summary>
public sealed class IndexModel(AppDbContext db) : AppPageModel
{
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public sealed record Row(string Reference, DateTime SentAt, string Association, ReferralStatus Status, DeclineReason? Reason, DateOnly? StartMeetingOn);

    public async Task<IActionResult> OnGetAsync()
    {
        Rows = await db.Referrals.AsNoTracking()
            .Where(r => r.CrisisCentreId == db.Scope.CrisisCentreId)
            .OrderByDescending(r => r.CreatedAt)
            .Join(db.Associations, r => r.AssociationId, a => a.Id, (r, a) => new Row(r.Reference, r.CreatedAt, a.Name, r.Status, r.DeclineReason, r.StartMeetingOn))
            .Take(500)
            .ToListAsync();
        return Page();
    }
}
