using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.Web.Security;

/// <summary>
/// Ties the authentication cookie to a server-side session: a session row is created at sign-in, checked on
/// every request, and ended at sign-out. Anonymous users are sent to the login page; an authenticated user
/// without the right role gets 404, exactly as for a page that does not exist (SR5).
/// </summary>
public sealed class SessionCookieEvents : CookieAuthenticationEvents
{
    /// <summary>HttpContext item: the principal whose session just timed out (used to keep a posted form).</summary>
    public const string ExpiredPrincipalItem = "rv-expired-principal";

    public override async Task SigningIn(CookieSigningInContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Principal?.Identity is ClaimsIdentity identity
            && Guid.TryParse(identity.FindFirst(ClaimTypes.NameIdentifier)?.Value, out var userId))
        {
            var sessions = context.HttpContext.RequestServices.GetRequiredService<SessionService>();
            var session = await sessions.StartAsync(userId, identity.FindFirst(ClaimTypes.Role)?.Value, context.HttpContext.RequestAborted);
            foreach (var old in identity.FindAll(SessionService.SessionClaim).ToList())
            {
                identity.RemoveClaim(old);
            }

            identity.AddClaim(new Claim(SessionService.SessionClaim, session.Id.ToString()));
        }
    }

    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var principal = context.Principal;
        var sessions = context.HttpContext.RequestServices.GetRequiredService<SessionService>();
        var reason = SessionEndReason.Administrative;
        if (Guid.TryParse(principal?.FindFirst(ClaimTypes.NameIdentifier)?.Value, out var userId)
            && Guid.TryParse(principal?.FindFirst(SessionService.SessionClaim)?.Value, out var sessionId))
        {
            reason = await sessions.TouchAsync(sessionId, userId, principal?.FindFirst(ClaimTypes.Role)?.Value, context.HttpContext.RequestAborted);
        }

        if (reason == SessionEndReason.None && await MustLogInAgainWithCodeAsync(context.HttpContext, principal))
        {
            // A volunteer who logged in with her password alone before the programme began to require a code: the
            // session ends and she is sent to log in again, where she sets up the code before reaching any page.
            if (Guid.TryParse(principal?.FindFirst(SessionService.SessionClaim)?.Value, out var openSession))
            {
                await sessions.EndAsync(openSession, SessionEndReason.Administrative, context.HttpContext.RequestAborted);
            }

            reason = SessionEndReason.Administrative;
        }

        if (reason == SessionEndReason.None)
        {
            // Defence in depth: Identity's security stamp check (changes on password change and disabling).
            await SecurityStampValidator.ValidatePrincipalAsync(context);
            return;
        }

        if (reason is SessionEndReason.IdleTimeout or SessionEndReason.AbsoluteTimeout && principal is not null)
        {
            context.HttpContext.Items[ExpiredPrincipalItem] = principal;
        }

        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
    }

    public override async Task SigningOut(CookieSigningOutContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Guid.TryParse(context.HttpContext.User.FindFirst(SessionService.SessionClaim)?.Value, out var sessionId))
        {
            var sessions = context.HttpContext.RequestServices.GetRequiredService<SessionService>();
            await sessions.EndAsync(sessionId, SessionEndReason.Logout, context.HttpContext.RequestAborted);
        }
    }

    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (IsApi(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        }

        return base.RedirectToLogin(context);
    }

    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    private static async Task<bool> MustLogInAgainWithCodeAsync(HttpContext http, ClaimsPrincipal? principal)
    {
        var role = principal?.FindFirst(ClaimTypes.Role)?.Value;
        return role == Roles.Volunteer && !SecondFactorRule.UsedSecondFactor(principal)
            && await http.RequestServices.GetRequiredService<SecondFactorRule>().RequiredForAsync(role, http.RequestAborted);
    }

    private static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);
}
