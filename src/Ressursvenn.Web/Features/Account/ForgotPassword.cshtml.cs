using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Infrastructure.Email;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Account;

/// <summary>
/// Asking for a new password. The answer is always the same, whether or not the address has an account
/// (SR10); a link (one hour, single use) is sent only to an address that has one.
/// </summary>
[EnableRateLimiting(SecurityServiceCollectionExtensions.AuthRateLimit)]
public sealed class ForgotPasswordModel(AppDbContext db, UserManager<AppUser> users, OneTimeTokenService tokens, Infrastructure.Messaging.Outbox outbox, EmailTemplates templates)
    : AppPageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool Sent { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Login.EmailRequired")]
        [EmailAddress(ErrorMessage = "Identity.InvalidEmail")]
        [StringLength(256, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Login.Email")]
        public string? Email { get; set; }
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.FindByEmailAsync(Input.Email!.Trim());
        if (user is { Disabled: false } && await users.HasPasswordAsync(user))
        {
            await tokens.RevokeAllAsync(user.Id, TokenPurpose.PasswordReset);
            var token = tokens.Create(TokenPurpose.PasswordReset, user.Id);
            outbox.Enqueue(templates.PasswordReset(user.Email!, token), associationId: null);
            await db.SaveChangesAsync();
        }

        Sent = true;
        return Page();
    }
}
