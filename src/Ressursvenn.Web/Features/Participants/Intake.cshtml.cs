using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Calendar;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Features.Apply;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Participants;

/// <summary>
/// The intake conversation (kartleggingssamtale): date, needs, wishes for the volunteer, and when it usually suits her
/// to meet (the weekday × part-of-day grid of <see cref="AvailabilityGrid"/>, optional, scored against the volunteers'
/// times in her suggestions); then, usually, the waiting list. Recording it again edits it.
/// </summary>
public sealed class IntakeModel(
    AppDbContext db, ParticipantLoader access, AuditTrail audit, TimeProvider clock, Infrastructure.ProgrammeSettingsService settings, ParticipantService participants)
    : ParticipantPageModel(db, access, audit, clock)
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Intake.HeldOnRequired")]
        [PlausibleDate(nameof(Domain.Input.PlausibleDates.Held))]
        [Display(Name = "Intake.HeldOn")]
        public DateOnly? HeldOn { get; set; }

        [StringLength(1000, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Intake.Summary")]
        public string? Summary { get; set; }

        [Range(18, 99, ErrorMessage = "Intake.AgeRange")]
        [Display(Name = "Intake.VolunteerMinAge")]
        public int? VolunteerMinAge { get; set; }

        [Range(18, 99, ErrorMessage = "Intake.AgeRange")]
        [Display(Name = "Intake.VolunteerMaxAge")]
        public int? VolunteerMaxAge { get; set; }

        [Display(Name = "Intake.OutsideOwnCommunity")]
        public bool OutsideOwnCommunity { get; set; }

        /// <summary>Languages she would like the volunteer to speak (catalogue codes).</summary>
        [Display(Name = "Intake.WishedLanguages")]
        public List<string> WishedLanguages { get; set; } = [];

        [StringLength(500, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Intake.Wishes")]
        public string? Wishes { get; set; }

        /// <summary>The ticked slots of the grid (see <see cref="AvailabilityGrid"/>); none is fine.</summary>
        [Display(Name = "Intake.Availability")]
        public List<int> Availability { get; set; } = [];

        public long Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        var intake = Participant.Intake;
        await LoadLanguagesAsync();
        Input = new InputModel
        {
            HeldOn = intake?.HeldOn ?? WorkingDays.OsloDate(Now),
            Summary = intake?.Summary,
            VolunteerMinAge = intake?.VolunteerMinAge,
            VolunteerMaxAge = intake?.VolunteerMaxAge,
            OutsideOwnCommunity = intake?.OutsideOwnCommunity ?? false,
            Wishes = intake?.Wishes,
            WishedLanguages = intake?.WishedLanguages.ToList() ?? [],
            Availability = AvailabilityGrid.FromBits(intake?.Availability ?? 0).ToList(),
            Version = Participant.Version,
        };
        await AuditViewAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, bool toWaitingList)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        if (Input.HeldOn is { } held && held > WorkingDays.OsloDate(Now))
        {
            ModelState.AddModelError("Input.HeldOn", T("Intake.HeldOnFuture"));
        }

        if (Input.VolunteerMinAge is { } min && Input.VolunteerMaxAge is { } max && min > max)
        {
            ModelState.AddModelError("Input.VolunteerMaxAge", T("Intake.AgeOrder"));
        }

        await LoadLanguagesAsync();
        if (!Catalogues.AllKnown(Input.WishedLanguages, allowedLanguages))
        {
            ModelState.AddModelError("Input.WishedLanguages", T("Common.UnknownChoice"));
        }

        if (!Input.Availability.All(AvailabilityGrid.IsSlot))
        {
            ModelState.AddModelError("Input.Availability", T("Common.UnknownChoice"));
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var intake = new Intake
        {
            HeldOn = Input.HeldOn!.Value,
            Summary = Clean(Input.Summary),
            VolunteerMinAge = Input.VolunteerMinAge,
            VolunteerMaxAge = Input.VolunteerMaxAge,
            OutsideOwnCommunity = Input.OutsideOwnCommunity,
            Wishes = Clean(Input.Wishes),
            WishedLanguages = Input.WishedLanguages.Distinct(StringComparer.Ordinal).ToList(),
            Availability = AvailabilityGrid.ToBits(Input.Availability.Distinct()),
        };
        var steps = new List<ParticipantStep> { participants.RecordIntake(intake) };
        if (toWaitingList && Participant.Status != ParticipantStatus.Waiting)
        {
            steps.Add(participants.PutOnWaitingList());
        }

        if (!Saved(await participants.RunAsync(Participant, Input.Version, steps, HttpContext.RequestAborted)))
        {
            // What she typed stays; her record is read again as it stands now (the unit of work was discarded).
            return await OpenAsync(id) ? Page() : Denied();
        }

        StatusMessage = T(toWaitingList ? "Participant.NowWaiting" : "Common.Saved");
        return BackToRecord();
    }

    /// <summary>The languages she may wish for, in the user's language.</summary>
    public IReadOnlyList<SelectListItem> LanguageChoices => allowedLanguages.Select(c => new SelectListItem(T("Language." + c), c)).ToList();

    private IReadOnlyList<string> allowedLanguages = [];

    /// <summary>The languages offered (setting), plus those she already wished for.</summary>
    private async Task LoadLanguagesAsync() => allowedLanguages = Catalogues.OfferedOrChosen(
        (await settings.GetAsync(HttpContext.RequestAborted)).OfferedLanguages(), Participant.Intake?.WishedLanguages ?? [], Catalogues.Languages);

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
