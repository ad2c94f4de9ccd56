using Microsoft.AspNetCore.Mvc;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Account;

/// <summary>Where a user goes after logging in: back to a kept form if she has one, else to a safe local return URL.</summary>
public sealed class LoginCompletion(FormDraftService drafts, AuditTrail audit, Data.AppDbContext db)
{
    /// <summary>
    /// Only local paths: never "//host", "/\host", or a control character or space a browser would drop ("/\t/evil"
    /// is "//evil" to a browser, and a redirect to it would be refused with a 500). Anything else is "/". Non-ASCII
    /// characters are percent-encoded, since a Location header holds ASCII only.
    /// </summary>
    public string SafeReturnUrl(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || returnUrl.Length >= 2000 || returnUrl[0] != '/'
            || (returnUrl.Length > 1 && (returnUrl[1] == '/' || returnUrl[1] == '\\'))
            || returnUrl.Any(c => c <= ' ' || c == '\u007f'))
        {
            return "/";
        }

        return returnUrl.All(char.IsAscii) ? returnUrl : EscapeNonAscii(returnUrl);
    }

    private static string EscapeNonAscii(string url)
    {
        var builder = new System.Text.StringBuilder(url.Length * 2);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in url.EnumerateRunes())
        {
            if (rune.IsAscii)
            {
                builder.Append((char)rune.Value);
                continue;
            }

            var length = rune.EncodeToUtf8(bytes);
            foreach (var b in bytes[..length])
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

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
