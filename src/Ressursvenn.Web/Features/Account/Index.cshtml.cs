using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.Web.Features.Account;

/// <summary>My account: who I am, the second factor, recovery codes and the password.</summary>
public sealed class IndexModel(UserManager<AppUser> users, Security.SecondFactorRule secondFactor) : AppPageModel
{
    public AppUser Me { get; private set; } = null!;

    public int RecoveryCodesLeft { get; private set; }

    /// <summary>A volunteer may turn the code off again, unless the programme requires it.</summary>
    public bool CanTurnOff { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var me = await users.GetUserAsync(User);
        if (me is null)
        {
            return Denied();
        }

        Me = me;
        RecoveryCodesLeft = await users.CountRecoveryCodesAsync(me);
        CanTurnOff = me is { Role: Roles.Volunteer, TwoFactorEnabled: true } && !await secondFactor.RequiredForAsync(me.Role, HttpContext.RequestAborted);
        return Page();
    }
}
