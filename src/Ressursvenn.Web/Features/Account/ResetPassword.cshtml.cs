using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Account;

/// <summary>
/// Choosing a new password from the e-mailed link (one hour, single use). Every open session of the account
/// is ended, so a thief's cookie stops working (SR11). The second factor stays as it was.
/// </summary>
[EnableRateLimiting(SecurityServiceCollectionExtensions.AuthRateLimit)]
public sealed class ResetPasswordModel(AppDbContext db, ClockAwareUserManager users, OneTimeTokenService tokens, SessionService sessions, AuditTrail audit)
    : AppPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public PasswordInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync() =>
        await tokens.FindValidAsync(Token, TokenPurpose.PasswordReset) is null ? Denied() : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var token = await tokens.FindValidAsync(Token, TokenPurpose.PasswordReset);
        var user = token?.UserId is { } id ? await users.FindByIdAsync(id.ToString()) : null;
        if (token is null || user is null || user.Disabled)
        {
            return Denied();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        // The link is used up and the audit entry written in the same save as the new password.
        tokens.MarkUsed(token);
        audit.Record(Domain.Audit.AuditActions.PasswordReset, nameof(AppUser), user.Id, userId: user.Id);
        var reset = await users.SetPasswordFromLinkAsync(user, Input.Password!);
        if (!reset.Succeeded)
        {
            // Nothing of this attempt may be saved later in the request: the link stays usable.
            db.ChangeTracker.Clear();
            foreach (var error in reset.Errors)
            {
                ModelState.AddModelError("Input.Password", error.Description);
            }

            return Page();
        }

        await sessions.EndAllAsync(user.Id, SessionEndReason.PasswordChanged);
        await users.ResetAccessFailedCountAsync(user);
        StatusMessage = T("Reset.Done");
        return RedirectToPage("/Account/Login");
    }
}
