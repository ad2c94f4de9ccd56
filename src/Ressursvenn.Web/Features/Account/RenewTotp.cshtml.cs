using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.Web.Features.Account;

/// <summary>
/// Moving the authenticator to a new phone (or, for a volunteer, adding one). First she proves it is her (password and
/// a current code, or only the password when she has no code yet: ADR 0006); then a new key is shown, and it replaces
/// the old one only when a code from the new app has been confirmed within ten minutes, with new recovery codes. She is
/// told by e-mail.
/// </summary>
public sealed class RenewTotpModel(UserManager<AppUser> users, TotpEnrolment totp, Reauthentication reauth, Security.AuditTrail audit, Data.AppDbContext db)
    : TotpStepPageModel(totp)
{
    /// <summary>A volunteer turning the code on for the first time (rather than moving it to a new phone).</summary>
    public bool Adding { get; private set; }

    [BindProperty]
    public ReauthInput Proof { get; set; } = new();

    public async Task<IActionResult> OnGetAsync()
    {
        var me = await users.GetUserAsync(User);
        if (me is null)
        {
            return Denied();
        }

        Adding = !me.TwoFactorEnabled;
        return Page();
    }

    /// <summary>The proof; when it holds, a new key (kept apart from the active one until confirmed).</summary>
    public async Task<IActionResult> OnPostProveAsync()
    {
        var me = await users.GetUserAsync(User);
        if (me is null)
        {
            return Denied();
        }

        Adding = !me.TwoFactorEnabled;
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var outcome = await reauth.VerifyAsync(me, Proof.Password, Proof.Code);
        if (outcome != Reauthentication.Outcome.Confirmed)
        {
            Reauthentication.AddError(ModelState, outcome, "Proof.Password", "Proof.Code", key => T(key));
            return Page();
        }

        Key = await Enrolment.NewPendingKeyAsync(me);
        return Page();
    }

    public async Task<IActionResult> OnPostTotpAsync([FromForm(Name = nameof(Code))] TotpInput code)
    {
        var me = await users.GetUserAsync(User);
        if (me is null)
        {
            return Denied();
        }

        Adding = !me.TwoFactorEnabled;
        Key = await Enrolment.PendingKeyAsync(me);
        if (Key is null)
        {
            // No proof within the last ten minutes: start again from the proof.
            StatusMessage = T("Reauth.Expired");
            return RedirectToPage();
        }

        RecoveryCodes = await ConfirmCodeAsync(me, code, pendingKey: true);
        if (RecoveryCodes is not null)
        {
            audit.Record(Adding ? Domain.Audit.AuditActions.AuthenticatorAdded : Domain.Audit.AuditActions.AuthenticatorChanged, nameof(AppUser), me.Id);
            reauth.Notify(me, Adding ? "AuthenticatorAdded" : "AuthenticatorChanged");
            await db.SaveChangesAsync();
            Key = null;
        }

        return Page();
    }
}
