using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;

namespace Ressursvenn.Web.Features.BreakGlass;

/// <summary>
/// What a coordinator is told on her home page about break-glass accesses (SR8): when a national admin opened a
/// record of her associations in the last <see cref="Days"/> days, which record, and who. The break-glass query
/// filter scopes the accesses to the caller's associations; a national admin sees none here.
/// </summary>
public sealed class BreakGlassNotices(AppDbContext db, TimeProvider clock)
{
    public const int Days = 30;

    public sealed record Notice(DateTime GrantedAt, Guid ParticipantId, string AdminName);

    public async Task<IReadOnlyList<Notice>> RecentForMyAssociationsAsync(CancellationToken ct = default)
    {
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-Days);
        // Only plain columns are projected; the reason is encrypted and not shown here.
        var accesses = await db.BreakGlassAccesses.AsNoTracking()
            .Where(b => b.GrantedAt >= since)
            .Select(b => new { b.GrantedAt, b.ParticipantId, b.UserId })
            .ToListAsync(ct);
        if (accesses.Count == 0)
        {
            return [];
        }

        var adminIds = accesses.Select(a => a.UserId).Distinct().ToList();
        // Whole users, not projections: display names are encrypted and decrypted on load (ADR 0008).
        var names = (await db.Users.AsNoTracking().Where(u => adminIds.Contains(u.Id)).ToListAsync(ct)).ToDictionary(u => u.Id, u => u.DisplayName);
        return accesses
            .OrderByDescending(a => a.GrantedAt)
            .Select(a => new Notice(a.GrantedAt, a.ParticipantId, names.GetValueOrDefault(a.UserId, "–")))
            .ToList();
    }
}
