using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Data.Encryption;

namespace Ressursvenn.Web.Security;

/// <summary>
/// Rewrites the stored values of Identity's token table (<see cref="AccountSecrets"/>): at start-up, values written
/// before they were sealed (plaintext authenticator keys, plaintext recovery codes, which become keyed hashes); in
/// <c>rotate-keys</c>, every value not under the current field key. Each row is rewritten only if it still holds the
/// value read, so a key the user changed meanwhile is never overwritten with the old one.
/// </summary>
public sealed class UserTokenSealing(AppDbContext db, AccountSecrets secrets, FieldKeyRing keys)
{
    /// <summary>Seals every plaintext token value; returns how many were rewritten. Idempotent (runs at every start).</summary>
    public Task<int> SealLegacyAsync(CancellationToken ct = default) => RewriteAsync(stored => !AccountSecrets.IsSealed(stored), ct);

    /// <summary>Re-encrypts every sealed value not under the current key (rotate-keys); returns how many were rewritten.</summary>
    public Task<int> ReencryptAsync(CancellationToken ct = default)
    {
        var current = keys.CurrentKeyId;
        return RewriteAsync(stored => FieldCipher.KeyIdOf(stored) != current, ct);
    }

    private async Task<int> RewriteAsync(Func<string, bool> needsRewrite, CancellationToken ct)
    {
        // The raw rows: Identity's token entity has no [Encrypted] property, so nothing is decrypted on load. The table
        // holds at most a few rows per user.
        var rows = await db.UserTokens.AsNoTracking().ToListAsync(ct);
        var rewritten = 0;
        foreach (var row in rows)
        {
            if (row.Value is not { } old || !needsRewrite(old))
            {
                continue;
            }

            var plain = AccountSecrets.IsSealed(old)
                ? secrets.Open(row.UserId, row.LoginProvider, row.Name, old)
                : AccountSecrets.IsRecoveryCodes(row.LoginProvider, row.Name) ? secrets.HashAll(row.UserId, old.Split(';')) : old;
            var sealedValue = secrets.Seal(row.UserId, row.LoginProvider, row.Name, plain);
            var (userId, provider, name) = (row.UserId, row.LoginProvider, row.Name);
            rewritten += await db.UserTokens
                .Where(t => t.UserId == userId && t.LoginProvider == provider && t.Name == name && t.Value == old)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Value, sealedValue), ct);
        }

        return rewritten;
    }
}
