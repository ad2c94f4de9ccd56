using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Account;

/// <summary>
/// Changing the password needs the current one and, where she has a second factor, a current code (ADR 0006). It
/// ends every session of the account, logs this browser in again, and tells her by e-mail.
/// </summary>
public sealed class ChangePasswordModel(
    ClockAwareUserManager users, SessionService sessions, TotpEnrolment signIn, Reauthentication reauth, AuditTrail audit, Data.AppDbContext db) : AppPageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel : PasswordInput
    {
        [Required(ErrorMessage = "Login.PasswordRequired")]
        [StringLength(1000, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "ChangePassword.Current")]
        public string? CurrentPassword { get; set; }

        /// <summary>A current code from the app (or an unused recovery code), for an account with a second factor.</summary>
        [StringLength(40, ErrorMessage = "LoginCode.Invalid")]
        [Display(Name = "Reauth.Code")]
        public string? Code { get; set; }
    }

    /// <summary>The account has a second factor, so the form asks for a code too.</summary>
    public bool AsksForCode { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var me = await users.GetUserAsync(User);
        if (me is null)
        {
            return Denied();
        }

        AsksForCode = me.TwoFactorEnabled;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var me = await users.GetUserAsync(User);
        if (me is null)
        {
            return Denied();
        }

        AsksForCode = me.TwoFactorEnabled;
        if (!ModelState.IsValid)
        {
            return Page();
        }

        // The new password is checked before the proof, so a refused password does not spend her code.
        var acceptable = await users.CheckNewPasswordAsync(me, Input.Password!);
        if (!acceptable.Succeeded)
        {
            foreach (var error in acceptable.Errors)
            {
                ModelState.AddModelError("Input.Password", error.Description);
            }

            return Page();
        }

        var outcome = await reauth.VerifyAsync(me, Input.CurrentPassword, Input.Code);
        if (outcome != Reauthentication.Outcome.Confirmed)
        {
            Reauthentication.AddError(ModelState, outcome, "Input.CurrentPassword", "Input.Code", key => T(key));
            return Page();
        }

        var changed = await users.ChangePasswordAsync(me, Input.CurrentPassword!, Input.Password!);
        if (!changed.Succeeded)
        {
            foreach (var error in changed.Errors)
            {
                ModelState.AddModelError(error.Code == "PasswordMismatch" ? "Input.CurrentPassword" : "Input.Password", error.Description);
            }

            return Page();
        }

        audit.Record(Domain.Audit.AuditActions.PasswordChanged, nameof(AppUser), me.Id);
        reauth.Notify(me, "PasswordChanged");
        await db.SaveChangesAsync();
        await sessions.EndAllAsync(me.Id, SessionEndReason.PasswordChanged);
        await signIn.SignInAsync(me, usedSecondFactor: User.HasClaim(Policies.MfaClaimType, Policies.MfaClaimValue));
        StatusMessage = T("ChangePassword.Done");
        return RedirectToPage("/Account/Index");
    }
}
