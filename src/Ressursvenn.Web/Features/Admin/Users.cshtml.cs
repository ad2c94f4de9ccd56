using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.Web.Features.Admin;

/// <summary>The staff accounts: who has which role where, and whether the account is in use, invited or disabled.</summary>
public sealed class UsersModel(AppDbContext db) : AppPageModel
{
    public sealed record Row(Guid Id, string Name, string Role, string Where, string State);

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

        var rows = await query.OrderBy(u => u.DisplayName)
            .Select(u => new
            {
                u.Id,
                u.DisplayName,
                u.Role,
                u.Disabled,
                Invited = u.PasswordHash == null || (u.Role != Roles.Volunteer && !u.TwoFactorEnabled),
                Centre = db.CrisisCentres.Where(c => c.Id == u.CrisisCentreId).Select(c => c.Name).FirstOrDefault(),
                Associations = u.Associations.Join(db.Associations, l => l.AssociationId, a => a.Id, (_, a) => a.Name).ToList(),
            })
            .Take(1000)
            .ToListAsync();
        Rows = rows.Select(r => new Row(
                r.Id,
                r.DisplayName,
                r.Role,
                r.Centre ?? string.Join(", ", r.Associations.Order(StringComparer.CurrentCulture)),
                r.Disabled ? "Disabled" : r.Invited ? "Invited" : "Active"))
            .ToList();
    }
}
