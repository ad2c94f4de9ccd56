using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Account;

/// <summary>
/// The first national admin, from the one-time link printed at start: name, e-mail and password, then the
/// authenticator. The link works once and expires; once an admin exists no new link is printed.
/// </summary>
[EnableRateLimiting(SecurityServiceCollectionExtensions.AuthRateLimit)]
public sealed class SetupModel(AppDbContext db, UserManager<AppUser> users, OneTimeTokenService tokens, TotpEnrolment totp, AuditTrail audit) : TotpStepPageModel(totp)
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel : PasswordInput
    {
        [Required(ErrorMessage = "Users.NameRequired")]
        [StringLength(200, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Users.Name")]
        public string? Name { get; set; }

        [Required(ErrorMessage = "Login.EmailRequired")]
        [EmailAddress(ErrorMessage = "Identity.InvalidEmail")]
        [StringLength(256, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Login.Email")]
        public string? Email { get; set; }
    }

    public async Task<IActionResult> OnGetAsync()
    {
        var token = await tokens.FindValidAsync(Token, TokenPurpose.FirstAdminSetup);
        if (token is null)
        {
            return Denied();
        }

        if (token.UserId is { } userId && await users.FindByIdAsync(userId.ToString()) is { } user)
        {
            Key = await Enrolment.KeyFor(user);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var token = await tokens.FindValidAsync(Token, TokenPurpose.FirstAdminSetup);
        if (token is null || token.UserId is not null)
        {
            return Denied();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = new AppUser
        {
            UserName = Input.Email!.Trim(),
            Email = Input.Email.Trim(),
            EmailConfirmed = true,
            DisplayName = Input.Name!.Trim(),
            Role = Roles.NationalAdmin,
        };
        var created = await users.CreateAsync(user, Input.Password!);
        if (!created.Succeeded)
        {
            foreach (var error in created.Errors)
            {
                ModelState.AddModelError(error.Code.Contains("Email", StringComparison.Ordinal) ? "Input.Email" : "Input.Password", error.Description);
            }

            return Page();
        }

        token.UserId = user.Id;
        await db.SaveChangesAsync();
        return RedirectToPage(new { Token });
    }

    public async Task<IActionResult> OnPostTotpAsync([FromForm(Name = nameof(Code))] TotpInput code)
    {
        var token = await tokens.FindValidAsync(Token, TokenPurpose.FirstAdminSetup);
        var user = token?.UserId is { } userId ? await users.FindByIdAsync(userId.ToString()) : null;
        if (token is null || user is null)
        {
            return Denied();
        }

        RecoveryCodes = await ConfirmCodeAsync(user, code);
        if (RecoveryCodes is null)
        {
            Key = await Enrolment.KeyFor(user);
            return Page();
        }

        tokens.MarkUsed(token);
        audit.Record(Domain.Audit.AuditActions.AccountSetUp, nameof(AppUser), user.Id, userId: user.Id);
        await db.OneTimeTokens.Where(t => t.Purpose == TokenPurpose.FirstAdminSetup && t.Id != token.Id && t.UsedAt == null).ExecuteDeleteAsync();
        await db.SaveChangesAsync();
        await Enrolment.SignInAsync(user, usedSecondFactor: true);
        return Page();
    }
}
