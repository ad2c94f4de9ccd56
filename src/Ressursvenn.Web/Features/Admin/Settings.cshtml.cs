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
/// The national policy settings (DOMAIN.md §7): the referral deadlines, how long a closed participant's record is
/// kept before the retention job erases it, and how long a break-glass access lasts. One row, edited with
/// optimistic concurrency; every change is audited with the old and new values (policy, never personal data).
/// </summary>
public sealed class SettingsModel(AppDbContext db, ProgrammeSettingsService settings, AuditTrail audit) : AppPageModel
{
    public const int MaxAcknowledgeWorkingDays = 30;
    public const int MaxEscalateWorkingDays = 60;
    public const int MaxRetentionMonths = 120;
    public const int MinBreakGlassMinutes = 5;
    public const int MaxBreakGlassMinutes = 240;

    private static readonly (string Key, string Message)[] RangeMessages =
    [
        ("Input.AcknowledgeWorkingDays", "Settings.AcknowledgeRange"),
        ("Input.EscalateWorkingDays", "Settings.EscalateRange"),
        ("Input.ParticipantRetentionMonths", "Settings.RetentionRange"),
        ("Input.BreakGlassMinutes", "Settings.BreakGlassRange"),
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

    public async Task<PageResult> OnGetAsync()
    {
        var current = await settings.GetAsync(HttpContext.RequestAborted);
        Input = new InputModel
        {
            AcknowledgeWorkingDays = current.AcknowledgeWorkingDays,
            EscalateWorkingDays = current.EscalateWorkingDays,
            ParticipantRetentionMonths = current.ParticipantRetentionMonths,
            BreakGlassMinutes = current.BreakGlassMinutes,
            Version = current.Version,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        // One clear message per field, whatever was wrong (empty, not a whole number, out of range).
        foreach (var (key, message) in RangeMessages)
        {
            if (ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0)
            {
                entry.Errors.Clear();
                entry.Errors.Add(T(message));
            }
        }

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

        var stored = await settings.GetForUpdateAsync(HttpContext.RequestAborted);
        var isNew = db.Entry(stored).State == EntityState.Added;
        if (isNew && Input.Version != 0)
        {
            // The form was built from a stored row that is gone: nothing to compare with, so nothing is saved.
            ModelState.AddModelError(string.Empty, T("Common.Concurrency"));
            return Page();
        }

        if (!isNew)
        {
            ExpectVersion(db, stored, Input.Version);
        }

        var changes = new List<string>();
        Apply(nameof(ProgrammeSettings.AcknowledgeWorkingDays), stored.AcknowledgeWorkingDays, Input.AcknowledgeWorkingDays!.Value, v => stored.AcknowledgeWorkingDays = v, changes);
        Apply(nameof(ProgrammeSettings.EscalateWorkingDays), stored.EscalateWorkingDays, Input.EscalateWorkingDays!.Value, v => stored.EscalateWorkingDays = v, changes);
        Apply(nameof(ProgrammeSettings.ParticipantRetentionMonths), stored.ParticipantRetentionMonths, Input.ParticipantRetentionMonths!.Value, v => stored.ParticipantRetentionMonths = v, changes);
        Apply(nameof(ProgrammeSettings.BreakGlassMinutes), stored.BreakGlassMinutes, Input.BreakGlassMinutes!.Value, v => stored.BreakGlassMinutes = v, changes);
        audit.Record(AuditActions.SettingsChanged, nameof(ProgrammeSettings), stored.Id, changes.Count == 0 ? null : string.Join(", ", changes));
        try
        {
            if (!await TrySaveAsync(db))
            {
                return Page();
            }
        }
        catch (DbUpdateException) when (isNew)
        {
            // Another admin created the row in the meantime: the same answer as for a lost update.
            ModelState.AddModelError(string.Empty, T("Common.Concurrency"));
            return Page();
        }

        StatusMessage = T("Common.Saved");
        return Redirect("/admin/innstillinger");
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
