using Microsoft.AspNetCore.Mvc;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Account;

/// <summary>Where a user goes after logging in: back to a kept form if she has one, else to a safe local return URL.</summary>
public sealed class LoginCompletion(FormDraftService drafts, AuditTrail audit, Data.AppDbContext db)
{
    /// <summary>Only local paths: never "//host" or "/\host" (open redirect).</summary>
    public string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.Length < 2000 && returnUrl[0] == '/'
        && (returnUrl.Length == 1 || (returnUrl[1] != '/' && returnUrl[1] != '\\'))
            ? returnUrl
            : "/";

    /// <summary>Records the completed login on the audit trail and sends the user on.</summary>
    public async Task<IActionResult> RedirectAfterLoginAsync(Guid userId, string? returnUrl)
    {
        audit.Record(Domain.Audit.AuditActions.LoggedIn, nameof(Domain.AppUser), userId, userId: userId);
        await db.SaveChangesAsync();
        var target = SafeReturnUrl(returnUrl);
        var path = target.Split('?')[0];
        var draft = await drafts.FindAsync(userId, path);
        return draft is { } id
            ? new LocalRedirectResult($"{path}?{FormDraftService.RestoreQueryKey}={id}")
            : new LocalRedirectResult(target);
    }
}
