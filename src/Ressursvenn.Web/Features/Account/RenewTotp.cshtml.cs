using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.Web.Features.Account;

/// <summary>
/// Moving the authenticator to a new phone (or, for a volunteer, adding one): a new key replaces the old one
/// only when a code from the new app has been confirmed, and new recovery codes replace the old ones.
/// </summary>
public sealed class RenewTotpModel(UserManager<AppUser> users, TotpEnrolment totp, Security.AuditTrail audit, Data.AppDbContext db) : TotpStepPageModel(totp)
{
    /// <summary>A volunteer turning the code on for the first time (rather than moving it to a new phone).</summary>
    public bool Adding { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var me = await users.GetUserAsync(User);
        if (me is null)
        {
            return Denied();
        }

        Adding = !me.TwoFactorEnabled;

        // A pending key is kept apart from the active one until confirmed.
        Key = await Enrolment.PendingKeyFor(me, renew: true);
        return Page();
    }

    public async Task<IActionResult> OnPostTotpAsync()
    {
        var me = await users.GetUserAsync(User);
        if (me is null)
        {
            return Denied();
        }

        Adding = !me.TwoFactorEnabled;
        RecoveryCodes = await ConfirmCodeAsync(me, pendingKey: true);
        if (RecoveryCodes is null)
        {
            Key = await Enrolment.PendingKeyFor(me, renew: false);
        }
        else
        {
            audit.Record(Adding ? Domain.Audit.AuditActions.AuthenticatorAdded : Domain.Audit.AuditActions.AuthenticatorChanged, nameof(AppUser), me.Id);
            await db.SaveChangesAsync();
        }

        return Page();
    }
}
