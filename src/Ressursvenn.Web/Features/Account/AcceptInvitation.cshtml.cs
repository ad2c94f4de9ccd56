using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Account;

/// <summary>
/// Accepting an invitation (link valid 72 hours, usable once): choose a password, then enrol the authenticator
/// (required for staff roles). The link is used up only when the account is complete.
/// </summary>
[EnableRateLimiting(SecurityServiceCollectionExtensions.AuthRateLimit)]
public sealed class AcceptInvitationModel(AppDbContext db, UserManager<AppUser> users, OneTimeTokenService tokens, TotpEnrolment totp, SecondFactorRule secondFactor, AuditTrail audit)
    : TotpStepPageModel(totp)
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public PasswordInput Input { get; set; } = new();

    public string? DisplayName { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var (token, user) = await FindAsync();
        if (token is null || user is null)
        {
            return Denied();
        }

        DisplayName = user.DisplayName;
        if (await users.HasPasswordAsync(user))
        {
            Key = await Enrolment.KeyFor(user);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var (token, user) = await FindAsync();
        if (token is null || user is null || await users.HasPasswordAsync(user))
        {
            return Denied();
        }

        DisplayName = user.DisplayName;
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var added = await users.AddPasswordAsync(user, Input.Password!);
        if (!added.Succeeded)
        {
            foreach (var error in added.Errors)
            {
                ModelState.AddModelError("Input.Password", error.Description);
            }

            return Page();
        }

        // Staff always, volunteers when the programme requires it: the authenticator is set up before the first login.
        if (await secondFactor.RequiredForAsync(user.Role, HttpContext.RequestAborted))
        {
            return RedirectToPage(new { Token });
        }

        // Otherwise a volunteer may add an authenticator later from her account page.
        return await CompleteAsync(token, user, usedSecondFactor: false);
    }

    public async Task<IActionResult> OnPostTotpAsync([FromForm(Name = nameof(Code))] TotpInput code)
    {
        var (token, user) = await FindAsync();
        if (token is null || user is null || !await users.HasPasswordAsync(user))
        {
            return Denied();
        }

        DisplayName = user.DisplayName;
        RecoveryCodes = await ConfirmCodeAsync(user, code);
        if (RecoveryCodes is null)
        {
            Key = await Enrolment.KeyFor(user);
            return Page();
        }

        return await CompleteAsync(token, user, usedSecondFactor: true);
    }

    private async Task<IActionResult> CompleteAsync(OneTimeToken token, AppUser user, bool usedSecondFactor)
    {
        tokens.MarkUsed(token);
        audit.Record(Domain.Audit.AuditActions.AccountSetUp, nameof(AppUser), user.Id, userId: user.Id);
        user.EmailConfirmed = true;
        await users.UpdateAsync(user);
        await db.SaveChangesAsync();
        await Enrolment.SignInAsync(user, usedSecondFactor);
        if (RecoveryCodes is null)
        {
            StatusMessage = T("Invitation.Done");
            return Redirect("/");
        }

        return Page();
    }

    private async Task<(OneTimeToken? Token, AppUser? User)> FindAsync()
    {
        var token = await tokens.FindValidAsync(Token, TokenPurpose.Invitation);
        var user = token?.UserId is { } id ? await users.FindByIdAsync(id.ToString()) : null;
        return user is { Disabled: false } ? (token, user) : (null, null);
    }
}
