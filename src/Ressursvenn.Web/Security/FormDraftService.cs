using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.Web.Security;

/// <summary>
/// Keeps a form that was posted after its session expired: encrypted with Data Protection, in the database
/// (so any app instance can give it back), for a short time, for the same user only.
/// </summary>
public sealed class FormDraftService(
    AppDbContext db, TimeProvider clock, IDataProtectionProvider protection, IOptions<SessionSettings> settings)
{
    public const string RestoreQueryKey = "gjenopprett";
    private const int MaxFields = 500;

    private readonly IDataProtector protector = protection.CreateProtector("Ressursvenn.FormDraft.v1");

    public async Task<Guid> KeepAsync(Guid userId, string path, IFormCollection form, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        var fields = form
            .Where(f => !f.Key.StartsWith("__", StringComparison.Ordinal))
            .Take(MaxFields)
            .ToDictionary(f => f.Key, f => f.Value.Select(v => v ?? string.Empty).ToArray(), StringComparer.Ordinal);
        var now = clock.GetUtcNow().UtcDateTime;

        // One kept form per user and page: the newest wins.
        await db.FormDrafts.Where(d => d.UserId == userId && d.Path == path).ExecuteDeleteAsync(ct);
        var draft = new FormDraft
        {
            UserId = userId,
            Path = path,
            ProtectedPayload = protector.Protect(JsonSerializer.Serialize(fields)),
            CreatedAt = now,
            ExpiresAt = now.AddMinutes(settings.Value.FormDraftMinutes),
        };
        db.FormDrafts.Add(draft);
        await db.SaveChangesAsync(ct);
        return draft.Id;
    }

    /// <summary>The newest unexpired kept form of this user for this page, if any.</summary>
    public Task<Guid?> FindAsync(Guid userId, string path, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.FormDrafts.Where(d => d.UserId == userId && d.Path == path && d.ExpiresAt > now)
            .OrderByDescending(d => d.CreatedAt).Select(d => (Guid?)d.Id).FirstOrDefaultAsync(ct);
    }

    /// <summary>Takes a kept form out of storage (single use) and returns its fields, or null.</summary>
    public async Task<Dictionary<string, string[]>?> TakeAsync(Guid draftId, Guid userId, string path, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var draft = await db.FormDrafts.FirstOrDefaultAsync(d => d.Id == draftId && d.UserId == userId && d.Path == path && d.ExpiresAt > now, ct);
        if (draft is null)
        {
            return null;
        }

        db.FormDrafts.Remove(draft);
        await db.SaveChangesAsync(ct);
        return JsonSerializer.Deserialize<Dictionary<string, string[]>>(protector.Unprotect(draft.ProtectedPayload));
    }

    /// <summary>Removes kept forms past their time (run by the housekeeping job).</summary>
    public Task<int> PurgeExpiredAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.FormDrafts.Where(d => d.ExpiresAt <= now).ExecuteDeleteAsync(ct);
    }
}
