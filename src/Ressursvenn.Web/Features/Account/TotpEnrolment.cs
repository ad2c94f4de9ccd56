using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using QRCoder;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Account;

/// <summary>
/// Enrolling an authenticator app (first-admin setup, invitations, and renewing it from the account page):
/// a fresh key, shown as a QR code (an image, so no script is needed) and as text; the first valid code turns
/// two-factor login on and gives ten single-use recovery codes.
/// </summary>
public sealed class TotpEnrolment(
    UserManager<AppUser> users, SignInManager<AppUser> signIn, IUserStore<AppUser> store, TimeProvider clock, IConfiguration configuration)
{
    private const string PendingProvider = "Ressursvenn";
    private const string PendingName = "PendingAuthenticatorKey";

    // Where Identity's user store keeps the authenticator key and the recovery codes.
    private const string InternalStoreProvider = "[AspNetUserStore]";

    public sealed record KeyView(string FormattedKey, string QrDataUri);

    /// <summary>The key of a user who has no working second factor yet (setup and invitations).</summary>
    public async Task<KeyView> KeyFor(AppUser user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
        }

        return View(user, key!);
    }

    /// <summary>How long a new key made after re-authentication waits for its first code.</summary>
    public static readonly TimeSpan PendingLifetime = TimeSpan.FromMinutes(10);

    /// <summary>
    /// A new key for moving to another phone (or adding one), kept apart from the active one until a code from it is
    /// confirmed. Call only after re-authentication: the key is what the next step accepts, for ten minutes.
    /// </summary>
    public async Task<KeyView> NewPendingKeyAsync(AppUser user)
    {
        var key = users.GenerateNewAuthenticatorKey();
        var made = clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        await users.SetAuthenticationTokenAsync(user, PendingProvider, PendingName, key + "|" + made);
        return View(user, key);
    }

    /// <summary>The pending key made by <see cref="NewPendingKeyAsync"/>, or null when there is none or it is too old.</summary>
    public async Task<KeyView?> PendingKeyAsync(AppUser user) =>
        await ReadPendingAsync(user) is { } key ? View(user, key) : null;

    /// <summary>Confirms the pending key with a code from the new app; it then replaces the old key and recovery codes.</summary>
    public async Task<IReadOnlyList<string>?> ConfirmPendingAsync(AppUser user, string? code)
    {
        var key = await ReadPendingAsync(user);
        if (string.IsNullOrEmpty(key)
            || !SingleUseAuthenticatorTokenProvider.TryMatch(key, code ?? string.Empty, clock.GetUtcNow().UtcDateTime, user.LastTotpTimeStep, out var step))
        {
            return null;
        }

        await ((IUserAuthenticatorKeyStore<AppUser>)store).SetAuthenticatorKeyAsync(user, key, CancellationToken.None);
        await users.RemoveAuthenticationTokenAsync(user, PendingProvider, PendingName);
        user.LastTotpTimeStep = step;
        user.TwoFactorEnabled = true;
        await users.UpdateAsync(user);
        return (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))?.ToList() ?? [];
    }

    private async Task<string?> ReadPendingAsync(AppUser user)
    {
        var stored = await users.GetAuthenticationTokenAsync(user, PendingProvider, PendingName);
        var parts = stored?.Split('|');
        if (parts is not [var key, var made]
            || !long.TryParse(made, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            || DateTimeOffset.FromUnixTimeSeconds(seconds) + PendingLifetime < clock.GetUtcNow())
        {
            return null;
        }

        return key;
    }

    private KeyView View(AppUser user, string key)
    {
        // The issuer shown in the app is neutral (SR2): someone glancing at the phone learns nothing.
        var issuer = configuration["Security:TotpIssuer"] ?? "Sanitetskvinnene";
        var uri = $"otpauth://totp/{Uri.EscapeDataString(issuer)}:{Uri.EscapeDataString(user.Email ?? "konto")}?secret={key}&issuer={Uri.EscapeDataString(issuer)}&digits=6&period=30";
        using var data = QRCodeGenerator.GenerateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(5);
        var formatted = string.Join(' ', Enumerable.Range(0, (key.Length + 3) / 4).Select(i => key.Substring(i * 4, Math.Min(4, key.Length - (i * 4))))).ToLowerInvariant();
        return new KeyView(formatted, "data:image/png;base64," + Convert.ToBase64String(png));
    }

    /// <summary>Checks the first code; on success enables two-factor login and returns new recovery codes.</summary>
    public async Task<IReadOnlyList<string>?> ConfirmAsync(AppUser user, string? code)
    {
        var digits = new string((code ?? string.Empty).Where(char.IsAsciiDigit).ToArray());
        if (!await users.VerifyTwoFactorTokenAsync(user, SingleUseAuthenticatorTokenProvider.ProviderName, digits))
        {
            return null;
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        return (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))?.ToList() ?? [];
    }

    /// <summary>
    /// After a right password, a volunteer who must now use a code but has no app yet is remembered for a few minutes
    /// in the same short-lived cookie as between the password and code steps of a login, and sets up the app next.
    /// </summary>
    public Task RememberForEnrolmentAsync(AppUser user)
    {
        var identity = new ClaimsIdentity(IdentityConstants.TwoFactorUserIdScheme);
        identity.AddClaim(new Claim(ClaimTypes.Name, user.Id.ToString()));
        return signIn.Context.SignInAsync(IdentityConstants.TwoFactorUserIdScheme, new ClaimsPrincipal(identity));
    }

    /// <summary>Forgets the login-in-progress cookie once the enrolment is done.</summary>
    public Task ForgetEnrolmentAsync() => signIn.Context.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);

    /// <summary>Turns the code off (a volunteer's choice): the key and the recovery codes are removed.</summary>
    public async Task DisableAsync(AppUser user)
    {
        await users.RemoveAuthenticationTokenAsync(user, InternalStoreProvider, "AuthenticatorKey");
        await users.RemoveAuthenticationTokenAsync(user, InternalStoreProvider, "RecoveryCodes");
        await users.RemoveAuthenticationTokenAsync(user, PendingProvider, PendingName);
        user.TwoFactorEnabled = false;
        await users.UpdateAsync(user);
    }

    /// <summary>Signs in a user who has just proved both factors (marked as such for the staff policies).</summary>
    public Task SignInAsync(AppUser user, bool usedSecondFactor) =>
        usedSecondFactor
            ? signIn.SignInWithClaimsAsync(user, isPersistent: false, [new Claim(Policies.MfaClaimType, Policies.MfaClaimValue)])
            : signIn.SignInAsync(user, isPersistent: false);
}
