using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Infrastructure;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.MyPages;

/// <summary>
/// She leaves the programme (Approved or Paused → Left), or withdraws her application (before approval → Withdrawn).
/// The police-certificate record is deleted at once (docs/domain.md §4.1); the rest follows the retention periods (§8).
/// Her account closes with it: it is disabled, every session of hers ends and she is signed out, so a volunteer who
/// has left has no way in any more. She is offered the service letter to print before she confirms.
/// </summary>
public sealed class LeaveModel(
    AppDbContext db, MyVolunteer mine, AuditTrail audit, TimeProvider clock, Volunteers.VolunteerScreeningService screening,
    ProgrammeSettingsService settings, SignInManager<AppUser> signIn)
    : MyPageModel(db, mine, audit, clock)
{
    [BindProperty]
    [Display(Name = "MyPages.LeaveConfirm")]
    public bool Confirm { get; set; }

    [BindProperty]
    public long Version { get; set; }

    /// <summary>Months her data is kept after she leaves (or after a withdrawn application).</summary>
    public int RetentionMonths { get; private set; }

    public bool IsApplication => Me?.IsOpenApplication == true;

    public async Task<IActionResult> OnGetAsync()
    {
        if (await OpenAsync())
        {
            Version = Me!.Version;
            await LoadRetentionAsync();
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await OpenAsync())
        {
            return Page();
        }

        var me = Me!;
        await LoadRetentionAsync();
        if (MyVolunteer.IsEnded(me.Status))
        {
            ModelState.AddModelError(string.Empty, T("MyPages.EndedNoChanges"));
            return Page();
        }

        if (!Confirm)
        {
            ModelState.AddModelError(nameof(Confirm), T("MyPages.LeaveConfirmRequired"));
            return Page();
        }

        var withdrawn = me.IsOpenApplication;
        if (!await RunMineAsync(screening, Version, screening.EndByHerself(me)))
        {
            return Page();
        }

        await signIn.SignOutAsync();
        StatusMessage = T(withdrawn ? "MyPages.WithdrawnGoodbye" : "MyPages.LeftGoodbye");
        return Redirect("/logg-inn");
    }

    private async Task LoadRetentionAsync()
    {
        var policy = await settings.GetAsync(HttpContext.RequestAborted);
        RetentionMonths = IsApplication ? policy.RejectedApplicationRetentionMonths : policy.VolunteerRetentionMonths;
    }
}
