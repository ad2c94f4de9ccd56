using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Features.Apply;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.MyPages;

/// <summary>
/// She keeps her own profile up to date: phone, languages, interests, when she is free (weekday × part of day, the
/// bits <see cref="Volunteer.Availability"/> holds, laid out by <see cref="AvailabilityGrid"/>), how far she will travel, and the communities she belongs to
/// (used only so she is never matched with a woman who must avoid them).
/// </summary>
public sealed class ProfileModel(AppDbContext db, MyVolunteer mine, AuditTrail audit, TimeProvider clock, Volunteers.VolunteerScreeningService screening,
    Infrastructure.ProgrammeSettingsService settings)
    : MyPageModel(db, mine, audit, clock)
{
    [BindProperty]
    public ProfileInput Input { get; set; } = new();

    public sealed class ProfileInput
    {
        [StringLength(30, ErrorMessage = "Validation.TooLong")]
        [RegularExpression(@"^\+?[0-9 ]{8,20}$", ErrorMessage = "MyPages.PhoneInvalid")]
        [Display(Name = "MyPages.Phone")]
        public string? Phone { get; set; }

        /// <summary>Her postal code: when she moves she changes it here (the municipality follows from it).</summary>
        [Display(Name = "MyPages.PostalCode")]
        public string? PostalCode { get; set; }

        [Display(Name = "MyPages.Languages")]
        public List<string> Languages { get; set; } = [];

        [Display(Name = "MyPages.Interests")]
        public List<string> Interests { get; set; } = [];

        /// <summary>The ticked slots, as bit numbers 0–20.</summary>
        [Display(Name = "MyPages.Availability")]
        public List<int> Availability { get; set; } = [];

        [Required(ErrorMessage = "MyPages.MaxTravelKmRequired")]
        [Range(1, 200, ErrorMessage = "MyPages.MaxTravelKmRange")]
        [Display(Name = "MyPages.MaxTravelKm")]
        public int? MaxTravelKm { get; set; }

        /// <summary>Her networks, one per line (each line an entry).</summary>
        [StringLength(2000, ErrorMessage = "MyPages.NetworksTooLong")]
        [Display(Name = "MyPages.Networks")]
        public string? Networks { get; set; }

        public long Version { get; set; }
    }

    /// <summary>The languages offered (setting), plus those she already has.</summary>
    public IReadOnlyList<SelectListItem> LanguageChoices => Allowed.Select(c => new SelectListItem(T("Language." + c), c)).ToList();

    private IReadOnlyList<string> Allowed { get; set; } = [];

    public IReadOnlyList<SelectListItem> InterestChoices => Catalogues.Interests.Select(c => new SelectListItem(T("Interest." + c), c)).ToList();

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await OpenAsync())
        {
            return Page();
        }

        var me = Me!;
        var profile = me.Profile;
        Allowed = Catalogues.OfferedOrChosen((await settings.GetAsync(HttpContext.RequestAborted)).OfferedLanguages(), profile.Languages, Catalogues.Languages);
        Input = new ProfileInput
        {
            Phone = me.Phone,
            PostalCode = me.PostalCode,
            Languages = profile.Languages.ToList(),
            Interests = profile.Interests.ToList(),
            Availability = AvailabilityGrid.FromBits(me.Availability).ToList(),
            MaxTravelKm = me.MaxTravelKm,
            Networks = NetworkText.Text(profile.NetworkList()),
            Version = me.Version,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await OpenAsync())
        {
            return Page();
        }

        var me = Me!;
        if (MyVolunteer.IsEnded(me.Status))
        {
            ModelState.AddModelError(string.Empty, T("MyPages.EndedNoChanges"));
            return Page();
        }

        Allowed = Catalogues.OfferedOrChosen((await settings.GetAsync(HttpContext.RequestAborted)).OfferedLanguages(), me.Profile.Languages, Catalogues.Languages);
        if (!Catalogues.AllKnown(Input.Languages, Allowed))
        {
            ModelState.AddModelError("Input.Languages", T("Common.UnknownChoice"));
        }

        if (!Catalogues.AllKnown(Input.Interests, Catalogues.Interests))
        {
            ModelState.AddModelError("Input.Interests", T("Common.UnknownChoice"));
        }

        if (!Input.Availability.All(AvailabilityGrid.IsSlot))
        {
            ModelState.AddModelError("Input.Availability", T("Common.UnknownChoice"));
        }

        var networks = NetworkText.Entries(Input.Networks);
        if (!NetworkText.WithinLimits(networks))
        {
            ModelState.AddModelError("Input.Networks", T("MyPages.NetworksTooLong"));
        }

        Volunteers.VolunteerStep? moved = null;
        // An empty postal code keeps the stored one (every browser posts the field, filled in with it).
        if (!string.IsNullOrWhiteSpace(Input.PostalCode) && Input.PostalCode.Trim() != me.PostalCode)
        {
            var (municipality, error) = await screening.LookUpPostalCodeAsync(Input.PostalCode, HttpContext.RequestAborted);
            if (municipality is null)
            {
                ModelState.AddModelError("Input.PostalCode", T(error!));
            }
            else
            {
                moved = Volunteers.VolunteerScreeningService.ChangeAddress(Input.PostalCode!, municipality, byHerself: true);
            }
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var steps = new List<Volunteers.VolunteerStep>
        {
            Volunteers.VolunteerScreeningService.ChangeOwnProfile(
                Clean(Input.Phone), AvailabilityGrid.ToBits(Input.Availability.Distinct()), Input.MaxTravelKm!.Value, Input.Languages, Input.Interests),
        };
        if (!networks.SequenceEqual(me.Profile.NetworkList(), StringComparer.Ordinal))
        {
            // A change of her networks (clearing them too) has its own audit entry her coordinator sees on her record.
            steps.Add(Volunteers.VolunteerScreeningService.ChangeNetworks(networks, byHerself: true));
        }

        if (moved is not null)
        {
            // Her new address, with its own audit entry; matching reads it as soon as this is saved.
            steps.Add(moved);
        }

        if (!await RunMineAsync(screening, Input.Version, [.. steps]))
        {
            return Page();
        }

        StatusMessage = T("Common.Saved");
        return BackHome();
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
