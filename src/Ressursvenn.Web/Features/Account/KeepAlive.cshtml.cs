using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Account;

/// <summary>"Stay logged in" from the session-warning dialog: renews the idle timer at once (not only every 30 s as other requests do).</summary>
public sealed class KeepAliveModel(SessionService sessions) : AppPageModel
{
    public IActionResult OnGet() => NotFound();

    public async Task<IActionResult> OnPostAsync()
    {
        if (Guid.TryParse(User.FindFirst(ClaimTypes.NameIdentifier)?.Value, out var userId)
            && Guid.TryParse(User.FindFirst(SessionService.SessionClaim)?.Value, out var sessionId))
        {
            await sessions.ExtendAsync(sessionId, userId, User.FindFirst(ClaimTypes.Role)?.Value, HttpContext.RequestAborted);
        }

        return new NoContentResult();
    }
}
