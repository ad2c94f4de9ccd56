using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Infrastructure;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Admin;

/// <summary>
/// The national policy settings (docs/domain.md §7): the referral deadlines, how long a closed participant's record is
/// kept before the retention job erases it, and how long a break-glass access lasts; and, in a form of their own, the
/// volunteer rules (minimum age, police certificate, renewal reminders, retention, whether a one-time code is required); and, in a
/// third, matching (the seven weights of the soft score and a match's planned duration). One row, edited with optimistic
/// concurrency; every change is audited with the old and new values (policy, never personal data).
/// </summary>
public sealed class SettingsModel(AppDbContext db, ProgrammeSettingsService settings, AuditTrail audit) : AppPageModel
{
    public const int MaxAcknowledgeWorkingDays = 30;
    public const int MaxEscalateWorkingDays = 60;
    public const int MaxRetentionMonths = 120;
    public const int MinBreakGlassMinutes = 5;
    public const int MaxBreakGlassMinutes = 240;
    public const int MinVolunteerAge = 18;
    public const int MaxVolunteerAge = 99;
    public const int MaxCertificateAgeMonths = 12;
    public const int MaxRenewalYears = 10;
    public const int MaxReminderDays = 365;
    public const int MaxRejectedRetentionMonths = 60;
    public const int MaxVolunteerRetentionMonths = 120;
    public const int MaxWeight = 100;
    public const int MinPlannedMonths = 9;
    public const int MaxPlannedMonths = 12;

    /// <summary>docs/domain.md §5.2: a volunteer has at most two women at a time.</summary>
    public const int MaxVolunteerCapacity = 2;

    /// <summary>The prefix of the volunteer form's fields (a form of its own, with its own save).</summary>
    public const string VolunteerForm = "Volunteers";

    /// <summary>The prefix of the matching form's fields (a form of its own, with its own save).</summary>
    public const string MatchingForm = "Matching";

    /// <summary>The prefix of the programme form's fields: who the programme accepts and the languages the forms offer.</summary>
    public const string ProgrammeForm = "Programme";

    private static readonly (string Key, string Message)[] RangeMessages =
    [
        ("Input.AcknowledgeWorkingDays", "Settings.AcknowledgeRange"),
        ("Input.EscalateWorkingDays", "Settings.EscalateRange"),
        ("Input.ParticipantRetentionMonths", "Settings.RetentionRange"),
        ("Input.BreakGlassMinutes", "Settings.BreakGlassRange"),
    ];

    private static readonly (string Key, string Message)[] VolunteerRangeMessages =
    [
        ("Volunteers.VolunteerMinimumAge", "Settings.MinimumAgeRange"),
        ("Volunteers.PoliceCertificateMaxAgeMonths", "Settings.CertificateMaxAgeRange"),
        ("Volunteers.PoliceCertificateRenewalYears", "Settings.RenewalYearsRange"),
        ("Volunteers.RenewalFirstReminderDays", "Settings.FirstReminderRange"),
        ("Volunteers.RenewalSecondReminderDays", "Settings.SecondReminderRange"),
        ("Volunteers.RejectedApplicationRetentionMonths", "Settings.RejectedRetentionRange"),
        ("Volunteers.VolunteerRetentionMonths", "Settings.VolunteerRetentionRange"),
    ];

    private static readonly (string Key, string Message)[] MatchingRangeMessages =
    [
        ("Matching.WeightDistance", "Settings.WeightRange"),
        ("Matching.WeightInterests", "Settings.WeightRange"),
        ("Matching.WeightAvailability", "Settings.WeightRange"),
        ("Matching.WeightExtraLanguages", "Settings.WeightRange"),
        ("Matching.WeightWishes", "Settings.WeightRange"),
        ("Matching.WeightExperience", "Settings.WeightRange"),
        ("Matching.WeightFairness", "Settings.WeightRange"),
        ("Matching.MatchPlannedMonths", "Settings.PlannedMonthsRange"),
        ("Matching.VolunteerMaxCapacity", "Settings.MaxCapacityRange"),
    ];

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Settings.AcknowledgeRange")]
        [Range(1, MaxAcknowledgeWorkingDays, ErrorMessage = "Settings.AcknowledgeRange")]
        [Display(Name = "Settings.AcknowledgeWorkingDays")]
        public int? AcknowledgeWorkingDays { get; set; }

