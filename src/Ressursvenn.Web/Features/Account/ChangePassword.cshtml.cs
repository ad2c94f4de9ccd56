using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Account;

/// <summary>Changing the password ends every session of the account, then logs this browser in again.</summary>
public sealed class ChangePasswordModel(UserManager<AppUser> users, SessionService sessions, TotpEnrolment signIn, AuditTrail audit, Data.AppDbContext db) : AppPageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel : PasswordInput
    {
        [Required(ErrorMessage = "Login.PasswordRequired")]
        [StringLength(1000, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "ChangePassword.Current")]
        public string? CurrentPassword { get; set; }
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var me = await users.GetUserAsync(User);
        if (me is null)
        {
            return Denied();
        }

        if (!ModelState.IsValid)
        {
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
        await db.SaveChangesAsync();
        await sessions.EndAllAsync(me.Id, SessionEndReason.PasswordChanged);
        await signIn.SignInAsync(me, usedSecondFactor: User.HasClaim(Policies.MfaClaimType, Policies.MfaClaimValue));
        StatusMessage = T("ChangePassword.Done");
        return RedirectToPage("/Account/Index");
    }
}
