using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Ressursvenn.Web.Data.Encryption;

/// <summary>
/// Gives every user written before the blind index (ADR 0008) a blind index: <c>NormalizedEmail</c> and
/// <c>NormalizedUserName</c> that do not start with <see cref="BlindIndexLookupNormalizer.Prefix"/> are derived again
/// from the decrypted address. Runs at start-up after the migrations (and after their plaintext has been encrypted),
/// so an upgraded database lets its users log in and keeps refusing duplicates.
/// </summary>
public sealed class BlindIndexBackfill(AppDbContext db, ILookupNormalizer normalizer)
{
    public const int BatchSize = 200;

    /// <summary>Re-derives the normalized columns of every user whose values are not blind indexes; returns how many rows changed.</summary>
    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        // Plain columns only: a projection is not materialized as an entity, so nothing is decrypted here. The prefix is
        // checked in memory, ordinally (SQLite's LIKE ignores case). The user set is small.
        var rows = await db.Users.AsNoTracking()
            .Select(u => new { u.Id, u.NormalizedEmail, u.NormalizedUserName })
            .ToListAsync(ct);
        var stale = rows
            .Where(r => !BlindIndexLookupNormalizer.IsIndex(r.NormalizedEmail) || !BlindIndexLookupNormalizer.IsIndex(r.NormalizedUserName))
            .Select(r => r.Id)
            .ToList();
        var changed = 0;
        foreach (var chunk in stale.Chunk(BatchSize))
        {
            var ids = chunk.ToList();
            // Entities: Email and UserName are decrypted on load.
            var users = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToListAsync(ct);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            foreach (var user in users)
            {
                var email = normalizer.NormalizeEmail(user.Email);
                var name = normalizer.NormalizeName(user.UserName);
                if (email == user.NormalizedEmail && name == user.NormalizedUserName)
                {
                    continue;
                }

                // Plain (not encrypted) columns, so ExecuteUpdate is fine: nothing else about the user changes.
                var id = user.Id;
                await db.Users.Where(u => u.Id == id)
                    .ExecuteUpdateAsync(s => s.SetProperty(u => u.NormalizedEmail, email).SetProperty(u => u.NormalizedUserName, name), ct);
                changed++;
            }

            await transaction.CommitAsync(ct);
        }

        return changed;
    }
}
