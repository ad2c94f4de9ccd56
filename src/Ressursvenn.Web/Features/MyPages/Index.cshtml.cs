using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Calendar;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.MyPages;

/// <summary>
/// Her overview (docs/domain.md §4.1): her status in plain words, what is left before approval,
/// renewals that are due, training done and to do (a mandatory module added after her approval is marked new), the
/// confidentiality declaration, and the next gatherings of her association.
/// </summary>
public sealed class IndexModel(AppDbContext db, MyVolunteer mine, AuditTrail audit, TimeProvider clock, MyMatches matches) : MyPageModel(db, mine, audit, clock)
{
    /// <summary>How many upcoming gatherings her page lists.</summary>
    public const int GatheringsShown = 5;

    public VolunteerOverview? Overview { get; private set; }

    /// <summary>The next gatherings of her own association (approved or paused volunteers only; the query filter holds the same rule).</summary>
    public IReadOnlyList<Gathering> Gatherings { get; private set; } = [];

    /// <summary>Her proposals and running match, shown at the top (links only: nothing of the woman is on this page).</summary>
    public IReadOnlyList<Domain.Matching.Match> Matches { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (await OpenAsync())
        {
            Overview = await Mine.OverviewAsync(Me!, HttpContext.RequestAborted);
            Matches = await matches.CurrentAsync(Me!, HttpContext.RequestAborted);
            if (GatheringRules.MayAttend(Me!))
            {
                var today = WorkingDays.OsloDate(Now);
                var startOfToday = TimeZoneInfo.ConvertTimeToUtc(today.ToDateTime(TimeOnly.MinValue), WorkingDays.Oslo);
                var association = Me!.AssociationId;
                Gatherings = await Db.Gatherings.AsNoTracking()
                    .Where(g => g.AssociationId == association && g.StartsAt >= startOfToday)
                    .OrderBy(g => g.StartsAt)
                    .Take(GatheringsShown)
                    .ToListAsync(HttpContext.RequestAborted);
            }
        }

        return Page();
    }
}
