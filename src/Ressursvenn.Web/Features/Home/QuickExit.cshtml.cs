using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Home;

/// <summary>
/// Quick exit (SR15): a plain GET so it works as a link without JavaScript. It ends the session (its cookie is
/// refused everywhere from now on), tells the browser to forget this site's cookies and storage, and sends it
/// to a neutral public site. A forced logout is the worst a cross-site request can do here.
/// </summary>
public sealed class QuickExitModel(SignInManager<AppUser> signIn, SessionService sessions, IConfiguration configuration) : AppPageModel
{
    public const string DefaultTarget = "https://www.yr.no/";

    public async Task<IActionResult> OnGetAsync()
    {
        if (Guid.TryParse(User.FindFirst(SessionService.SessionClaim)?.Value, out var sessionId))
        {
            await sessions.EndAsync(sessionId, SessionEndReason.QuickExit);
            await signIn.SignOutAsync();
        }

        Response.Headers["Clear-Site-Data"] = "\"cache\", \"cookies\", \"storage\"";
        return Redirect(configuration["QuickExit:Url"] ?? DefaultTarget);
    }
}
