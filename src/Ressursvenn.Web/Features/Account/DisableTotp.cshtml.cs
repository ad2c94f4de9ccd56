using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Account;

/// <summary>
/// A volunteer turns the one-time code off again, confirmed with her password and a current code (ADR 0006; wrong
/// ones count towards lockout), and is told by e-mail.
/// Staff cannot, and neither can volunteers while the programme requires the code.
/// </summary>
public sealed class DisableTotpModel(UserManager<AppUser> users, Reauthentication reauth, TotpEnrolment totp, SecondFactorRule secondFactor, AuditTrail audit, Data.AppDbContext db)
    : AppPageModel
{
    [BindProperty]
    public ReauthInput Input { get; set; } = new();

    /// <summary>The programme requires the code: it cannot be turned off.</summary>
    public bool Required { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var me = await FindAsync();
        if (me is null)
        {
            return Denied();
        }

        Required = await secondFactor.RequiredForAsync(me.Role, HttpContext.RequestAborted);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var me = await FindAsync();
        if (me is null)
        {
            return Denied();
        }

        Required = await secondFactor.RequiredForAsync(me.Role, HttpContext.RequestAborted);
        if (Required || !ModelState.IsValid)
        {
            return Page();
        }

        var outcome = await reauth.VerifyAsync(me, Input.Password, Input.Code);
        if (outcome != Reauthentication.Outcome.Confirmed)
        {
            Reauthentication.AddError(ModelState, outcome, "Input.Password", "Input.Code", key => T(key));
            return Page();
        }

        await totp.DisableAsync(me);
        audit.Record(Domain.Audit.AuditActions.AuthenticatorRemoved, nameof(AppUser), me.Id);
        reauth.Notify(me, "AuthenticatorRemoved");
        await db.SaveChangesAsync();
        StatusMessage = T("DisableTotp.Done");
        return RedirectToPage("/Account/Index");
    }

    /// <summary>Only a volunteer who has the code on.</summary>
    private async Task<AppUser?> FindAsync() =>
        await users.GetUserAsync(User) is { Role: Roles.Volunteer, TwoFactorEnabled: true } me ? me : null;
}
