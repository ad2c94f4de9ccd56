using Microsoft.AspNetCore.Mvc;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Volunteers;

/// <summary>An approved volunteer leaves the programme: confirmed with a tick, as it ends her time and her account.</summary>
public sealed class LeaveModel(
    AppDbContext db, AuditTrail audit, TimeProvider clock, VolunteerScreeningService screening, Infrastructure.ProgrammeSettingsService settings)
    : VolunteerFormPageModel(db, audit, clock, screening)
{
    [BindProperty]
    [System.ComponentModel.DataAnnotations.Display(Name = "Volunteer.ConfirmLeave")]
    public bool ConfirmLeave { get; set; }

    /// <summary>How long her record is kept after she leaves (the intro).</summary>
    public int RetentionMonths { get; private set; }

    protected override string DoneMessage => "Volunteer.Left";

    protected override Task FillAsync() => Task.CompletedTask;

    protected override async Task PrepareAsync() =>
        RetentionMonths = (await settings.GetAsync(HttpContext.RequestAborted)).VolunteerRetentionMonths;

    protected override Task<VolunteerStep?> CheckAsync()
    {
        if (!ConfirmLeave)
        {
            ModelState.AddModelError(nameof(ConfirmLeave), T("Volunteer.ConfirmLeaveRequired"));
            return Task.FromResult<VolunteerStep?>(null);
        }

        return Task.FromResult<VolunteerStep?>(Screening.Leave());
    }
}
