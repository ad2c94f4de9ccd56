using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Participants;

/// <summary>
/// Declining a referral, or ending a wait with "no suitable volunteer": the reason goes back to the referring centre
/// as a code, so nobody is left waiting without an answer; a proposal of hers not yet started ends with her and its
/// volunteer is told neutrally.
/// </summary>
public sealed class DeclineModel(
    AppDbContext db, ParticipantLoader access, AuditTrail audit, TimeProvider clock, ParticipantService participants)
    : ParticipantPageModel(db, access, audit, clock)
{
    [BindProperty]
    [Required(ErrorMessage = "Decline.ReasonRequired")]
    [Display(Name = "Decline.Reason")]
    public DeclineReason? Reason { get; set; }

    [BindProperty]
    public long Version { get; set; }

    public IReadOnlyList<SelectListItem> Reasons => Enum.GetValues<DeclineReason>()
        .Select(r => new SelectListItem(T("DeclineReason." + r), r.ToString())).ToList();

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        Version = Participant.Version;
        Reason = Participant.Status == ParticipantStatus.Waiting ? DeclineReason.NoSuitableVolunteer : null;
        await AuditViewAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        if (Reason is { } given && !Enum.IsDefined(given))
        {
            ModelState.AddModelError(nameof(Reason), T("Common.UnknownChoice"));
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        if (!Saved(await participants.RunAsync(Participant, Version, participants.Decline(Reason!.Value), HttpContext.RequestAborted)))
        {
            // Her record as it stands now (the unit of work was discarded), with the message and the reason she chose.
            return await OpenAsync(id) ? Page() : Denied();
        }

        StatusMessage = T("Decline.Done");
        return BackToRecord();
    }
}
