using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Infrastructure;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Admin.Settings;

/// <summary>
/// The volunteer rules (docs/domain.md §4.1, §8): minimum age, police certificate, renewal reminders, retention, and
/// whether a volunteer signs in with a one-time code too.
/// </summary>
public sealed class VolunteersModel(AppDbContext db, ProgrammeSettingsService settings, AuditTrail audit) : SettingsPageModel(db, settings, audit)
{
    public const int MinVolunteerAge = 18;
    public const int MaxVolunteerAge = 99;
    public const int MaxCertificateAgeMonths = 12;
    public const int MaxRenewalYears = 10;
    public const int MaxReminderDays = 365;
    public const int MaxRejectedRetentionMonths = 60;
    public const int MaxVolunteerRetentionMonths = 120;

    /// <summary>The prefix of the form's fields.</summary>
    public const string Form = "Volunteers";

    private static readonly (string Key, string Message)[] Messages =
    [
        ("Volunteers.VolunteerMinimumAge", "Settings.MinimumAgeRange"),
        ("Volunteers.PoliceCertificateMaxAgeMonths", "Settings.CertificateMaxAgeRange"),
        ("Volunteers.PoliceCertificateRenewalYears", "Settings.RenewalYearsRange"),
        ("Volunteers.RenewalFirstReminderDays", "Settings.FirstReminderRange"),
        ("Volunteers.RenewalSecondReminderDays", "Settings.SecondReminderRange"),
        ("Volunteers.RejectedApplicationRetentionMonths", "Settings.RejectedRetentionRange"),
        ("Volunteers.VolunteerRetentionMonths", "Settings.VolunteerRetentionRange"),
    ];

    protected override IEnumerable<(string Key, string Message)> RangeMessages => Messages;

    protected override long PostedVersion => Volunteers.Version;

    protected override string PageUrl => "/admin/innstillinger/frivillige";

    [BindProperty(Name = Form)]
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

    protected override void Fill(ProgrammeSettings current) => Volunteers = new()
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

    protected override void Check()
    {
        // The first reminder comes before the second (only checked when both are valid numbers).
        if (Volunteers is { RenewalFirstReminderDays: { } first, RenewalSecondReminderDays: { } second }
            && IsValid("Volunteers.RenewalFirstReminderDays") && IsValid("Volunteers.RenewalSecondReminderDays")
            && first <= second)
        {
            ModelState.AddModelError("Volunteers.RenewalFirstReminderDays", T("Settings.FirstReminderBeforeSecond"));
        }
    }

    protected override void Write(ProgrammeSettings stored, List<string> changes)
    {
        var input = Volunteers;
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
    }
}
