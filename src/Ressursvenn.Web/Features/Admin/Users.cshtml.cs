using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.Web.Features.Admin;

/// <summary>The staff accounts: who has which role where, and whether the account is in use, invited or disabled.</summary>
public sealed class UsersModel(AppDbContext db) : AppPageModel
{
    public sealed record Row(Guid Id, string Name, string Email, string Role, string Where, string State);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    /// <summary>Filter by role; in the URL, it holds no personal data.</summary>
    [BindProperty(SupportsGet = true, Name = "rolle")]
    public string? RoleFilter { get; set; }

    public async Task OnGetAsync()
    {
        var query = db.Users.AsNoTracking().Where(u => u.Role != Roles.Volunteer);
        if (RoleFilter is { } role && Roles.All.Contains(role))
        {
            query = query.Where(u => u.Role == role);
        }

        // Entities, not a projection: names and e-mail addresses are encrypted and decrypted on load, so they are sorted
        // here (ADR 0008); the database only filters on plain columns (role).
        // Staff accounts are few (volunteers are not listed), so loading them all is fine.
        var accounts = await query.ToListAsync();
        var centres = await db.CrisisCentres.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name);
        var memberships = (await db.CoordinatorAssociations.AsNoTracking()
                .Join(db.Associations, l => l.AssociationId, a => a.Id, (l, a) => new { l.UserId, a.Name })
                .ToListAsync())
            .ToLookup(m => m.UserId, m => m.Name);
        Rows = accounts
            .OrderBy(u => u.DisplayName, StringComparer.CurrentCulture)
            .ThenBy(u => u.Email, StringComparer.OrdinalIgnoreCase)
            .ThenBy(u => u.Id)
            .Select(u => new Row(
                u.Id,
                u.DisplayName,
                u.Email ?? string.Empty,
                u.Role,
                u.CrisisCentreId is { } centre && centres.TryGetValue(centre, out var name)
                    ? name
                    : string.Join(", ", memberships[u.Id].Order(StringComparer.CurrentCulture)),
                u.Disabled ? "Disabled" : u.PasswordHash == null || (u.Role != Roles.Volunteer && !u.TwoFactorEnabled) ? "Invited" : "Active"))
            .ToList();
    }
}
