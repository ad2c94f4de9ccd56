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
public sealed class ProfileModel(AppDbContext db, MyVolunteer mine, AuditTrail audit, TimeProvider clock) : MyPageModel(db, mine, audit, clock)
{
    [BindProperty]
    public ProfileInput Input { get; set; } = new();

    public sealed class ProfileInput
    {
        [StringLength(30, ErrorMessage = "Validation.TooLong")]
        [RegularExpression(@"^\+?[0-9 ]{8,20}$", ErrorMessage = "MyPages.PhoneInvalid")]
        [Display(Name = "MyPages.Phone")]
        public string? Phone { get; set; }

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

        [StringLength(300, ErrorMessage = "MyPages.NetworksTooLong")]
        [Display(Name = "MyPages.Networks")]
        public string? Networks { get; set; }

        public long Version { get; set; }
    }

    public IReadOnlyList<SelectListItem> LanguageChoices => Catalogues.Languages.Select(c => new SelectListItem(T("Language." + c), c)).ToList();

    public IReadOnlyList<SelectListItem> InterestChoices => Catalogues.Interests.Select(c => new SelectListItem(T("Interest." + c), c)).ToList();

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await OpenAsync())
        {
            return Page();
        }

        var me = Me!;
        var profile = me.Profile;
        Input = new ProfileInput
        {
            Phone = me.Phone,
            Languages = profile.Languages.ToList(),
            Interests = profile.Interests.ToList(),
            Availability = AvailabilityGrid.FromBits(me.Availability).ToList(),
            MaxTravelKm = me.MaxTravelKm,
            Networks = profile.Networks,
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

        if (!Catalogues.AllKnown(Input.Languages, Catalogues.Languages))
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

        if (!ModelState.IsValid)
        {
            return Page();
        }

        ExpectVersion(Db, me, Input.Version);
        me.Phone = Clean(Input.Phone);
        me.Availability = AvailabilityGrid.ToBits(Input.Availability.Distinct());
        me.MaxTravelKm = Input.MaxTravelKm!.Value;
        me.Profile = me.Profile with
        {
            Languages = Input.Languages.Distinct().ToList(),
            Interests = Input.Interests.Distinct().ToList(),
            Networks = Clean(Input.Networks),
        };
        Audit.Record(AuditActions.VolunteerProfileChanged, nameof(Volunteer), me.Id);
        if (!await TrySaveMineAsync())
        {
            return Page();
        }

        StatusMessage = T("Common.Saved");
        return BackHome();
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
