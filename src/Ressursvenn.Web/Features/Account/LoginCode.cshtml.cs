using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Account;

/// <summary>
/// Step two: the six-digit code from the authenticator app (each code works once), or a single-use recovery
/// code. Wrong codes count towards lockout like wrong passwords.
/// </summary>
[EnableRateLimiting(SecurityServiceCollectionExtensions.AuthRateLimit)]
public sealed class LoginCodeModel(SignInManager<AppUser> signIn, LoginCompletion completion) : AppPageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>Show the recovery-code field instead of the authenticator code.</summary>
    [BindProperty(SupportsGet = true, Name = "gjenoppretting")]
    public bool Recovery { get; set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "LoginCode.Required")]
        [StringLength(40, ErrorMessage = "LoginCode.Invalid")]
        [Display(Name = "LoginCode.Code")]
        public string? Code { get; set; }
    }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/Account/Login") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            // The five-minute window after the password step has passed: start again.
            return RedirectToPage("/Account/Login", new { ReturnUrl });
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var code = new string(Input.Code!.Where(c => !char.IsWhiteSpace(c)).ToArray());
        var result = Recovery
            ? await signIn.TwoFactorRecoveryCodeSignInAsync(code)
            : await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false);
        if (result.Succeeded)
        {
            return await completion.RedirectAfterLoginAsync(user.Id, ReturnUrl);
        }

        ModelState.AddModelError(nameof(Input) + "." + nameof(Input.Code), T(Recovery ? "LoginCode.RecoveryFailed" : "LoginCode.Failed"));
        return Page();
    }
}
