using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Volunteers;

/// <summary>How many women an approved volunteer may have at a time (1 to the setting).</summary>
public sealed class CapacityModel(
    AppDbContext db, AuditTrail audit, TimeProvider clock, VolunteerScreeningService screening, Infrastructure.ProgrammeSettingsService settings)
    : VolunteerFormPageModel(db, audit, clock, screening)
{
    private const string Form = nameof(Capacity);

    [BindProperty(Name = Form)]
    [System.ComponentModel.DataAnnotations.Display(Name = "Volunteer.Capacity")]
    public int? Capacity { get; set; }

    /// <summary>The capacities a coordinator may choose.</summary>
    public IReadOnlyList<SelectListItem> Capacities { get; private set; } = [];

    protected override string DoneMessage => "Volunteer.CapacitySaved";

    protected override Task FillAsync()
    {
        Capacity = Volunteer.Capacity;
        return Task.CompletedTask;
    }

    protected override async Task PrepareAsync() =>
        Capacities = CapacityChoices((await settings.GetAsync(HttpContext.RequestAborted)).VolunteerMaxCapacity);

    protected override async Task<VolunteerStep?> CheckAsync()
    {
        Require(Capacity, Form, "Volunteer.CapacityOutOfRange");
        return ModelState.IsValid ? await Screening.SetCapacityAsync(Capacity!.Value, Volunteer, HttpContext.RequestAborted) : null;
    }
}
