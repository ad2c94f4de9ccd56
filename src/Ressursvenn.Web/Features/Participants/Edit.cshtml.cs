using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Participants;

/// <summary>
/// A coordinator corrects her record, marks a protected identity (then the municipality and postal code are dropped
/// and only a county is kept) and sets the safety marker everyone opening the record sees first.
/// </summary>
public sealed class EditModel(
    AppDbContext db, ParticipantLoader access, AuditTrail audit, TimeProvider clock, ParticipantFormOptions options, IStringLocalizer<SharedResource> t,
    ParticipantService participants)
    : ParticipantPageModel(db, access, audit, clock), IParticipantFormPage
{
    [BindProperty]
    public EditInput Input { get; set; } = new();

    ParticipantForm IParticipantFormPage.Input => Input;

    public ParticipantFormOptions Options => options;

    public sealed class EditInput : ParticipantForm
    {
        [StringLength(200, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Participant.SafetyMarker")]
        public string? SafetyMarker { get; set; }

        public long Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        Input.LoadFrom(Participant);
        Input.SafetyMarker = Participant.SafetyMarker;
        Input.Version = Participant.Version;
        await options.LoadAsync();
        await AuditViewAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        await options.LoadAsync();
        if (Participant.IsProtected && !Input.ProtectedAddress)
        {
            // Lifting protection is a deliberate act, not an unticked box: it stays until she is no longer at risk,
            // and then only through this explicit message.
            ModelState.AddModelError("Input.ProtectedAddress", t["Participant.ProtectedStays"]);
        }

        await Input.ValidateAsync(ModelState, Db, t, Domain.Calendar.WorkingDays.OsloDate(Now), keptLanguages: Participant.Profile.Languages);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var step = ParticipantService.ChangeDetails(Input.ApplyTo, Input.SafetyMarker);
        if (!Saved(await participants.RunAsync(Participant, Input.Version, step, HttpContext.RequestAborted)))
        {
            return await OpenAsync(id) ? Page() : Denied();
        }

        StatusMessage = T("Common.Saved");
        return BackToRecord();
    }
}
