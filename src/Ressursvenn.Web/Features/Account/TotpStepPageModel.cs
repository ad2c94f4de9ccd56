using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.Web.Features.Account;

/// <summary>The pages with an authenticator step share its field, its key view and its check.</summary>
public abstract class TotpStepPageModel(TotpEnrolment totp) : AppPageModel
{
    protected TotpEnrolment Enrolment { get; } = totp;

    /// <summary>
    /// The code of the authenticator step. Not a [BindProperty]: only that step's handler binds it (a parameter named
    /// "Code", see <see cref="ConfirmCodeAsync"/>), so the steps before it never see the field as missing.
    /// </summary>
    public TotpInput Code { get; private set; } = new();

    public TotpEnrolment.KeyView? Key { get; protected set; }

    public IReadOnlyList<string>? RecoveryCodes { get; protected set; }

    /// <summary>Checks the typed code; on failure the field gets a message that says what to do.</summary>
    protected async Task<IReadOnlyList<string>?> ConfirmCodeAsync(AppUser user, TotpInput code, bool pendingKey = false)
    {
        Code = code ?? new TotpInput();
        // Only the code is posted in this step: the page's other fields (the password step, not sent again) must
        // not appear in the error summary as missing.
        foreach (var key in ModelState.Keys.Where(k => !k.StartsWith("Code.", StringComparison.Ordinal)).ToList())
        {
            ModelState.ClearValidationState(key);
        }

        if (ModelState.GetFieldValidationState("Code.Code") != ModelValidationState.Valid)
        {
            return null;
        }

        var codes = pendingKey ? await Enrolment.ConfirmPendingAsync(user, Code.Code) : await Enrolment.ConfirmAsync(user, Code.Code);
        if (codes is null)
        {
            ModelState.AddModelError("Code.Code", T("Totp.Failed"));
        }

        return codes;
    }
}
