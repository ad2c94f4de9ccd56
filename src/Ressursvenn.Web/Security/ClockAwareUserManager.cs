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
}
