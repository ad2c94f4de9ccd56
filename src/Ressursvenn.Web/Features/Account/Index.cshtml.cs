using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.Web.Features.Account;

/// <summary>My account: who I am, the second factor, recovery codes and the password.</summary>
public sealed class IndexModel(UserManager<AppUser> users) : AppPageModel
{
    public AppUser Me { get; private set; } = null!;

    public int RecoveryCodesLeft { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var me = await users.GetUserAsync(User);
        if (me is null)
        {
            return Denied();
        }

        Me = me;
        RecoveryCodesLeft = await users.CountRecoveryCodesAsync(me);
        return Page();
    }
}
