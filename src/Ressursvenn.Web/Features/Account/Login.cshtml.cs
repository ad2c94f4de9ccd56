using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Account;

/// <summary>
/// Step one of logging in: e-mail and password. The answer is the same whether or not the account exists,
/// is locked or disabled (SR10); a wrong password counts towards lockout; POSTs are rate-limited.
/// </summary>
[EnableRateLimiting(SecurityServiceCollectionExtensions.AuthRateLimit)]
public sealed class LoginModel(SignInManager<AppUser> signIn, UserManager<AppUser> users, IPasswordHasher<AppUser> hasher, LoginCompletion completion, TotpEnrolment totp, SecondFactorRule secondFactor, AuditTrail audit, Data.AppDbContext db)
    : AppPageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>"1" when the user was sent here because her session timed out (a string: "1" does not bind to bool).</summary>
    [BindProperty(SupportsGet = true, Name = "utlopt")]
    public string? ExpiredFlag { get; set; }

    public bool Expired => ExpiredFlag is "1" or "true";

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Login.EmailRequired")]
        [StringLength(256, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Login.Email")]
        public string? Email { get; set; }

        [Required(ErrorMessage = "Login.PasswordRequired")]
        [StringLength(1000, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Login.Password")]
        public string? Password { get; set; }
    }

    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? LocalRedirect(completion.SafeReturnUrl(ReturnUrl)) : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.FindByEmailAsync(Input.Email!.Trim());
        if (user is null || user.Disabled)
        {
            // Spend the same time as a real check, so timing does not tell whether the account exists.
            hasher.VerifyHashedPassword(new AppUser { DisplayName = string.Empty, Role = string.Empty }, DummyHash.Value, Input.Password!);
            return Failed();
        }

        if (Roles.RequiresMfa(user.Role) && !user.TwoFactorEnabled)
        {
            // A staff account that never finished its invitation cannot log in with a password alone.
            var check = await signIn.CheckPasswordSignInAsync(user, Input.Password!, lockoutOnFailure: true);
            if (check.Succeeded)
            {
                ModelState.AddModelError(string.Empty, T("Login.NotSetUp"));
                return Page();
            }

            return Failed();
        }

        if (user.Role == Roles.Volunteer && !user.TwoFactorEnabled && await secondFactor.RequiredForAsync(user.Role, HttpContext.RequestAborted))
        {
            // The programme requires a code for volunteers and she has no app yet: after the right password she sets
            // it up before she reaches any page.
            var check = await signIn.CheckPasswordSignInAsync(user, Input.Password!, lockoutOnFailure: true);
            if (check.Succeeded)
            {
                await totp.RememberForEnrolmentAsync(user);
                return RedirectToPage("/Account/LoginEnrol", new { ReturnUrl });
            }

            audit.Record(Domain.Audit.AuditActions.LoginFailed, nameof(AppUser), user.Id, userId: user.Id);
            await db.SaveChangesAsync();
            return Failed();
        }

        var result = await signIn.PasswordSignInAsync(user, Input.Password!, isPersistent: false, lockoutOnFailure: true);
        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("/Account/LoginCode", new { ReturnUrl });
        }

        if (result.Succeeded)
        {
            return await completion.RedirectAfterLoginAsync(user.Id, ReturnUrl);
        }

        audit.Record(Domain.Audit.AuditActions.LoginFailed, nameof(AppUser), user.Id, userId: user.Id);
        await db.SaveChangesAsync();
        return Failed();
    }

    private PageResult Failed()
    {
        ModelState.AddModelError(string.Empty, T("Login.Failed"));
        return Page();
    }

    private static readonly Lazy<string> DummyHash = new(() =>
        new PasswordHasher<AppUser>(Microsoft.Extensions.Options.Options.Create(new PasswordHasherOptions { IterationCount = 210_000 }))
            .HashPassword(new AppUser { DisplayName = string.Empty, Role = string.Empty }, Guid.NewGuid().ToString()));
}
