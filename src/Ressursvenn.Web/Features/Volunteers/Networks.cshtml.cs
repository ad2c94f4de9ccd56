using Microsoft.AspNetCore.Mvc;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Volunteers;

/// <summary>Her networks as recorded at screening, one per line (the matching keeps her away from women in them).</summary>
public sealed class NetworksModel(AppDbContext db, AuditTrail audit, TimeProvider clock, VolunteerScreeningService screening)
    : VolunteerFormPageModel(db, audit, clock, screening)
{
    private const string Form = nameof(Networks);

    [BindProperty(Name = Form)]
    [System.ComponentModel.DataAnnotations.Display(Name = "Volunteer.NetworksInput")]
    public string? Networks { get; set; }

    protected override string DoneMessage => "Volunteer.NetworksSaved";

    protected override Task FillAsync()
    {
        Networks = NetworkText.Text(Volunteer.Profile.NetworkList());
        return Task.CompletedTask;
    }

    protected override Task<VolunteerStep?> CheckAsync()
    {
        var entries = NetworkText.Entries(Networks);
        if (!NetworkText.WithinLimits(entries))
        {
            ModelState.AddModelError(Form, T("MyPages.NetworksTooLong"));
            return Task.FromResult<VolunteerStep?>(null);
        }

        return Task.FromResult<VolunteerStep?>(VolunteerScreeningService.ChangeNetworks(entries, byHerself: false));
    }
}
