using Microsoft.AspNetCore.Mvc;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Security;

using Ressursvenn.Web.Features.Matching;

namespace Ressursvenn.Web.Features.MyPages;

/// <summary>
/// "I need a break" (Approved → Paused) and "I'm ready again" (Paused → Approved). Her coordinators get a neutral
/// e-mail either way, so nobody proposes a match to her while she rests.
/// </summary>
public sealed class PauseModel(
    AppDbContext db, MyVolunteer mine, AuditTrail audit, TimeProvider clock, VolunteerNotifier notifier, MatchWorkflowService matches)
    : MyPageModel(db, mine, audit, clock)
{
    [BindProperty]
    public long Version { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await OpenAsync())
        {
            Version = Me!.Version;
        }

        return Page();
    }

    public Task<IActionResult> OnPostPauseAsync() =>
        ChangeAsync(VolunteerStatus.Approved, VolunteerStatus.Paused, AuditActions.VolunteerPaused, VolunteerChange.Paused, "MyPages.PausedDone");

    public Task<IActionResult> OnPostResumeAsync() =>
        ChangeAsync(VolunteerStatus.Paused, VolunteerStatus.Approved, AuditActions.VolunteerResumed, VolunteerChange.Resumed, "MyPages.ResumedDone");

    private async Task<IActionResult> ChangeAsync(VolunteerStatus from, VolunteerStatus to, string action, VolunteerChange change, string done)
    {
        if (!await OpenAsync())
        {
            return Page();
        }

        var me = Me!;
        if (me.Status != from)
        {
            // Already done in another tab, or not possible in her status: the page shows where she stands.
            ModelState.AddModelError(string.Empty, T("MyPages.PauseNotPossible"));
            Version = me.Version;
            return Page();
        }

        ExpectVersion(Db, me, Version);
        me.Status = to;
        me.PausedAt = to == VolunteerStatus.Paused ? Now : null;
        Audit.Record(action, nameof(Volunteer), me.Id);
        // "I need a break": her proposals not yet started go back to their coordinators at once.
        if (to == VolunteerStatus.Paused)
        {
            await matches.WithdrawProposalsOfVolunteerAsync(me.Id, HttpContext.RequestAborted);
        }

        await notifier.NotifyCoordinatorsAsync(me.AssociationId, change, HttpContext.RequestAborted);
        if (!await TrySaveMineAsync())
        {
            return Page();
        }

        StatusMessage = T(done);
        return BackHome();
    }
}
