using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Infrastructure;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Admin.Settings;

/// <summary>
/// One form of the national policy settings (docs/domain.md §7), each on a page of its own under
/// <c>/admin/innstillinger</c> that binds only its own input: the settings row is one, edited with optimistic concurrency
/// against the version the form was built from; every change is audited with the old and new values (policy, never
/// personal data).
/// </summary>
public abstract class SettingsPageModel(AppDbContext db, ProgrammeSettingsService settings, AuditTrail audit) : AppPageModel
{
    /// <summary>This page's own address: a save comes back here with "Lagret.".</summary>
    protected abstract string PageUrl { get; }

    /// <summary>The version the posted form was built from.</summary>
    protected abstract long PostedVersion { get; }

    /// <summary>The form's fields and the one message each shows, whatever was wrong (empty, not a whole number, out of range).</summary>
    protected virtual IEnumerable<(string Key, string Message)> RangeMessages => [];

    /// <summary>Puts the stored values in the form.</summary>
    protected abstract void Fill(ProgrammeSettings current);

    /// <summary>The checks beyond the data annotations (between fields, choices of a catalogue).</summary>
    protected virtual void Check()
    {
    }

    /// <summary>Puts the posted values on the stored row, noting each change for the audit entry.</summary>
    protected abstract void Write(ProgrammeSettings stored, List<string> changes);

    public async Task OnGetAsync() => Fill(await settings.GetAsync(HttpContext.RequestAborted));

    /// <summary>Only this page's form is bound and checked; errors show it again with what was typed.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        ReplaceRangeMessages();
        Check();
        if (!ModelState.IsValid)
        {
            return Page();
        }

        return await SaveAsync(PostedVersion, Write);
    }

    private void ReplaceRangeMessages()
    {
        foreach (var (key, message) in RangeMessages)
        {
            if (ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0)
            {
                entry.Errors.Clear();
                entry.Errors.Add(T(message));
            }
        }
    }

    protected bool IsValid(string key) => ModelState.GetFieldValidationState(key) != ModelValidationState.Invalid;

    /// <summary>
    /// Saves the form's values onto the settings row (created on the first save), with the lost-update check against
    /// the version the form was built from, and the audit of what changed. Refused: the page again, with what was typed.
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
        return Redirect(PageUrl);
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

    /// <summary>Sets a value and notes "Name old→new" for the audit entry (policy values only, no personal data).</summary>
    protected static void Apply(string name, int old, int value, Action<int> set, List<string> changes)
    {
        if (old != value)
        {
            set(value);
            changes.Add(string.Create(CultureInfo.InvariantCulture, $"{name} {old}→{value}"));
        }
    }

    /// <summary>A text setting that changed, recorded as "Name old→new" (codes only, never personal data).</summary>
    protected static void Apply(string name, string stored, string value, Action<string> set, List<string> changes)
    {
        if (stored != value)
        {
            changes.Add($"{name} {stored}→{value}");
            set(value);
        }
    }
}
