using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Volunteers;

/// <summary>The interview and the suitability assessment of an open application (docs/domain.md §4.1).</summary>
public sealed class InterviewModel(AppDbContext db, AuditTrail audit, TimeProvider clock, VolunteerScreeningService screening)
    : VolunteerFormPageModel(db, audit, clock, screening)
{
    private const string Form = nameof(Interview);

    [BindProperty(Name = Form)]
    public InterviewInput Interview { get; set; } = new();

    public IReadOnlyList<SelectListItem> Suitabilities => Enum.GetValues<Suitability>()
        .Select(s => new SelectListItem(T("Suitability." + s), s.ToString())).ToList();

    protected override string DoneMessage => "Interview.Saved";

    protected override Task FillAsync()
    {
        Interview = new InterviewInput
        {
            HeldOn = Volunteer.Interview?.HeldOn ?? Today,
            Suitability = Volunteer.Interview?.Suitability,
            Justification = Volunteer.Interview?.Justification,
        };
        return Task.CompletedTask;
    }

    protected override Task<VolunteerStep?> CheckAsync()
    {
        Require(Interview.HeldOn, "Interview.HeldOn", "Interview.HeldOnRequired");
        Require(Interview.Suitability, "Interview.Suitability", "Interview.SuitabilityRequired");
        AddErrors(Form, Screening.CheckInterview(Interview));
        return Task.FromResult<VolunteerStep?>(ModelState.IsValid ? Screening.RecordInterview(Interview, CurrentUserId) : null);
    }
}
