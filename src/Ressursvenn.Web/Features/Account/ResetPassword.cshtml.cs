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
public sealed class ResetPasswordModel(AppDbContext db, UserManager<AppUser> users, OneTimeTokenService tokens, SessionService sessions, AuditTrail audit)
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

        var reset = await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), Input.Password!);
        if (!reset.Succeeded)
        {
            foreach (var error in reset.Errors)
            {
                ModelState.AddModelError("Input.Password", error.Description);
            }

            return Page();
        }

        tokens.MarkUsed(token);
        audit.Record(Domain.Audit.AuditActions.PasswordReset, nameof(AppUser), user.Id, userId: user.Id);
        await db.SaveChangesAsync();
        await sessions.EndAllAsync(user.Id, SessionEndReason.PasswordChanged);
        await users.ResetAccessFailedCountAsync(user);
        StatusMessage = T("Reset.Done");
        return RedirectToPage("/Account/Login");
    }
}
