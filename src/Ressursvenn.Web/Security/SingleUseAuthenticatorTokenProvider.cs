using Microsoft.AspNetCore.Identity;
using OtpNet;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.Web.Security;

/// <summary>
/// TOTP (RFC 6238) codes from an authenticator app, each accepted once only (SR9): the time step of the last
/// accepted code is stored on the user, and a code from that step or an earlier one is refused. Identity's
/// built-in provider accepts a code again within its window, which would let a shoulder-surfed code be replayed.
/// </summary>
public sealed class SingleUseAuthenticatorTokenProvider(TimeProvider clock) : IUserTwoFactorTokenProvider<AppUser>
{
    public const string ProviderName = "SingleUseAuthenticator";

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<AppUser> manager, AppUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        var key = await manager.GetAuthenticatorKeyAsync(user);
        return !string.IsNullOrWhiteSpace(key);
    }

    /// <summary>Authenticator codes are made by the user's app, never by the server.</summary>
    public Task<string> GenerateAsync(string purpose, UserManager<AppUser> manager, AppUser user) => Task.FromResult(string.Empty);

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<AppUser> manager, AppUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(user);
        var key = await manager.GetAuthenticatorKeyAsync(user);
        var code = token ?? string.Empty;
        if (string.IsNullOrEmpty(key))
        {
            return false;
        }

        if (!TryMatch(key, code, clock.GetUtcNow().UtcDateTime, user.LastTotpTimeStep, out var step))
        {
            return false;
        }

        user.LastTotpTimeStep = step;
        var saved = await manager.UpdateAsync(user);
        return saved.Succeeded;
    }

    /// <summary>
    /// True when the code is the key's code for the current 30-second step or a neighbouring one (clock drift),
    /// and that step is later than the last one accepted.
    /// </summary>
    public static bool TryMatch(string key, string code, DateTime utcNow, long lastAcceptedStep, out long step)
    {
        step = 0;
        var digits = new string((code ?? string.Empty).Where(char.IsAsciiDigit).ToArray());
        if (string.IsNullOrEmpty(key) || digits.Length != 6)
        {
            return false;
        }

        var totp = new Totp(Base32Encoding.ToBytes(key));
        return totp.VerifyTotp(utcNow, digits, out step, new VerificationWindow(previous: 1, future: 1)) && step > lastAcceptedStep;
    }
}
