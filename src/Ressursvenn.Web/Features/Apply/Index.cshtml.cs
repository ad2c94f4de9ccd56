using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Calendar;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Infrastructure;
using Ressursvenn.Web.Infrastructure.Email;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Apply;

/// <summary>
/// The public application to become a volunteer (docs/domain.md §4.1), without login. Eligibility (has turned the minimum
/// age, is a woman) is checked at once and explained kindly; for someone who is not eligible nothing is stored and no
/// e-mail is sent. A valid application becomes a <see cref="Volunteer"/> in status Applied with her name, contact
/// details and profile encrypted, an audit entry, and a neutral confirmation e-mail; then POST-Redirect-GET to the
/// thank-you page. The postal code finds her municipality, and the associations covering it are suggested first
/// ("Finn foreningen" re-shows the form with the suggestion, without JavaScript).
/// </summary>
[EnableRateLimiting(SecurityServiceCollectionExtensions.PublicFormRateLimit)]
public sealed partial class IndexModel(
    AppDbContext db,
    ProgrammeSettingsService programmeSettings,
    AuditTrail audit,
    Infrastructure.Messaging.Outbox outbox,
    EmailTemplates templates,
    TimeProvider clock) : AppPageModel
{
    public const int MaxTextLength = 1000;

    public const string ThanksUrl = "/bli-ressursvenn/takk";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public ProgrammeSettings Settings { get; private set; } = new();

    /// <summary>The active associations, those covering her municipality first.</summary>
    public IReadOnlyList<SelectListItem> Associations { get; private set; } = [];

    /// <summary>The ids (as in <see cref="Associations"/>) of the associations covering her municipality.</summary>
    public IReadOnlyList<string> Nearby { get; private set; } = [];

    public IReadOnlyList<SelectListItem> Languages { get; private set; } = [];

    public IReadOnlyList<SelectListItem> Interests { get; private set; } = [];

    public IReadOnlyList<SelectListItem> WomanChoices { get; private set; } = [];

    /// <summary>After "Finn foreningen": whether an association covers her municipality (null: not looked up).</summary>
    public bool? FoundNearby { get; private set; }

    /// <summary>Why she cannot be a volunteer, in kind words; when any, the page shows only this (nothing was stored).</summary>
    public IReadOnlyList<string> NotEligible { get; private set; } = [];

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Apply.NameRequired")]
        [StringLength(100, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Apply.Name")]
        public string? Name { get; set; }

        [Required(ErrorMessage = "Apply.EmailRequired")]
        [StringLength(200, ErrorMessage = "Validation.TooLong")]
        [RegularExpression(@"^\s*[^@\s]+@[^@\s]+\.[^@\s]+\s*$", ErrorMessage = "Apply.EmailInvalid")]
        [Display(Name = "Apply.Email")]
        public string? Email { get; set; }

        [Required(ErrorMessage = "Apply.PhoneRequired")]
        [StringLength(30, ErrorMessage = "Validation.TooLong")]
        [RegularExpression(@"^\s*\+?[0-9 ]{8,20}\s*$", ErrorMessage = "Apply.PhoneInvalid")]
        [Display(Name = "Apply.Phone")]
        public string? Phone { get; set; }

        [Required(ErrorMessage = "Apply.BirthDateRequired")]
        [Display(Name = "Apply.BirthDate")]
        public DateOnly? BirthDate { get; set; }

        [Required(ErrorMessage = "Apply.WomanRequired")]
        [Display(Name = "Apply.IsWoman")]
        public bool? IsWoman { get; set; }

        [Required(ErrorMessage = "Apply.PostalCodeRequired")]
        [RegularExpression(@"^\s*[0-9]{4}\s*$", ErrorMessage = "Apply.PostalCodeInvalid")]
        [Display(Name = "Apply.PostalCode")]
        public string? PostalCode { get; set; }

        [Required(ErrorMessage = "Apply.MaxTravelRequired")]
        [Range(1, 200, ErrorMessage = "Apply.MaxTravelRange")]
        [Display(Name = "Apply.MaxTravelKm")]
        public int? MaxTravelKm { get; set; } = 20;

        [Display(Name = "Apply.Association")]
        public Guid? AssociationId { get; set; }

        [Display(Name = "Apply.Languages")]
        public List<string> Languages { get; set; } = [];

        [Display(Name = "Apply.Interests")]
        public List<string> Interests { get; set; } = [];

        /// <summary>The ticked slots of the grid (see <see cref="AvailabilityGrid"/>).</summary>
        [Display(Name = "Apply.AvailabilityHeading")]
        public List<int> Availability { get; set; } = [];

        [StringLength(MaxTextLength, ErrorMessage = "Apply.TextTooLong")]
        [Display(Name = "Apply.Motivation")]
        public string? Motivation { get; set; }

        [StringLength(MaxTextLength, ErrorMessage = "Apply.TextTooLong")]
        [Display(Name = "Apply.Experience")]
        public string? Experience { get; set; }

        /// <summary>Communities, family names or groups she belongs to, one per line (each line an entry).</summary>
        [StringLength(2000, ErrorMessage = "MyPages.NetworksTooLong")]
        [Display(Name = "Apply.Networks")]
        public string? Networks { get; set; }

        [Display(Name = "Apply.Commitment")]
        public bool Commitment { get; set; }
    }

    public async Task OnGetAsync() => await ShowAsync(null);

    /// <summary>"Finn foreningen": only re-shows the form with the associations covering her postal code first (and preselected).</summary>
    public async Task<IActionResult> OnPostFindAssociationAsync()
    {
        // She has not sent the form yet: no messages about fields she has still to fill in, only about the postal code.
        ModelState.ClearValidationState(nameof(Input));
        var municipality = await MunicipalityOfPostalCodeAsync(formatErrors: true);
        await ShowAsync(municipality);
        if (municipality is not null)
        {
            FoundNearby = PreselectSuggestion();
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        Settings = await programmeSettings.GetAsync(ct);
        var today = WorkingDays.OsloDate(clock.GetUtcNow());

        // Eligibility first, whatever else she typed: someone who cannot be a volunteer is told why at once, and
        // nothing she wrote is stored, sent or shown again.
        NotEligible = Eligibility(today);
        if (NotEligible.Count > 0)
        {
            ModelState.Clear();
            Input = new InputModel();
            return Page();
        }

        var municipality = await MunicipalityOfPostalCodeAsync(formatErrors: false);
        await ShowAsync(municipality);
        Validate(today, municipality);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var volunteer = new Volunteer
        {
            AssociationId = Input.AssociationId!.Value,
            Status = VolunteerStatus.Applied,
            Name = Input.Name!.Trim(),
            Email = Input.Email!.Trim(),
            Phone = Input.Phone!.Trim(),
            BirthDate = Input.BirthDate!.Value,
            MunicipalityCode = municipality!,
            PostalCode = Input.PostalCode!.Trim(),
            Availability = AvailabilityGrid.ToBits(Input.Availability),
            MaxTravelKm = Input.MaxTravelKm!.Value,
            AppliedAt = clock.GetUtcNow().UtcDateTime,
        };
        volunteer.Profile = new VolunteerProfile
        {
            Languages = Input.Languages.Distinct(StringComparer.Ordinal).ToList(),
            Interests = Input.Interests.Distinct(StringComparer.Ordinal).ToList(),
            Motivation = Clean(Input.Motivation),
            Experience = Clean(Input.Experience),
            NetworkEntries = NetworkText.Entries(Input.Networks),
        };
        db.Volunteers.Add(volunteer);
        audit.Record(AuditActions.VolunteerApplied, nameof(Volunteer), volunteer.Id);
        // The confirmation is stored with the application (the outbox sends it, and retries).
        outbox.Enqueue(templates.ApplicationReceived(volunteer.Email), volunteer.AssociationId);
        await db.SaveChangesAsync(ct);

        return Redirect(ThanksUrl);
    }

    /// <summary>The reasons she cannot be a volunteer, from the answers she gave (a missing answer is a field error instead).</summary>
    private List<string> Eligibility(DateOnly today)
    {
        var reasons = new List<string>();
        if (Input.IsWoman == false)
        {
            reasons.Add(T("Apply.NotEligibleWoman"));
        }

        if (Input.BirthDate is { } born && Plausible(born, today) && !VolunteerRules.IsOldEnough(born, today, Settings))
        {
            reasons.Add(T("Apply.NotEligibleAge", Settings.VolunteerMinimumAge, OldEnoughFrom(born).ToString("d", CultureInfo.CurrentCulture)));
        }

        return reasons;
    }

    /// <summary>The first day she has turned the minimum age (a 29 February birthday counts on 1 March in other years).</summary>
    private DateOnly OldEnoughFrom(DateOnly born)
    {
        var from = born.AddYears(Settings.VolunteerMinimumAge);
        return VolunteerRules.IsOldEnough(born, from, Settings) ? from : from.AddDays(1);
    }

    private static bool Plausible(DateOnly born, DateOnly today) => born <= today && born >= today.AddYears(-120);

    /// <summary>The rules the attributes cannot express; messages go under the fields.</summary>
    private void Validate(DateOnly today, string? municipality)
    {
        if (Input.Email is { } address && !HasError("Input.Email")
            && !MimeKit.MailboxAddress.TryParse(address.Trim(), out _))
        {
            ModelState.AddModelError("Input.Email", T("Apply.EmailInvalid"));
        }

        if (Input.BirthDate is { } born && !Plausible(born, today))
        {
            ModelState.AddModelError("Input.BirthDate", T("Apply.BirthDateInvalid"));
        }

        if (!Catalogues.AllKnown(Input.Languages, Settings.OfferedLanguages()))
        {
            ModelState.AddModelError("Input.Languages", T("Common.UnknownChoice"));
        }

        if (!HasError("Input.Networks") && !NetworkText.WithinLimits(NetworkText.Entries(Input.Networks)))
        {
            ModelState.AddModelError("Input.Networks", T("MyPages.NetworksTooLong"));
        }

        if (!Catalogues.AllKnown(Input.Interests, Catalogues.Interests))
        {
            ModelState.AddModelError("Input.Interests", T("Common.UnknownChoice"));
        }

        if (!Input.Availability.All(AvailabilityGrid.IsSlot))
        {
            ModelState.AddModelError("Input.Availability", T("Common.UnknownChoice"));
        }
        else if (Input.Availability.Count == 0 && !HasError("Input.Availability"))
        {
            ModelState.AddModelError("Input.Availability", T("Apply.AvailabilityRequired"));
        }

        if (!Input.Commitment)
        {
            ModelState.AddModelError("Input.Commitment", T("Apply.CommitmentRequired"));
        }

        if (Input.AssociationId is { } chosen)
        {
            if (!Associations.Any(a => a.Value == chosen.ToString()))
            {
                ModelState.AddModelError("Input.AssociationId", T("Common.UnknownChoice"));
            }
        }
        else
        {
            // She gave a postal code but chose no association: the form comes back with the suggestion ticked.
            var suggested = municipality is not null && PreselectSuggestion();
            ModelState.AddModelError("Input.AssociationId", T(suggested ? "Apply.AssociationConfirm" : "Apply.AssociationRequired"));
        }
    }

    /// <summary>
    /// The municipality of the postal code she typed, or null (with a message when the code is unknown; format
    /// messages too when the attributes' messages were cleared).
    /// </summary>
    private async Task<string?> MunicipalityOfPostalCodeAsync(bool formatErrors)
    {
        var code = Input.PostalCode?.Trim();
        if (string.IsNullOrEmpty(code))
        {
            if (formatErrors)
            {
                ModelState.AddModelError("Input.PostalCode", T("Apply.PostalCodeRequired"));
            }

            return null;
        }

        if (!FourDigits().IsMatch(code))
        {
            if (formatErrors)
            {
                ModelState.AddModelError("Input.PostalCode", T("Apply.PostalCodeInvalid"));
            }

            return null;
        }

        var municipality = await db.PostalCodes.AsNoTracking().Where(p => p.Code == code && p.Current)
            .Select(p => p.MunicipalityCode).FirstOrDefaultAsync(HttpContext.RequestAborted);
        if (municipality is null)
        {
            ModelState.AddModelError("Input.PostalCode", T("Apply.PostalCodeUnknown"));
        }

        return municipality;
    }

    /// <summary>Ticks the first association covering her municipality when she has chosen none; true when one covers it.</summary>
    private bool PreselectSuggestion()
    {
        if (Nearby.Count > 0 && Input.AssociationId is null && !ModelState.ContainsKey("Input.AssociationId"))
        {
            Input.AssociationId = Guid.Parse(Nearby[0]);
        }

        return Nearby.Count > 0;
    }

    private async Task ShowAsync(string? municipality)
    {
        var ct = HttpContext.RequestAborted;
        Settings = await programmeSettings.GetAsync(ct);
        var associations = await db.Associations.AsNoTracking().Where(a => a.Active).Include(a => a.Municipalities).ToListAsync(ct);
        // The covering associations first, marked. Ids are formatted in .NET: SQLite stores them in upper case.
        var ordered = associations
            .Select(a => (Association: a, Near: municipality is not null && a.Municipalities.Any(m => m.MunicipalityCode == municipality)))
            .OrderBy(x => x.Near ? 0 : 1).ThenBy(x => x.Association.Name, StringComparer.CurrentCulture)
            .ToList();
        Associations = ordered
            .Select(x => new SelectListItem(x.Near ? T("Apply.AssociationNearby", x.Association.Name) : x.Association.Name, x.Association.Id.ToString()))
            .ToList();
        Nearby = ordered.Where(x => x.Near).Select(x => x.Association.Id.ToString()).ToList();
        Languages = Settings.OfferedLanguages().Select(c => new SelectListItem(T("Language." + c), c)).ToList();
        Interests = Catalogues.Interests.Select(c => new SelectListItem(T("Interest." + c), c)).ToList();
        WomanChoices = [new SelectListItem(T("Apply.Woman"), "true"), new SelectListItem(T("Apply.NotWoman"), "false")];
    }

    private bool HasError(string key) => ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0;

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex("^[0-9]{4}$")]
    private static partial Regex FourDigits();
}

