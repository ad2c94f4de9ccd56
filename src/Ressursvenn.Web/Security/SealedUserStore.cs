using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.Web.Security;

/// <summary>
/// Identity's EF user store with its token table sealed (SR17a): every token value is encrypted on the way in and
/// decrypted on the way out (<see cref="AccountSecrets"/>), and recovery codes are kept only as keyed hashes, so a
/// copy of the database file opens no account. Everything else is Identity's own store.
/// </summary>
public sealed class SealedUserStore(AppDbContext context, AccountSecrets secrets, IdentityErrorDescriber? describer = null)
    : UserOnlyStore<AppUser, AppDbContext, Guid>(context, describer)
{
    public override Task SetTokenAsync(AppUser user, string loginProvider, string name, string? value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var sealedValue = value is null ? null : secrets.Seal(user.Id, loginProvider, name, value);
        return base.SetTokenAsync(user, loginProvider, name, sealedValue, cancellationToken);
    }

    public override async Task<string?> GetTokenAsync(AppUser user, string loginProvider, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var stored = await base.GetTokenAsync(user, loginProvider, name, cancellationToken);
        return stored is null ? null : secrets.Open(user.Id, loginProvider, name, stored);
    }

    /// <summary>Keeps the keyed hashes of new recovery codes, never the codes (they are shown to the user once).</summary>
    public override Task ReplaceCodesAsync(AppUser user, IEnumerable<string> recoveryCodes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(recoveryCodes);
        return SetTokenAsync(user, AccountSecrets.IdentityProvider, AccountSecrets.RecoveryCodesName, secrets.HashAll(user.Id, recoveryCodes), cancellationToken);
    }

    /// <summary>A code matches when its hash is in the list; it is then removed, so it works once (SR9).</summary>
    public override async Task<bool> RedeemCodeAsync(AppUser user, string code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (string.IsNullOrWhiteSpace(code))
        {
            return false;
        }

        var stored = await GetTokenAsync(user, AccountSecrets.IdentityProvider, AccountSecrets.RecoveryCodesName, cancellationToken) ?? string.Empty;
        var hashes = stored.Split(';', StringSplitOptions.RemoveEmptyEntries).ToList();
        var wanted = Encoding.ASCII.GetBytes(secrets.HashRecoveryCode(user.Id, code));
        var match = hashes.FindIndex(h => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(h), wanted));
        if (match < 0)
        {
            return false;
        }

        hashes.RemoveAt(match);
        await SetTokenAsync(user, AccountSecrets.IdentityProvider, AccountSecrets.RecoveryCodesName, string.Join(';', hashes), cancellationToken);
        return true;
    }
}
