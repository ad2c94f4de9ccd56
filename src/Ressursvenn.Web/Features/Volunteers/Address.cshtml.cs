using Microsoft.AspNetCore.Mvc;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Volunteers;

/// <summary>Her new postal code when she moves: the municipality follows from it.</summary>
public sealed class AddressModel(AppDbContext db, AuditTrail audit, TimeProvider clock, VolunteerScreeningService screening)
    : VolunteerFormPageModel(db, audit, clock, screening)
{
    private const string Form = nameof(NewPostalCode);

    [BindProperty(Name = Form)]
    [System.ComponentModel.DataAnnotations.Display(Name = "Volunteer.NewPostalCode")]
    public string? NewPostalCode { get; set; }

    protected override string DoneMessage => "Volunteer.AddressSaved";

    protected override Task FillAsync() => Task.CompletedTask;

    protected override async Task<VolunteerStep?> CheckAsync()
    {
        var (municipality, error) = await Screening.LookUpPostalCodeAsync(NewPostalCode, HttpContext.RequestAborted);
        if (municipality is null)
        {
            ModelState.AddModelError(Form, T(error!));
            return null;
        }

        return VolunteerScreeningService.ChangeAddress(NewPostalCode!, municipality, byHerself: false);
    }
}