        [Required(ErrorMessage = "Settings.EscalateRange")]
        [Range(1, MaxEscalateWorkingDays, ErrorMessage = "Settings.EscalateRange")]
        [Display(Name = "Settings.EscalateWorkingDays")]
        public int? EscalateWorkingDays { get; set; }

        [Required(ErrorMessage = "Settings.RetentionRange")]
        [Range(1, MaxRetentionMonths, ErrorMessage = "Settings.RetentionRange")]
        [Display(Name = "Settings.ParticipantRetentionMonths")]
        public int? ParticipantRetentionMonths { get; set; }

        [Required(ErrorMessage = "Settings.BreakGlassRange")]
        [Range(MinBreakGlassMinutes, MaxBreakGlassMinutes, ErrorMessage = "Settings.BreakGlassRange")]
        [Display(Name = "Settings.BreakGlassMinutes")]
        public int? BreakGlassMinutes { get; set; }

        public long Version { get; set; }
    }

    /// <summary>The volunteer rules, bound under their own name only (never the empty prefix), so the other form's posts leave them alone.</summary>
    [BindProperty(Name = VolunteerForm)]
    public VolunteerInputModel Volunteers { get; set; } = new();

    public sealed class VolunteerInputModel
    {
        [Required(ErrorMessage = "Settings.MinimumAgeRange")]
        [Range(MinVolunteerAge, MaxVolunteerAge, ErrorMessage = "Settings.MinimumAgeRange")]
        [Display(Name = "Settings.VolunteerMinimumAge")]
        public int? VolunteerMinimumAge { get; set; }

        [Required(ErrorMessage = "Settings.CertificateMaxAgeRange")]
        [Range(1, MaxCertificateAgeMonths, ErrorMessage = "Settings.CertificateMaxAgeRange")]
        [Display(Name = "Settings.PoliceCertificateMaxAgeMonths")]
        public int? PoliceCertificateMaxAgeMonths { get; set; }

        [Required(ErrorMessage = "Settings.RenewalYearsRange")]
        [Range(1, MaxRenewalYears, ErrorMessage = "Settings.RenewalYearsRange")]
        [Display(Name = "Settings.PoliceCertificateRenewalYears")]
        public int? PoliceCertificateRenewalYears { get; set; }

        [Required(ErrorMessage = "Settings.FirstReminderRange")]
        [Range(1, MaxReminderDays, ErrorMessage = "Settings.FirstReminderRange")]
        [Display(Name = "Settings.RenewalFirstReminderDays")]
        public int? RenewalFirstReminderDays { get; set; }

        [Required(ErrorMessage = "Settings.SecondReminderRange")]
        [Range(1, MaxReminderDays, ErrorMessage = "Settings.SecondReminderRange")]
        [Display(Name = "Settings.RenewalSecondReminderDays")]
        public int? RenewalSecondReminderDays { get; set; }

        [Required(ErrorMessage = "Settings.RejectedRetentionRange")]
        [Range(1, MaxRejectedRetentionMonths, ErrorMessage = "Settings.RejectedRetentionRange")]
        [Display(Name = "Settings.RejectedApplicationRetentionMonths")]
        public int? RejectedApplicationRetentionMonths { get; set; }

        [Required(ErrorMessage = "Settings.VolunteerRetentionRange")]
        [Range(1, MaxVolunteerRetentionMonths, ErrorMessage = "Settings.VolunteerRetentionRange")]
        [Display(Name = "Settings.VolunteerRetentionMonths")]
        public int? VolunteerRetentionMonths { get; set; }

        [Display(Name = "Settings.VolunteersRequireSecondFactor")]
        public bool VolunteersRequireSecondFactor { get; set; }

        public long Version { get; set; }
    }

    /// <summary>The matching settings (docs/domain.md §5, §7), bound under their own name only, like the volunteer rules.</summary>
    [BindProperty(Name = MatchingForm)]
    public MatchingInputModel Matching { get; set; } = new();

    public sealed class MatchingInputModel
    {
        [Required(ErrorMessage = "Settings.WeightRange")]
        [Range(0, MaxWeight, ErrorMessage = "Settings.WeightRange")]
        [Display(Name = "Settings.WeightDistance")]
        public int? WeightDistance { get; set; }

        [Required(ErrorMessage = "Settings.WeightRange")]
        [Range(0, MaxWeight, ErrorMessage = "Settings.WeightRange")]
        [Display(Name = "Settings.WeightInterests")]
        public int? WeightInterests { get; set; }

        [Required(ErrorMessage = "Settings.WeightRange")]
        [Range(0, MaxWeight, ErrorMessage = "Settings.WeightRange")]
        [Display(Name = "Settings.WeightAvailability")]
        public int? WeightAvailability { get; set; }

        [Required(ErrorMessage = "Settings.WeightRange")]
        [Range(0, MaxWeight, ErrorMessage = "Settings.WeightRange")]
        [Display(Name = "Settings.WeightExtraLanguages")]
        public int? WeightExtraLanguages { get; set; }

        [Required(ErrorMessage = "Settings.WeightRange")]
        [Range(0, MaxWeight, ErrorMessage = "Settings.WeightRange")]
        [Display(Name = "Settings.WeightWishes")]
        public int? WeightWishes { get; set; }

        [Required(ErrorMessage = "Settings.WeightRange")]
        [Range(0, MaxWeight, ErrorMessage = "Settings.WeightRange")]
        [Display(Name = "Settings.WeightExperience")]
        public int? WeightExperience { get; set; }

        [Required(ErrorMessage = "Settings.WeightRange")]
        [Range(0, MaxWeight, ErrorMessage = "Settings.WeightRange")]
        [Display(Name = "Settings.WeightFairness")]
        public int? WeightFairness { get; set; }

        [Required(ErrorMessage = "Settings.PlannedMonthsRange")]
        [Range(MinPlannedMonths, MaxPlannedMonths, ErrorMessage = "Settings.PlannedMonthsRange")]
        [Display(Name = "Settings.MatchPlannedMonths")]
        public int? MatchPlannedMonths { get; set; }

        [Required(ErrorMessage = "Settings.MaxCapacityRange")]
        [Range(1, MaxVolunteerCapacity, ErrorMessage = "Settings.MaxCapacityRange")]
        [Display(Name = "Settings.VolunteerMaxCapacity")]
        public int? VolunteerMaxCapacity { get; set; }

        public long Version { get; set; }

        /// <summary>The weights in the order of the form (and of the engine's score parts).</summary>
        public IEnumerable<int?> Weights() =>
            [WeightDistance, WeightInterests, WeightAvailability, WeightExtraLanguages, WeightWishes, WeightExperience, WeightFairness];
    }

    /// <summary>Who the programme accepts and the languages its forms offer (docs/domain.md §7), bound under their own name only.</summary>
    [BindProperty(Name = ProgrammeForm)]
    public ProgrammeInputModel Programme { get; set; } = new();

    public sealed class ProgrammeInputModel
    {
        [Display(Name = "Settings.ParticipantGenders")]
        public List<string> ParticipantGenders { get; set; } = [];

        [Display(Name = "Settings.LanguagesOffered")]
        public List<string> LanguagesOffered { get; set; } = [];

        public long Version { get; set; }
    }

    public IReadOnlyList<Microsoft.AspNetCore.Mvc.Rendering.SelectListItem> GenderChoices =>
        Catalogues.Genders.Select(g => new Microsoft.AspNetCore.Mvc.Rendering.SelectListItem(T("Gender." + g), g)).ToList();

    public IReadOnlyList<Microsoft.AspNetCore.Mvc.Rendering.SelectListItem> LanguageChoices =>
        Catalogues.Languages.Select(l => new Microsoft.AspNetCore.Mvc.Rendering.SelectListItem(T("Language." + l), l)).ToList();

    /// <summary>
    /// Who the programme accepts as participants (women by default; at least one) and the languages the referral,
    /// intake, application and profile forms offer (at least one). A language no longer offered stays on the records
    /// that have it. New forms use them at once.
    /// </summary>
    public async Task<IActionResult> OnPostProgrammeAsync()
    {
        foreach (var key in ModelState.Keys.Where(k => !k.StartsWith(ProgrammeForm + ".", StringComparison.Ordinal)).ToList())
        {
            ModelState.Remove(key);
        }

        var current = await settings.GetAsync(HttpContext.RequestAborted);
        Input = ReferralValues(current);
        Volunteers = VolunteerValues(current);
        Matching = MatchingValues(current);
        var input = Programme;
        if (input.ParticipantGenders.Count == 0)
        {
            ModelState.AddModelError("Programme.ParticipantGenders", T("Settings.GendersRequired"));
        }
        else if (!Catalogues.AllKnown(input.ParticipantGenders, Catalogues.Genders))
        {
            ModelState.AddModelError("Programme.ParticipantGenders", T("Common.UnknownChoice"));
        }

        if (input.LanguagesOffered.Count == 0)
        {
            ModelState.AddModelError("Programme.LanguagesOffered", T("Settings.LanguagesRequired"));
        }
        else if (!Catalogues.AllKnown(input.LanguagesOffered, Catalogues.Languages))
        {
            ModelState.AddModelError("Programme.LanguagesOffered", T("Common.UnknownChoice"));
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var genders = string.Join(',', Catalogues.Genders.Where(input.ParticipantGenders.Contains));
        var languages = string.Join(',', Catalogues.Languages.Where(input.LanguagesOffered.Contains));
        return await SaveAsync(input.Version, (stored, changes) =>
        {
            Apply(nameof(ProgrammeSettings.ParticipantGenders), stored.ParticipantGenders, genders, v => stored.ParticipantGenders = v, changes);
            Apply(nameof(ProgrammeSettings.LanguagesOffered), stored.LanguagesOffered, languages, v => stored.LanguagesOffered = v, changes);
        });
    }

    /// <summary>A text setting that changed, recorded as "Name old→new" (codes only, never personal data).</summary>
    private static void Apply(string name, string stored, string value, Action<string> set, List<string> changes)
    {
        if (stored != value)
        {
            changes.Add($"{name} {stored}→{value}");
            set(value);
        }
    }

    public async Task<PageResult> OnGetAsync()
    {
        var current = await settings.GetAsync(HttpContext.RequestAborted);
        Input = ReferralValues(current);
        Volunteers = VolunteerValues(current);
        Matching = MatchingValues(current);
        Programme = ProgrammeValues(current);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        // The other forms are not posted here: they show what is stored, and their (empty) fields are not checked.
        ForgetForm(VolunteerForm);
        ForgetForm(MatchingForm);
        ForgetForm(ProgrammeForm);
        var current = await settings.GetAsync(HttpContext.RequestAborted);
        Volunteers = VolunteerValues(current);
        Matching = MatchingValues(current);
        Programme = ProgrammeValues(current);
        // One clear message per field, whatever was wrong (empty, not a whole number, out of range).
        ReplaceRangeMessages(RangeMessages);

        // The escalation comes after the acknowledgement deadline (only checked when both are valid numbers).
        if (Input is { AcknowledgeWorkingDays: { } acknowledge, EscalateWorkingDays: { } escalate }
            && IsValid("Input.AcknowledgeWorkingDays") && IsValid("Input.EscalateWorkingDays")
            && escalate <= acknowledge)
        {
            ModelState.AddModelError("Input.EscalateWorkingDays", T("Settings.EscalateAfterAcknowledge"));
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        return await SaveAsync(Input.Version, (stored, changes) =>
        {
            Apply(nameof(ProgrammeSettings.AcknowledgeWorkingDays), stored.AcknowledgeWorkingDays, Input.AcknowledgeWorkingDays!.Value, v => stored.AcknowledgeWorkingDays = v, changes);
            Apply(nameof(ProgrammeSettings.EscalateWorkingDays), stored.EscalateWorkingDays, Input.EscalateWorkingDays!.Value, v => stored.EscalateWorkingDays = v, changes);
            Apply(nameof(ProgrammeSettings.ParticipantRetentionMonths), stored.ParticipantRetentionMonths, Input.ParticipantRetentionMonths!.Value, v => stored.ParticipantRetentionMonths = v, changes);
            Apply(nameof(ProgrammeSettings.BreakGlassMinutes), stored.BreakGlassMinutes, Input.BreakGlassMinutes!.Value, v => stored.BreakGlassMinutes = v, changes);
        });
    }

    /// <summary>The volunteer rules (docs/domain.md §4.1, §8): minimum age, police certificate, renewal reminders, retention.</summary>
    public async Task<IActionResult> OnPostVolunteersAsync()
    {
        // The referral form is not posted here: it shows what is stored, and its (empty) fields are not checked. They
        // may have bound under the empty prefix, so everything but this form's own entries is dropped.
        foreach (var key in ModelState.Keys.Where(k => !k.StartsWith(VolunteerForm + ".", StringComparison.Ordinal)).ToList())
        {
            ModelState.Remove(key);
        }

        var current = await settings.GetAsync(HttpContext.RequestAborted);
        Input = ReferralValues(current);
        Matching = MatchingValues(current);
        Programme = ProgrammeValues(current);

        ReplaceRangeMessages(VolunteerRangeMessages);

        // The first reminder comes before the second (only checked when both are valid numbers).
        if (Volunteers is { RenewalFirstReminderDays: { } first, RenewalSecondReminderDays: { } second }
            && IsValid("Volunteers.RenewalFirstReminderDays") && IsValid("Volunteers.RenewalSecondReminderDays")
            && first <= second)
        {
            ModelState.AddModelError("Volunteers.RenewalFirstReminderDays", T("Settings.FirstReminderBeforeSecond"));
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var input = Volunteers;
        return await SaveAsync(input.Version, (stored, changes) =>
        {
            Apply(nameof(ProgrammeSettings.VolunteerMinimumAge), stored.VolunteerMinimumAge, input.VolunteerMinimumAge!.Value, v => stored.VolunteerMinimumAge = v, changes);
            Apply(nameof(ProgrammeSettings.PoliceCertificateMaxAgeMonths), stored.PoliceCertificateMaxAgeMonths, input.PoliceCertificateMaxAgeMonths!.Value, v => stored.PoliceCertificateMaxAgeMonths = v, changes);
            Apply(nameof(ProgrammeSettings.PoliceCertificateRenewalYears), stored.PoliceCertificateRenewalYears, input.PoliceCertificateRenewalYears!.Value, v => stored.PoliceCertificateRenewalYears = v, changes);
            Apply(nameof(ProgrammeSettings.RenewalFirstReminderDays), stored.RenewalFirstReminderDays, input.RenewalFirstReminderDays!.Value, v => stored.RenewalFirstReminderDays = v, changes);
            Apply(nameof(ProgrammeSettings.RenewalSecondReminderDays), stored.RenewalSecondReminderDays, input.RenewalSecondReminderDays!.Value, v => stored.RenewalSecondReminderDays = v, changes);
            Apply(nameof(ProgrammeSettings.RejectedApplicationRetentionMonths), stored.RejectedApplicationRetentionMonths, input.RejectedApplicationRetentionMonths!.Value, v => stored.RejectedApplicationRetentionMonths = v, changes);
            Apply(nameof(ProgrammeSettings.VolunteerRetentionMonths), stored.VolunteerRetentionMonths, input.VolunteerRetentionMonths!.Value, v => stored.VolunteerRetentionMonths = v, changes);
            if (stored.VolunteersRequireSecondFactor != input.VolunteersRequireSecondFactor)
            {
                changes.Add(string.Create(CultureInfo.InvariantCulture, $"{nameof(ProgrammeSettings.VolunteersRequireSecondFactor)} {stored.VolunteersRequireSecondFactor}→{input.VolunteersRequireSecondFactor}"));
                stored.VolunteersRequireSecondFactor = input.VolunteersRequireSecondFactor;
            }
        });
    }

    /// <summary>
    /// Matching (docs/domain.md §5, §4.3): the seven weights of the soft score, each a whole number 0–100 with at least one
    /// above 0 (they are normalised, so only their proportions matter), and the months from the start meeting to a
    /// match's planned end (9–12). New suggestions and plans use them at once; a match already started keeps its end.
    /// </summary>
    public async Task<IActionResult> OnPostMatchingAsync()
    {
        // Only this form's own entries are checked (the others may have bound under the empty prefix).
        foreach (var key in ModelState.Keys.Where(k => !k.StartsWith(MatchingForm + ".", StringComparison.Ordinal)).ToList())
        {
            ModelState.Remove(key);
        }

        var current = await settings.GetAsync(HttpContext.RequestAborted);
        Input = ReferralValues(current);
        Volunteers = VolunteerValues(current);
        Programme = ProgrammeValues(current);

        ReplaceRangeMessages(MatchingRangeMessages);

        // At least one weight counts (only checked when every weight is a valid number): next to the first weight.
        var input = Matching;
        if (MatchingRangeMessages.Take(7).All(m => IsValid(m.Key)) && input.Weights().All(w => w is not null) && input.Weights().All(w => w == 0))
        {
            ModelState.AddModelError("Matching.WeightDistance", T("Settings.WeightsAllZero"));
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        return await SaveAsync(input.Version, (stored, changes) =>
        {
            Apply(nameof(ProgrammeSettings.WeightDistance), stored.WeightDistance, input.WeightDistance!.Value, v => stored.WeightDistance = v, changes);
            Apply(nameof(ProgrammeSettings.WeightInterests), stored.WeightInterests, input.WeightInterests!.Value, v => stored.WeightInterests = v, changes);
            Apply(nameof(ProgrammeSettings.WeightAvailability), stored.WeightAvailability, input.WeightAvailability!.Value, v => stored.WeightAvailability = v, changes);
            Apply(nameof(ProgrammeSettings.WeightExtraLanguages), stored.WeightExtraLanguages, input.WeightExtraLanguages!.Value, v => stored.WeightExtraLanguages = v, changes);
            Apply(nameof(ProgrammeSettings.WeightWishes), stored.WeightWishes, input.WeightWishes!.Value, v => stored.WeightWishes = v, changes);
            Apply(nameof(ProgrammeSettings.WeightExperience), stored.WeightExperience, input.WeightExperience!.Value, v => stored.WeightExperience = v, changes);
            Apply(nameof(ProgrammeSettings.WeightFairness), stored.WeightFairness, input.WeightFairness!.Value, v => stored.WeightFairness = v, changes);
            Apply(nameof(ProgrammeSettings.MatchPlannedMonths), stored.MatchPlannedMonths, input.MatchPlannedMonths!.Value, v => stored.MatchPlannedMonths = v, changes);
            Apply(nameof(ProgrammeSettings.VolunteerMaxCapacity), stored.VolunteerMaxCapacity, input.VolunteerMaxCapacity!.Value, v => stored.VolunteerMaxCapacity = v, changes);
        });
    }

    /// <summary>One clear message per field, whatever was wrong (empty, not a whole number, out of range).</summary>
    private void ReplaceRangeMessages(IEnumerable<(string Key, string Message)> messages)
    {
        foreach (var (key, message) in messages)
        {
            if (ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0)
            {
                entry.Errors.Clear();
                entry.Errors.Add(T(message));
            }
        }
    }

    /// <summary>
    /// Saves one form's values onto the settings row (created on the first save), with the lost-update check against
    /// the version the form was built from, and the audit of what changed.
    /// </summary>
    private async Task<IActionResult> SaveAsync(long version, Action<ProgrammeSettings, List<string>> apply)
    {
        var stored = await settings.GetForUpdateAsync(HttpContext.RequestAborted);
        var isNew = db.Entry(stored).State == EntityState.Added;
        if (isNew && version != 0)
        {
            // The form was built from a stored row that is gone: nothing to compare with, so nothing is saved.
            ModelState.AddModelError(string.Empty, T("Common.Concurrency"));
            return Page();
        }

        if (!isNew)
        {
            ExpectVersion(db, stored, version);
        }

        var changes = new List<string>();
        apply(stored, changes);
        RecordChanges(stored.Id, changes);
        // Another admin created the row in the meantime: refused by its key, answered like a lost update.
        if (!await TrySaveAsync(db))
        {
            return Page();
        }

        StatusMessage = T("Common.Saved");
        return Redirect("/admin/innstillinger");
    }

    /// <summary>
    /// One SettingsChanged entry naming what changed ("Name old→new"); a long list is split over several entries, as
    /// an audit detail holds at most <see cref="AuditTrail.MaxDetailLength"/> characters.
    /// </summary>
    private void RecordChanges(Guid id, List<string> changes)
    {
        if (changes.Count == 0)
        {
            audit.Record(AuditActions.SettingsChanged, nameof(ProgrammeSettings), id);
            return;
        }

        var chunk = new List<string>();
        foreach (var change in changes)
        {
            if (chunk.Count > 0 && string.Join(", ", chunk.Append(change)).Length > AuditTrail.MaxDetailLength)
            {
                audit.Record(AuditActions.SettingsChanged, nameof(ProgrammeSettings), id, string.Join(", ", chunk));
                chunk.Clear();
            }

            chunk.Add(change);
        }

        audit.Record(AuditActions.SettingsChanged, nameof(ProgrammeSettings), id, string.Join(", ", chunk));
    }

    private static InputModel ReferralValues(ProgrammeSettings current) => new()
    {
        AcknowledgeWorkingDays = current.AcknowledgeWorkingDays,
        EscalateWorkingDays = current.EscalateWorkingDays,
        ParticipantRetentionMonths = current.ParticipantRetentionMonths,
        BreakGlassMinutes = current.BreakGlassMinutes,
        Version = current.Version,
    };

    private static MatchingInputModel MatchingValues(ProgrammeSettings current) => new()
    {
        WeightDistance = current.WeightDistance,
        WeightInterests = current.WeightInterests,
        WeightAvailability = current.WeightAvailability,
        WeightExtraLanguages = current.WeightExtraLanguages,
        WeightWishes = current.WeightWishes,
        WeightExperience = current.WeightExperience,
        WeightFairness = current.WeightFairness,
        MatchPlannedMonths = current.MatchPlannedMonths,
        VolunteerMaxCapacity = current.VolunteerMaxCapacity,
        Version = current.Version,
    };

    private static ProgrammeInputModel ProgrammeValues(ProgrammeSettings current) => new()
    {
        ParticipantGenders = current.AcceptedGenders().ToList(),
        LanguagesOffered = current.OfferedLanguages().ToList(),
        Version = current.Version,
    };

    private static VolunteerInputModel VolunteerValues(ProgrammeSettings current) => new()
    {
        VolunteerMinimumAge = current.VolunteerMinimumAge,
        PoliceCertificateMaxAgeMonths = current.PoliceCertificateMaxAgeMonths,
        PoliceCertificateRenewalYears = current.PoliceCertificateRenewalYears,
        RenewalFirstReminderDays = current.RenewalFirstReminderDays,
        RenewalSecondReminderDays = current.RenewalSecondReminderDays,
        RejectedApplicationRetentionMonths = current.RejectedApplicationRetentionMonths,
        VolunteerRetentionMonths = current.VolunteerRetentionMonths,
        VolunteersRequireSecondFactor = current.VolunteersRequireSecondFactor,
        Version = current.Version,
    };

    /// <summary>Drops the model state of the form that was not posted (its fields bind empty on every post).</summary>
    private void ForgetForm(string prefix)
    {
        foreach (var key in ModelState.Keys.Where(k => k.StartsWith(prefix + ".", StringComparison.Ordinal)).ToList())
        {
            ModelState.Remove(key);
        }
    }

    private bool IsValid(string key) => ModelState.GetFieldValidationState(key) != ModelValidationState.Invalid;

    /// <summary>Sets a value and notes "Name old→new" for the audit entry (policy values only, no personal data).</summary>
    private static void Apply(string name, int old, int value, Action<int> set, List<string> changes)
    {
        if (old != value)
        {
            set(value);
            changes.Add(string.Create(CultureInfo.InvariantCulture, $"{name} {old}→{value}"));
        }
    }
}
