using System.ComponentModel;
using System.Globalization;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Participants;

namespace Ressursvenn.Web.Features.Participants;

/// <summary>
/// What a crisis centre writes in a referral and a coordinator may later correct (docs/domain.md §4.2): her name, the
/// safe-contact plan, her area (or only a county when she lives at a protected address), languages, interests,
/// needs and the risk information matching needs. Shared by the referral form, the coordinator's edit page and the API.
/// </summary>
public class ParticipantForm
{
    [Required(ErrorMessage = "Participant.NameRequired")]
    [StringLength(100, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Participant.Name")]
    public string? Name { get; set; }

    [Display(Name = "Participant.Channel")]
    public ContactChannel Channel { get; set; } = ContactChannel.Phone;

    [StringLength(30, ErrorMessage = "Validation.TooLong")]
    [RegularExpression(@"^\+?[0-9 ]{8,20}$", ErrorMessage = "Participant.PhoneInvalid")]
    [Display(Name = "Participant.Phone")]
    public string? Phone { get; set; }

    [StringLength(200, ErrorMessage = "Validation.TooLong")]
    [EmailAddress(ErrorMessage = "Participant.EmailInvalid")]
    [Display(Name = "Participant.Email")]
    public string? Email { get; set; }

    [StringLength(200, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Participant.SafeTimes")]
    public string? SafeTimes { get; set; }

    [Display(Name = "Participant.MayLeaveMessage")]
    public bool MayLeaveMessage { get; set; }

    [StringLength(50, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Participant.CodeWord")]
    public string? CodeWord { get; set; }

    [Display(Name = "Participant.ProtectedAddress")]
    public bool ProtectedAddress { get; set; }

    [StringLength(4, ErrorMessage = "Common.UnknownChoice")]
    [Display(Name = "Participant.Municipality")]
    public string? MunicipalityCode { get; set; }

    [RegularExpression("^[0-9]{4}$", ErrorMessage = "Participant.PostalCodeInvalid")]
    [Display(Name = "Participant.PostalCode")]
    public string? PostalCode { get; set; }

    [StringLength(2, ErrorMessage = "Common.UnknownChoice")]
    [Display(Name = "Participant.CoarseArea")]
    public string? CoarseCountyCode { get; set; }

    [Display(Name = "Participant.Gender")]
    [Description("Only when the programme accepts more than one (setting ParticipantGenders): female or male. Otherwise the one accepted.")]
    public string? Gender { get; set; }

    [Display(Name = "Participant.AgeGroup")]
    [Description("Her age as a range: one of 18-24, 25-34, 35-44, 45-54, 55-64, 65+ (optional).")]
    public string? AgeGroup { get; set; }

    [Display(Name = "Participant.Languages")]
    public List<string> Languages { get; set; } = [];

    [Display(Name = "Participant.NeedsSameLanguage")]
    public bool NeedsSameLanguage { get; set; }

    [Display(Name = "Participant.NeedsInterpreter")]
    public bool NeedsInterpreter { get; set; }

    [Display(Name = "Participant.Interests")]
    public List<string> Interests { get; set; } = [];

    [Display(Name = "Participant.Needs")]
    public List<string> Needs { get; set; } = [];

    [StringLength(500, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Participant.OtherNeeds")]
    public string? OtherNeeds { get; set; }

    [Display(Name = "Participant.MovesOutOn")]
    public DateOnly? MovesOutOn { get; set; }

    [Display(Name = "Participant.HonourRelatedViolence")]
    public bool HonourRelatedViolence { get; set; }

    [Display(Name = "Participant.NegativeSocialControl")]
    public bool NegativeSocialControl { get; set; }

    [Display(Name = "Participant.ForcedMarriage")]
    public bool ForcedMarriage { get; set; }

    [Display(Name = "Participant.MunicipalitiesToAvoid")]
    public List<string> MunicipalitiesToAvoid { get; set; } = [];

    [StringLength(300, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Participant.NetworksToAvoid")]
    public string? NetworksToAvoid { get; set; }

    /// <summary>The rules between fields and against the reference data; messages go under the field (prefix "Input.").</summary>
    /// <param name="today">Today in Oslo, for the plausible date ranges.</param>
    /// <param name="keptLanguages">Her languages as stored (editing): kept even when no longer offered.</param>
    public async Task ValidateAsync(ModelStateDictionary state, AppDbContext db, IStringLocalizer t, DateOnly today, string prefix = "Input.", IEnumerable<string>? keptLanguages = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(t);
        var policy = await db.Settings.AsNoTracking().FirstOrDefaultAsync(s => s.Id == ProgrammeSettings.SingletonId) ?? new ProgrammeSettings();
        var genders = policy.AcceptedGenders();
        if (string.IsNullOrWhiteSpace(Gender) && genders.Count == 1)
        {
            // One accepted gender: she is that (the form does not ask).
            Gender = genders[0];
        }

        if (string.IsNullOrWhiteSpace(Gender))
        {
            state.AddModelError(prefix + nameof(Gender), t["Participant.GenderRequired"]);
        }
        else if (!genders.Contains(Gender, StringComparer.Ordinal))
        {
            state.AddModelError(prefix + nameof(Gender), t["Participant.GenderNotAccepted"]);
        }

        if (MovesOutOn is { } movesOut && !Domain.Input.PlausibleDates.MoveOut.Contains(movesOut, today))
        {
            state.AddModelError(prefix + nameof(MovesOutOn), t["Validation.DateRange",
                Domain.Input.PlausibleDates.MoveOut.Earliest(today).ToString("dd.MM.yyyy", CultureInfo.InvariantCulture),
                Domain.Input.PlausibleDates.MoveOut.Latest(today).ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)]);
        }

        if (!Enum.IsDefined(Channel))
        {
            state.AddModelError(prefix + nameof(Channel), t["Common.UnknownChoice"]);
        }

        if (Channel is ContactChannel.Phone or ContactChannel.Sms && string.IsNullOrWhiteSpace(Phone))
        {
            state.AddModelError(prefix + nameof(Phone), t["Participant.PhoneRequiredForChannel"]);
        }

        if (Channel == ContactChannel.Email && string.IsNullOrWhiteSpace(Email))
        {
            state.AddModelError(prefix + nameof(Email), t["Participant.EmailRequiredForChannel"]);
        }

        if (ProtectedAddress)
        {
            if (string.IsNullOrEmpty(CoarseCountyCode))
            {
                state.AddModelError(prefix + nameof(CoarseCountyCode), t["Participant.CoarseAreaRequired"]);
            }
            else if (!await db.Counties.AnyAsync(c => c.Code == CoarseCountyCode))
            {
                state.AddModelError(prefix + nameof(CoarseCountyCode), t["Common.UnknownChoice"]);
            }
        }
        else if (string.IsNullOrEmpty(MunicipalityCode))
        {
            state.AddModelError(prefix + nameof(MunicipalityCode), t["Participant.MunicipalityRequired"]);
        }
        else if (!await db.Municipalities.AnyAsync(m => m.Code == MunicipalityCode))
        {
            state.AddModelError(prefix + nameof(MunicipalityCode), t["Common.UnknownChoice"]);
        }
        else if (!string.IsNullOrEmpty(PostalCode) && !await db.PostalCodes.AnyAsync(p => p.Code == PostalCode && p.MunicipalityCode == MunicipalityCode))
        {
            state.AddModelError(prefix + nameof(PostalCode), t["Participant.PostalCodeNotInMunicipality"]);
        }

        if (!Catalogues.AllKnown(Languages, Catalogues.OfferedOrChosen(policy.OfferedLanguages(), keptLanguages ?? [], Catalogues.Languages)))
        {
            state.AddModelError(prefix + nameof(Languages), t["Common.UnknownChoice"]);
        }

        if (NeedsSameLanguage && Languages.Count == 0)
        {
            state.AddModelError(prefix + nameof(Languages), t["Participant.LanguageRequiredForMatch"]);
        }

        if (AgeGroup is { } ageGroup && !Catalogues.AgeGroups.Contains(ageGroup, StringComparer.Ordinal))
        {
            state.AddModelError(prefix + nameof(AgeGroup), t["Common.UnknownChoice"]);
        }

        if (!Catalogues.AllKnown(Interests, Catalogues.Interests))
        {
            state.AddModelError(prefix + nameof(Interests), t["Common.UnknownChoice"]);
        }

        if (!Catalogues.AllKnown(Needs, Catalogues.Needs))
        {
            state.AddModelError(prefix + nameof(Needs), t["Common.UnknownChoice"]);
        }

        var avoid = MunicipalitiesToAvoid.Distinct().ToList();
        if (avoid.Count > 0 && await db.Municipalities.CountAsync(m => avoid.Contains(m.Code)) != avoid.Count)
        {
            state.AddModelError(prefix + nameof(MunicipalitiesToAvoid), t["Common.UnknownChoice"]);
        }
    }

    /// <summary>Writes the form onto her record. A protected address keeps no municipality or postal code.</summary>
    public void ApplyTo(Participant participant)
    {
        ArgumentNullException.ThrowIfNull(participant);
        participant.Name = Name!.Trim();
        participant.Contact = new SafeContact
        {
            Channel = Channel,
            Phone = Clean(Phone),
            Email = Clean(Email),
            SafeTimes = Clean(SafeTimes),
            MayLeaveMessage = MayLeaveMessage,
            CodeWord = Clean(CodeWord),
        };
        participant.IsProtected = participant.IsProtected || ProtectedAddress;
        participant.Area = participant.IsProtected
            ? new Area { CoarseCountyCode = CoarseCountyCode }
            : new Area { MunicipalityCode = MunicipalityCode, PostalCode = Clean(PostalCode) };
        participant.Profile = new ParticipantProfile
        {
            Languages = Languages.Distinct().ToList(),
            AgeGroup = Clean(AgeGroup),
            Gender = Clean(Gender),
            NeedsSameLanguage = NeedsSameLanguage,
            NeedsInterpreter = NeedsInterpreter,
            Interests = Interests.Distinct().ToList(),
            Needs = Needs.Distinct().ToList(),
            OtherNeeds = Clean(OtherNeeds),
            MovesOutOn = MovesOutOn,
        };
        participant.Risk = new RiskInformation
        {
            HonourRelatedViolence = HonourRelatedViolence,
            NegativeSocialControl = NegativeSocialControl,
            ForcedMarriage = ForcedMarriage,
            MunicipalitiesToAvoid = MunicipalitiesToAvoid.Distinct().ToList(),
            NetworksToAvoid = Clean(NetworksToAvoid),
        };
    }

    /// <summary>Fills the form from her record (decrypted on load).</summary>
    public void LoadFrom(Participant participant)
    {
        ArgumentNullException.ThrowIfNull(participant);
        var (contact, area, profile, risk) = (participant.Contact, participant.Area, participant.Profile, participant.Risk);
        Name = participant.Name;
        (Channel, Phone, Email, SafeTimes, MayLeaveMessage, CodeWord) =
            (contact.Channel, contact.Phone, contact.Email, contact.SafeTimes, contact.MayLeaveMessage, contact.CodeWord);
        (ProtectedAddress, MunicipalityCode, PostalCode, CoarseCountyCode) =
            (participant.IsProtected, area.MunicipalityCode, area.PostalCode, area.CoarseCountyCode);
        AgeGroup = profile.AgeGroup;
        Gender = profile.Gender;
        (Languages, NeedsSameLanguage, NeedsInterpreter, Interests, Needs, OtherNeeds, MovesOutOn) =
            (profile.Languages.ToList(), profile.NeedsSameLanguage, profile.NeedsInterpreter, profile.Interests.ToList(), profile.Needs.ToList(), profile.OtherNeeds, profile.MovesOutOn);
        (HonourRelatedViolence, NegativeSocialControl, ForcedMarriage, MunicipalitiesToAvoid, NetworksToAvoid) =
            (risk.HonourRelatedViolence, risk.NegativeSocialControl, risk.ForcedMarriage, risk.MunicipalitiesToAvoid.ToList(), risk.NetworksToAvoid);
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>The choices of the participant form, in the user's language.</summary>
public sealed class ParticipantFormOptions(Admin.AdminOptions admin, IStringLocalizer<SharedResource> t, Infrastructure.ProgrammeSettingsService settings)
{
    private ProgrammeSettings policy = new();

    /// <summary>The languages offered (setting), plus those she already has: her form never drops one silently.</summary>
    public IReadOnlyList<SelectListItem> LanguagesFor(IEnumerable<string> chosen) =>
        Items("Language.", Catalogues.OfferedOrChosen(policy.OfferedLanguages(), chosen, Catalogues.Languages));

    /// <summary>Whether the form asks her gender: only when the programme accepts more than one.</summary>
    public bool AsksGender => policy.AcceptedGenders().Count > 1;

    public IReadOnlyList<SelectListItem> Genders => Items("Gender.", policy.AcceptedGenders());

    public IReadOnlyList<SelectListItem> Municipalities { get; private set; } = [];

    public IReadOnlyList<SelectListItem> Counties { get; private set; } = [];

    public IReadOnlyList<SelectListItem> Channels => Enum.GetValues<ContactChannel>().Select(c => new SelectListItem(t["Channel." + c], c.ToString())).ToList();

    public IReadOnlyList<SelectListItem> Interests => Items("Interest.", Catalogues.Interests);

    public IReadOnlyList<SelectListItem> Needs => Items("Need.", Catalogues.Needs);

    public IReadOnlyList<SelectListItem> AgeGroups => Items("AgeGroup.", Catalogues.AgeGroups);

    public async Task<ParticipantFormOptions> LoadAsync()
    {
        policy = await settings.GetAsync();
        Municipalities = await admin.MunicipalitiesAsync();
        Counties = await admin.CountiesAsync();
        return this;
    }

    private List<SelectListItem> Items(string prefix, IEnumerable<string> codes) =>
        codes.Select(c => new SelectListItem(t[prefix + c], c)).ToList();
}
