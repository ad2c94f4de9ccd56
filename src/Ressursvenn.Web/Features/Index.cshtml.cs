using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.Web.Features;

/// <summary>The front page: the login page for a visitor, each role's own home page for a signed-in user.</summary>
public sealed class IndexModel(AppDbContext db) : AppPageModel
{
    public string Role { get; private set; } = string.Empty;

    public string DisplayName { get; private set; } = string.Empty;

    /// <summary>The organisations the user works for (associations of a coordinator, the centre of crisis-centre staff).</summary>
    public IReadOnlyList<string> Organisations { get; private set; } = [];

    public AdminCounts? Admin { get; private set; }

    public sealed record AdminCounts(int Associations, int CrisisCentres, int ActiveUsers, int PendingInvitations);

    public async Task<IActionResult> OnGetAsync()
    {
        if (User.Identity?.IsAuthenticated != true || !Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            return Redirect("/logg-inn");
        }

        // The whole entity, not a projection: the display name is encrypted and decrypted on load (ADR 0008).
        var me = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId);
        if (me is null)
        {
            return Redirect("/logg-inn");
        }

        (Role, DisplayName) = (me.Role, me.DisplayName);
        Organisations = me.Role switch
        {
            Roles.Coordinator => await db.CoordinatorAssociations.Where(c => c.UserId == userId)
                .Join(db.Associations, c => c.AssociationId, a => a.Id, (_, a) => a.Name).OrderBy(n => n).ToListAsync(),
            Roles.CrisisCentreStaff => await db.CrisisCentres.Where(c => c.Id == me.CrisisCentreId).Select(c => c.Name).ToListAsync(),
            _ => [],
        };

        if (me.Role == Roles.NationalAdmin)
        {
            Admin = new AdminCounts(
                await db.Associations.CountAsync(),
                await db.CrisisCentres.CountAsync(),
                await db.Users.CountAsync(u => !u.Disabled && u.PasswordHash != null),
                await db.Users.CountAsync(u => !u.Disabled && u.PasswordHash == null));
        }

        return Page();
    }
}
