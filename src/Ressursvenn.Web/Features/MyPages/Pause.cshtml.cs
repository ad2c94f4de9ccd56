using Microsoft.AspNetCore.Mvc;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Features.Volunteers;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.MyPages;

/// <summary>
/// "I need a break" (Approved → Paused) and "I'm ready again" (Paused → Approved). Her coordinators get a neutral
/// e-mail either way, so nobody proposes a match to her while she rests.
/// </summary>
public sealed class PauseModel(AppDbContext db, MyVolunteer mine, AuditTrail audit, TimeProvider clock, VolunteerScreeningService screening)
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

    public Task<IActionResult> OnPostPauseAsync() => ChangeAsync(screening.Pause(), "MyPages.PausedDone");

    public Task<IActionResult> OnPostResumeAsync() => ChangeAsync(VolunteerScreeningService.Resume(), "MyPages.ResumedDone");

    private async Task<IActionResult> ChangeAsync(VolunteerStep step, string done)
    {
        if (!await OpenAsync())
        {
            return Page();
        }

        if (!await RunMineAsync(screening, Version, step))
        {
            // Already done in another tab, not possible in her status, or changed meanwhile: the page shows where she stands.
            await OpenAsync();
            Version = Me!.Version;
            return Page();
        }

        StatusMessage = T(done);
        return BackHome();
    }
}
