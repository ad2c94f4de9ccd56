using Microsoft.AspNetCore.Mvc;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.MyPages;

/// <summary>
/// Her overview (DOMAIN.md §4.1, UX.md "Volunteer"): her status in plain words, what is left before approval,
/// renewals that are due, training done and to do (a mandatory module added after her approval is marked new), and
/// the confidentiality declaration.
/// </summary>
public sealed class IndexModel(AppDbContext db, MyVolunteer mine, AuditTrail audit, TimeProvider clock) : MyPageModel(db, mine, audit, clock)
{
    public VolunteerOverview? Overview { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await OpenAsync())
        {
            Overview = await Mine.OverviewAsync(Me!, HttpContext.RequestAborted);
        }

        return Page();
    }
}
