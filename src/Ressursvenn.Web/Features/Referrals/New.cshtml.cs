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
public sealed class NewModel(AppDbContext db, ReferralService referrals, ParticipantFormOptions options, IStringLocalizer<SharedResource> t)
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
        await ShowAsync();
        if (Associations.Count == 1)
        {
            Input.AssociationId = Guid.Parse(Associations[0].Value);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var centre = await MyCentreAsync();
        if (centre is null)
        {
            return Denied();
        }

        await ShowAsync();
        if (Input.AssociationId is not { } association || !Associations.Any(a => a.Value == association.ToString()))
        {
            ModelState.AddModelError("Input.AssociationId", T("Referral.AssociationRequired"));
        }

        if (!Input.ConsentRegistration)
        {
            ModelState.AddModelError("Input.ConsentRegistration", T("Referral.ConsentRequired"));
        }

        await Input.ValidateAsync(ModelState, db, t, Domain.Calendar.WorkingDays.OsloDate(HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow()));
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var consents = new Dictionary<ConsentKind, bool>
        {
            [ConsentKind.Registration] = Input.ConsentRegistration,
            [ConsentKind.ShareWithVolunteer] = Input.ConsentShareWithVolunteer,
            [ConsentKind.Feedback] = Input.ConsentFeedback,
            [ConsentKind.Statistics] = Input.ConsentStatistics,
        };
        var referral = await referrals.CreateAsync(Input, Input.AssociationId!.Value, centre.Value, consents);
        StatusMessage = T("Referral.Sent", referral.Reference);
        return Redirect("/henvisninger");
    }

    private async Task<Guid?> MyCentreAsync()
    {
        var userId = Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!);
        return await db.Users.Where(u => u.Id == userId).Select(u => u.CrisisCentreId).FirstOrDefaultAsync();
    }

    private async Task ShowAsync()
    {
        await options.LoadAsync();
        var centre = await MyCentreAsync();
        // Ids are formatted here, not in SQL: SQLite stores them in upper case.
        Associations = (await db.CrisisCentreAssociations.Where(c => c.CrisisCentreId == centre)
                .Join(db.Associations.Where(a => a.Active), c => c.AssociationId, a => a.Id, (_, a) => new { a.Id, a.Name })
                .OrderBy(a => a.Name).ToListAsync())
            .Select(a => new SelectListItem(a.Name, a.Id.ToString())).ToList();
    }
}
