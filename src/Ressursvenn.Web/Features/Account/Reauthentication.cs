using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Infrastructure.Email;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Account;

/// <summary>The proof asked for before a change to how the account is opened: the password, and a code where she has one.</summary>
public class ReauthInput
{
    [Required(ErrorMessage = "Login.PasswordRequired")]
    [StringLength(1000, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Reauth.Password")]
    public string? Password { get; set; }

    /// <summary>A current authenticator code, or an unused recovery code (she may have lost the phone).</summary>
    [StringLength(40, ErrorMessage = "LoginCode.Invalid")]
    [Display(Name = "Reauth.Code")]
    public string? Code { get; set; }
}

/// <summary>
/// Re-authentication (ADR 0006): changing or removing the second factor, or changing the password, needs the current
/// password and, for an account with a second factor, a current code from the app (or an unused recovery code), even
/// from an open session; a stolen or unattended session alone cannot take the account over. Wrong answers count towards
/// lockout like at login. After the change the account's owner gets a neutral e-mail (SR2).
/// </summary>
public sealed class Reauthentication(UserManager<AppUser> users, SignInManager<AppUser> signIn, Infrastructure.Messaging.Outbox outbox, EmailTemplates templates)
{
    public enum Outcome
    {
        Confirmed,
        WrongPassword,
        CodeRequired,
        WrongCode,
        LockedOut,
    }

    /// <summary>Checks the password first (so a code is not spent on a wrong password), then the code.</summary>
    public async Task<Outcome> VerifyAsync(AppUser user, string? password, string? code)
    {
        ArgumentNullException.ThrowIfNull(user);
        var check = await signIn.CheckPasswordSignInAsync(user, password ?? string.Empty, lockoutOnFailure: true);
        if (check.IsLockedOut)
        {
            return Outcome.LockedOut;
        }

        if (!check.Succeeded)
        {
            return Outcome.WrongPassword;
        }

        if (!user.TwoFactorEnabled)
        {
            return Outcome.Confirmed;
        }

        var typed = new string((code ?? string.Empty).Where(c => !char.IsWhiteSpace(c)).ToArray());
        if (typed.Length == 0)
        {
            return Outcome.CodeRequired;
        }

        var accepted = typed.Length == 6 && typed.All(char.IsAsciiDigit)
            ? await users.VerifyTwoFactorTokenAsync(user, SingleUseAuthenticatorTokenProvider.ProviderName, typed)
            : (await users.RedeemTwoFactorRecoveryCodeAsync(user, typed)).Succeeded;
        if (accepted)
        {
            return Outcome.Confirmed;
        }

        await users.AccessFailedAsync(user);
        return await users.IsLockedOutAsync(user) ? Outcome.LockedOut : Outcome.WrongCode;
    }

    /// <summary>Puts the message for a failed proof on the right field.</summary>
    public static void AddError(ModelStateDictionary modelState, Outcome outcome, string passwordKey, string codeKey, Func<string, string> t)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        ArgumentNullException.ThrowIfNull(t);
        switch (outcome)
        {
            case Outcome.WrongPassword:
                modelState.AddModelError(passwordKey, t("Reauth.WrongPassword"));
                break;
            case Outcome.CodeRequired:
                modelState.AddModelError(codeKey, t("Reauth.CodeRequired"));
                break;
            case Outcome.WrongCode:
                modelState.AddModelError(codeKey, t("Reauth.WrongCode"));
                break;
            case Outcome.LockedOut:
                modelState.AddModelError(passwordKey, t("Reauth.LockedOut"));
                break;
        }
    }

    /// <summary>
    /// Tells the account's owner that how she logs in was changed, at her address (SR2: a neutral subject, no name).
    /// <paramref name="change"/> is "PasswordChanged", "AuthenticatorChanged", "AuthenticatorAdded",
    /// "AuthenticatorRemoved" or "EmailChanged".
    /// </summary>
    /// Put in the outbox: call it before the save that records the change's audit entry, which then stores both.
    public void Notify(AppUser user, string change)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!string.IsNullOrEmpty(user.Email))
        {
            outbox.Enqueue(templates.AccountChanged(user.Email, change), associationId: null);
        }
    }
}
