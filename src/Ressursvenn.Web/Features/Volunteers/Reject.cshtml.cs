using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Volunteers;

/// <summary>Rejecting an open application, for a reason from a list (a code, never free text).</summary>
public sealed class RejectModel(
    AppDbContext db, AuditTrail audit, TimeProvider clock, VolunteerScreeningService screening, Infrastructure.ProgrammeSettingsService settings)
    : VolunteerFormPageModel(db, audit, clock, screening)
{
    private const string Form = nameof(Rejection);

    [BindProperty(Name = Form)]
    public RejectInput Rejection { get; set; } = new();

    public IReadOnlyList<SelectListItem> RejectReasons => Enum.GetValues<VolunteerRejectReason>()
        .Select(r => new SelectListItem(T("VolunteerRejectReason." + r), r.ToString())).ToList();

    /// <summary>How long a rejected application is kept (the intro).</summary>
    public int RetentionMonths { get; private set; }

    protected override string DoneMessage => "Volunteer.Rejected";

    protected override Task FillAsync() => Task.CompletedTask;

    protected override async Task PrepareAsync() =>
        RetentionMonths = (await settings.GetAsync(HttpContext.RequestAborted)).RejectedApplicationRetentionMonths;

    protected override Task<VolunteerStep?> CheckAsync()
    {
        Require(Rejection.Reason, "Rejection.Reason", "Volunteer.RejectReasonRequired");
        AddErrors(Form, Screening.CheckRejection(Rejection));
        return Task.FromResult<VolunteerStep?>(ModelState.IsValid ? Screening.Reject(Rejection.Reason!.Value) : null);
    }
}
