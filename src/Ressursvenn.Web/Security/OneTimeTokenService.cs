using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.Web.Security;

/// <summary>
/// Single-use, expiring link tokens (SR12): 256 random bits, only their SHA-256 hash stored, refused after
/// use or expiry. The link carries the token, never who it is for.
/// </summary>
public sealed class OneTimeTokenService(AppDbContext db, TimeProvider clock)
{
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromHours(72);
    public static readonly TimeSpan PasswordResetLifetime = TimeSpan.FromHours(1);
    public static readonly TimeSpan SetupLifetime = TimeSpan.FromHours(24);

    public static TimeSpan LifetimeOf(TokenPurpose purpose) => purpose switch
    {
        TokenPurpose.Invitation => InvitationLifetime,
        TokenPurpose.PasswordReset => PasswordResetLifetime,
        _ => SetupLifetime,
    };

    /// <summary>Creates a token (added to the context; the caller saves) and returns the secret for the link.</summary>
    public string Create(TokenPurpose purpose, Guid? userId, Guid? createdBy = null)
    {
        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow().UtcDateTime;
        db.OneTimeTokens.Add(new OneTimeToken
        {
            Purpose = purpose,
            TokenHash = Hash(secret),
            UserId = userId,
            CreatedAt = now,
            ExpiresAt = now + LifetimeOf(purpose),
            CreatedByUserId = createdBy,
        });
        return secret;
    }

    /// <summary>The token if it exists, has this purpose, is unused and unexpired; otherwise null.</summary>
    public async Task<OneTimeToken?> FindValidAsync(string? secret, TokenPurpose purpose, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(secret) || secret.Length > 100)
        {
            return null;
        }

        var hash = Hash(secret);
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.OneTimeTokens.FirstOrDefaultAsync(
            t => t.TokenHash == hash && t.Purpose == purpose && t.UsedAt == null && t.ExpiresAt > now, ct);
    }

    /// <summary>Marks a token used (the caller saves, in the same transaction as what the token allowed).</summary>
    public void MarkUsed(OneTimeToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        token.UsedAt = clock.GetUtcNow().UtcDateTime;
    }

    /// <summary>Ends every open token of a user for a purpose, e.g. older invitations when a new one is sent.</summary>
    public Task<int> RevokeAllAsync(Guid userId, TokenPurpose purpose, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.OneTimeTokens.Where(t => t.UserId == userId && t.Purpose == purpose && t.UsedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.UsedAt, now), ct);
    }

    internal static string Hash(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
