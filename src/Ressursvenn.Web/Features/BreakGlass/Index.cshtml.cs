using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Infrastructure;
using Ressursvenn.Web.Infrastructure.Email;
using Ressursvenn.Web.Infrastructure.Messaging;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.BreakGlass;

/// <summary>
/// Break-glass (SR8, docs/domain.md §3): a national admin who must open one woman's record names it by its referral
/// reference (she never browses participants) and writes why. The access is granted for a limited time
/// (<see cref="Domain.ProgrammeSettings.BreakGlassMinutes"/>), stored with the reason (encrypted), audited as
/// break-glass — the reason never goes into the audit entry — and the coordinators of her association are told.
/// </summary>
public sealed class IndexModel(AppDbContext db, Participants.ParticipantLoader participants, AuditTrail audit, TimeProvider clock, ProgrammeSettingsService settings, Outbox outbox, EmailTemplates templates)
    : AppPageModel
{
    public const int MinReasonLength = 20;
    public const int MaxReasonLength = 500;

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "BreakGlass.ReferenceRequired")]
        [StringLength(20, ErrorMessage = "BreakGlass.NotFound")]
        [Display(Name = "BreakGlass.Reference")]
        public string? Reference { get; set; }

        [Required(ErrorMessage = "BreakGlass.ReasonLength")]
        [StringLength(MaxReasonLength, MinimumLength = MinReasonLength, ErrorMessage = "BreakGlass.ReasonLength")]
        [Display(Name = "BreakGlass.Reason")]
        public string? Reason { get; set; }
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        var reason = Input.Reason?.Trim() ?? string.Empty;
        if (ModelState.GetFieldValidationState("Input.Reason") != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid
            && reason.Length < MinReasonLength)
        {
            // Spaces around a short reason do not make it long enough.
            ModelState.AddModelError("Input.Reason", T("BreakGlass.ReasonLength"));
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        // Admins have no association scope: the participant loader looks the reference up past the query filters, and
        // an unknown reference, a referral whose record is gone and a malformed one all get the same answer.
        if (await participants.FindForBreakGlassAsync(NormaliseReference(Input.Reference!), ct) is not { } participant)
        {
            ModelState.AddModelError("Input.Reference", T("BreakGlass.NotFound"));
            return Page();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var policy = await settings.GetAsync(ct);
        db.BreakGlassAccesses.Add(new BreakGlassAccess
        {
            ParticipantId = participant.Id,
            AssociationId = participant.AssociationId,
            UserId = Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!),
            Reason = reason,
            GrantedAt = now,
            ExpiresAt = now.AddMinutes(policy.BreakGlassMinutes),
        });
        // The reason is kept (encrypted) with the access only: the audit entry holds no content (SR17).
        audit.Record(AuditActions.BreakGlassOpened, nameof(Participant), participant.Id);
        // One neutral e-mail to each of the association's coordinators, stored with the access (SR8, SR2); their home
        // page lists the access too (BreakGlassNotices).
        await outbox.EnqueueToCoordinatorsAsync(participant.AssociationId, templates.BreakGlassNotice, ct: ct);
        await db.SaveChangesAsync(ct);
        return Redirect($"/nodtilgang/{participant.Id}");
    }

    /// <summary>"h-7k2qx9", " H-7K2QX9 " and "7K2QX9" all mean H-7K2QX9.</summary>
    public static string NormaliseReference(string typed)
    {
        ArgumentNullException.ThrowIfNull(typed);
        var compact = string.Concat(typed.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();
        return compact.StartsWith("H-", StringComparison.Ordinal) ? compact : "H-" + compact;
    }
}
