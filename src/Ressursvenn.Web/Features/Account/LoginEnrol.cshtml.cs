using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Account;

/// <summary>
/// Setting up the authenticator app during login: for a volunteer who has given the right password when the
/// programme requires a code from volunteers and she has none yet. Only the short-lived cookie of the password step
/// admits her here; she is signed in (with both factors) when the first code from the new app is confirmed.
/// </summary>
[EnableRateLimiting(SecurityServiceCollectionExtensions.AuthRateLimit)]
public sealed class LoginEnrolModel(SignInManager<AppUser> signIn, SecondFactorRule secondFactor, TotpEnrolment totp, LoginCompletion completion, AuditTrail audit, Data.AppDbContext db)
    : TotpStepPageModel(totp)
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>Where "continue" leads once the recovery codes are shown.</summary>
    public string ContinueUrl => completion.SafeReturnUrl(ReturnUrl);

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await EnrollingUserAsync();
        if (user is null)
        {
            return RedirectToPage("/Account/Login", new { ReturnUrl });
        }

        Key = await Enrolment.KeyFor(user);
        return Page();
    }

    public async Task<IActionResult> OnPostTotpAsync([FromForm(Name = nameof(Code))] TotpInput code)
    {
        var user = await EnrollingUserAsync();
        if (user is null)
        {
            // The five-minute window after the password step has passed: start again.
            return RedirectToPage("/Account/Login", new { ReturnUrl });
        }

        RecoveryCodes = await ConfirmCodeAsync(user, code);
        if (RecoveryCodes is null)
        {
            Key = await Enrolment.KeyFor(user);
            return Page();
        }

        audit.Record(Domain.Audit.AuditActions.AuthenticatorChanged, nameof(AppUser), user.Id, userId: user.Id);
        audit.Record(Domain.Audit.AuditActions.LoggedIn, nameof(AppUser), user.Id, userId: user.Id);
        await db.SaveChangesAsync();
        await Enrolment.ForgetEnrolmentAsync();
        await Enrolment.SignInAsync(user, usedSecondFactor: true);
        return Page();
    }

    /// <summary>The volunteer between the password step and her first code; nobody else may use this page.</summary>
    private async Task<AppUser?> EnrollingUserAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        return user is { Disabled: false, TwoFactorEnabled: false, Role: Roles.Volunteer }
            && await secondFactor.RequiredForAsync(user.Role, HttpContext.RequestAborted)
                ? user
                : null;
    }
}
