using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.Web.Features.Account;

/// <summary>Logging out: the server-side session ends (the old cookie is refused everywhere) and the browser is told to forget this site's data.</summary>
public sealed class LogoutModel(SignInManager<AppUser> signIn, Security.AuditTrail audit, Data.AppDbContext db) : AppPageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        audit.Record(Domain.Audit.AuditActions.LoggedOut, nameof(AppUser), null);
        await db.SaveChangesAsync();
        await signIn.SignOutAsync();
        Response.Headers["Clear-Site-Data"] = "\"cache\", \"cookies\", \"storage\"";
        return Redirect("/logg-inn");
    }
}
