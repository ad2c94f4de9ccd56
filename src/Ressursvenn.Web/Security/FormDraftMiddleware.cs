using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;

namespace Ressursvenn.Web.Security;

/// <summary>
/// "Nothing typed is lost to a timeout": when a form is posted to a protected page just after its session
/// timed out, the form is kept (encrypted, server-side, short-lived) for that user, and the user is sent to
/// log in again. The antiforgery token is checked against the expired login first, so a cross-site post can
/// never plant a form. After the login the user lands on the page with the form filled in.
/// </summary>
public sealed class FormDraftMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, IAntiforgery antiforgery, FormDraftService drafts)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!HttpMethods.IsPost(context.Request.Method)
            || context.User.Identity?.IsAuthenticated == true
            || context.Items[SessionCookieEvents.ExpiredPrincipalItem] is not ClaimsPrincipal expired
            || !context.Request.HasFormContentType
            || !RequiresLogin(context.GetEndpoint())
            || !Guid.TryParse(expired.FindFirst(ClaimTypes.NameIdentifier)?.Value, out var userId))
        {
            await next(context);
            return;
        }

        var anonymous = context.User;
        context.User = expired;
        var genuine = await antiforgery.IsRequestValidAsync(context);
        context.User = anonymous;
        if (!genuine)
        {
            await next(context);
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var path = context.Request.Path.Value ?? "/";
        await drafts.KeepAsync(userId, path, form, context.RequestAborted);
        context.Response.Redirect($"/logg-inn?ReturnUrl={Uri.EscapeDataString(path)}&utlopt=1");
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
    }

    private static bool RequiresLogin(Endpoint? endpoint) =>
        endpoint is not null
        && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null
        && endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Count > 0;
}
