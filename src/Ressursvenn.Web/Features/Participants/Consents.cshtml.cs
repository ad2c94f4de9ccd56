using Microsoft.AspNetCore.Mvc;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Participants;

/// <summary>
/// Her consents, and withdrawing them when she asks. Withdrawing the consent to be registered erases her identity
/// and red data at once, everywhere (docs/domain.md §4.2, §8); the other consents are withdrawn one by one.
/// </summary>
public sealed class ConsentsModel(
    AppDbContext db, ParticipantLoader access, AuditTrail audit, TimeProvider clock, ParticipantErasure erasure, ParticipantService participants)
    : ParticipantPageModel(db, access, audit, clock)
{
    [BindProperty]
    [System.ComponentModel.DataAnnotations.Display(Name = "Consent.ConfirmErasure")]
    public bool ConfirmErasure { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        await AuditViewAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostWithdrawAsync(Guid id, ConsentKind kind)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        if (!Enum.IsDefined(kind) || kind == ConsentKind.Registration)
        {
            return Denied();
        }

        if (!Saved(await participants.RunAsync(Participant, null, participants.WithdrawConsent(kind), HttpContext.RequestAborted)))
        {
            return await OpenAsync(id) ? Page() : Denied();
        }

        StatusMessage = T("Consent.WithdrawnSaved");
        return Redirect($"/deltaker/{Participant.Id}/samtykke");
    }

    public async Task<IActionResult> OnPostEraseAsync(Guid id)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        if (!ConfirmErasure)
        {
            ModelState.AddModelError(nameof(ConfirmErasure), T("Consent.ConfirmErasureRequired"));
            return Page();
        }

        Audit.Record(AuditActions.ConsentWithdrawn, nameof(Participant), Participant.Id, nameof(ConsentKind.Registration));
        if (await erasure.EraseAsync(Participant, ParticipantErasure.ConsentWithdrawn, HttpContext.RequestAborted) != Data.SaveOutcome.Saved)
        {
            // Someone changed her record meanwhile: nothing was erased; the page says so and she can try again.
            ModelState.AddModelError(string.Empty, T("Common.Concurrency"));
            return Page();
        }

        StatusMessage = T("Consent.Erased");
        return Redirect("/deltakere");
    }
}
