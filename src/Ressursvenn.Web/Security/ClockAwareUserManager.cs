using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.Web.Security;

/// <summary>
/// Identity's user manager with lockout on the injected clock. The built-in one reads DateTimeOffset.UtcNow to set
/// and check the lockout end, so lockout would follow another clock than sessions, tokens and TOTP do (and could
/// not be tested: SR10).
/// </summary>
public sealed class ClockAwareUserManager(
    IUserStore<AppUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<AppUser> passwordHasher,
    IEnumerable<IUserValidator<AppUser>> userValidators,
    IEnumerable<IPasswordValidator<AppUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<AppUser>> logger,
    TimeProvider clock)
    : UserManager<AppUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    public override async Task<bool> IsLockedOutAsync(AppUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var lockout = (IUserLockoutStore<AppUser>)Store;
        if (!await lockout.GetLockoutEnabledAsync(user, CancellationToken))
        {
            return false;
        }

        return await lockout.GetLockoutEndDateAsync(user, CancellationToken) >= clock.GetUtcNow();
    }

    /// <summary>As the base: counts a failure, and at the limit locks the account for the lockout time and resets the count.</summary>
    public override async Task<IdentityResult> AccessFailedAsync(AppUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var lockout = (IUserLockoutStore<AppUser>)Store;
        var count = await lockout.IncrementAccessFailedCountAsync(user, CancellationToken);
        if (count >= Options.Lockout.MaxFailedAccessAttempts)
        {
            await lockout.SetLockoutEndDateAsync(user, clock.GetUtcNow().Add(Options.Lockout.DefaultLockoutTimeSpan), CancellationToken);
            await lockout.ResetAccessFailedCountAsync(user, CancellationToken);
        }

        return await UpdateUserAsync(user);
    }

    /// <summary>Runs every password validator on a password she wants, without changing anything.</summary>
    public Task<IdentityResult> CheckNewPasswordAsync(AppUser user, string newPassword) => ValidatePasswordAsync(user, newPassword);

    /// <summary>
    /// Sets a new password for a user who proved who she is with one of our own single-use links (a password reset,
    /// ADR 0006), so no Identity reset token is involved. The password goes through every password validator, the
    /// security stamp changes, and nothing is saved when the password is refused: whatever the caller added to the
    /// context (the link marked used, the audit entry) is saved in the same transaction as the password.
    /// </summary>
    public async Task<IdentityResult> SetPasswordFromLinkAsync(AppUser user, string newPassword)
    {
        ArgumentNullException.ThrowIfNull(user);
        var result = await UpdatePasswordHash(user, newPassword, validatePassword: true);
        return result.Succeeded ? await UpdateUserAsync(user) : result;
    }
}
