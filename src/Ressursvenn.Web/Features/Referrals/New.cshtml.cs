using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Features.Participants;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Referrals;

/// <summary>
/// A crisis-centre employee refers a woman to a local association (docs/domain.md §4.2), with her itemised consent.
/// Afterwards the centre sees only the referral's status.
/// </summary>
public sealed class NewModel(ReferralService referrals, ParticipantFormOptions options)
    : AppPageModel, IParticipantFormPage
{
    [BindProperty]
    public ReferralInput Input { get; set; } = new();

    ParticipantForm IParticipantFormPage.Input => Input;

    public ParticipantFormOptions Options => options;

    public IReadOnlyList<SelectListItem> Associations { get; private set; } = [];

    public string? CreatedReference { get; private set; }

    public sealed class ReferralInput : ParticipantForm
    {
        [Display(Name = "Referral.Association")]
        public Guid? AssociationId { get; set; }

        [Display(Name = "Consent.Registration")]
        public bool ConsentRegistration { get; set; }

        [Display(Name = "Consent.ShareWithVolunteer")]
        public bool ConsentShareWithVolunteer { get; set; }

        [Display(Name = "Consent.Feedback")]
        public bool ConsentFeedback { get; set; }

        [Display(Name = "Consent.Statistics")]
        public bool ConsentStatistics { get; set; }
    }

    public async Task<IActionResult> OnGetAsync()
    {
        await ShowAsync(await referrals.MyCentreAsync(User, HttpContext.RequestAborted));
        if (Associations.Count == 1)
        {
            Input.AssociationId = Guid.Parse(Associations[0].Value);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var centre = await referrals.MyCentreAsync(User, HttpContext.RequestAborted);
        if (centre is null)
        {
            return Denied();
        }

        await ShowAsync(centre);
        var consents = new Dictionary<ConsentKind, bool>
        {
            [ConsentKind.Registration] = Input.ConsentRegistration,
            [ConsentKind.ShareWithVolunteer] = Input.ConsentShareWithVolunteer,
            [ConsentKind.Feedback] = Input.ConsentFeedback,
            [ConsentKind.Statistics] = Input.ConsentStatistics,
        };
        var referral = await referrals.SubmitAsync(
            Input, Input.AssociationId, centre.Value, consents, ModelState, new ReferralFields("Input.", "Input.AssociationId", "Input.ConsentRegistration"),
            HttpContext.RequestAborted);
        if (referral is null)
        {
            return Page();
        }

        StatusMessage = T("Referral.Sent", referral.Reference);
        return Redirect("/henvisninger");
    }

    private async Task ShowAsync(Guid? centre)
    {
        await options.LoadAsync();
        // Ids are formatted here, not in SQL: SQLite stores them in upper case.
        Associations = (await referrals.AssociationsOfAsync(centre, HttpContext.RequestAborted))
            .Select(a => new SelectListItem(a.Name, a.Id.ToString())).ToList();
    }
}
