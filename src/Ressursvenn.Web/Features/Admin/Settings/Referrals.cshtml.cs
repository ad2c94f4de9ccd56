using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Infrastructure;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Admin.Settings;

/// <summary>
/// The referral deadlines, how long a closed participant's record is kept before the retention job erases it, and how
/// long a break-glass access lasts.
/// </summary>
public sealed class ReferralsModel(AppDbContext db, ProgrammeSettingsService settings, AuditTrail audit) : SettingsPageModel(db, settings, audit)
{
    public const int MaxAcknowledgeWorkingDays = 30;
    public const int MaxEscalateWorkingDays = 60;
    public const int MaxRetentionMonths = 120;
    public const int MinBreakGlassMinutes = 5;
    public const int MaxBreakGlassMinutes = 240;

    private static readonly (string Key, string Message)[] Messages =
    [
        ("Input.AcknowledgeWorkingDays", "Settings.AcknowledgeRange"),
        ("Input.EscalateWorkingDays", "Settings.EscalateRange"),
        ("Input.ParticipantRetentionMonths", "Settings.RetentionRange"),
        ("Input.BreakGlassMinutes", "Settings.BreakGlassRange"),
    ];

    protected override IEnumerable<(string Key, string Message)> RangeMessages => Messages;

    protected override long PostedVersion => Input.Version;

    protected override string PageUrl => "/admin/innstillinger/henvisninger";

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

    protected override void Fill(ProgrammeSettings current) => Input = new()
    {
        AcknowledgeWorkingDays = current.AcknowledgeWorkingDays,
        EscalateWorkingDays = current.EscalateWorkingDays,
        ParticipantRetentionMonths = current.ParticipantRetentionMonths,
        BreakGlassMinutes = current.BreakGlassMinutes,
        Version = current.Version,
    };

    protected override void Check()
    {
        // The escalation comes after the acknowledgement deadline (only checked when both are valid numbers).
        if (Input is { AcknowledgeWorkingDays: { } acknowledge, EscalateWorkingDays: { } escalate }
            && IsValid("Input.AcknowledgeWorkingDays") && IsValid("Input.EscalateWorkingDays")
            && escalate <= acknowledge)
        {
            ModelState.AddModelError("Input.EscalateWorkingDays", T("Settings.EscalateAfterAcknowledge"));
        }
    }

    protected override void Write(ProgrammeSettings stored, List<string> changes)
    {
        var input = Input;
        Apply(nameof(ProgrammeSettings.AcknowledgeWorkingDays), stored.AcknowledgeWorkingDays, input.AcknowledgeWorkingDays!.Value, v => stored.AcknowledgeWorkingDays = v, changes);
        Apply(nameof(ProgrammeSettings.EscalateWorkingDays), stored.EscalateWorkingDays, input.EscalateWorkingDays!.Value, v => stored.EscalateWorkingDays = v, changes);
        Apply(nameof(ProgrammeSettings.ParticipantRetentionMonths), stored.ParticipantRetentionMonths, input.ParticipantRetentionMonths!.Value, v => stored.ParticipantRetentionMonths = v, changes);
        Apply(nameof(ProgrammeSettings.BreakGlassMinutes), stored.BreakGlassMinutes, input.BreakGlassMinutes!.Value, v => stored.BreakGlassMinutes = v, changes);
    }
}
