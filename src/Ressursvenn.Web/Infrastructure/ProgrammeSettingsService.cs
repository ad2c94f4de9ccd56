using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.Web.Infrastructure;

/// <summary>The national policy settings: the stored row, or the documented defaults until the admin has saved any.</summary>
public sealed class ProgrammeSettingsService(AppDbContext db)
{
    /// <summary>The settings, untracked (for reading).</summary>
    public async Task<ProgrammeSettings> GetAsync(CancellationToken ct = default) =>
        await db.Settings.AsNoTracking().FirstOrDefaultAsync(s => s.Id == ProgrammeSettings.SingletonId, ct) ?? new ProgrammeSettings();

    /// <summary>The settings row for changing (added to the context when none is stored yet).</summary>
    public async Task<ProgrammeSettings> GetForUpdateAsync(CancellationToken ct = default)
    {
        var stored = await db.Settings.FirstOrDefaultAsync(s => s.Id == ProgrammeSettings.SingletonId, ct);
        if (stored is null)
        {
            stored = new ProgrammeSettings();
            db.Settings.Add(stored);
        }

        return stored;
    }
}
