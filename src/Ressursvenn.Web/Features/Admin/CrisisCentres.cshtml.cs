using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;

namespace Ressursvenn.Web.Features.Admin;

/// <summary>The crisis centres, their municipality and the associations they work with.</summary>
public sealed class CrisisCentresModel(AppDbContext db) : AppPageModel
{
    public sealed record Row(Guid Id, string Name, string Municipality, IReadOnlyList<string> Associations, int Staff);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var rows = await db.CrisisCentres.AsNoTracking().OrderBy(c => c.Name)
            .Select(c => new
            {
                c.Id,
                c.Name,
                Municipality = db.Municipalities.Where(m => m.Code == c.MunicipalityCode).Select(m => m.Name).First(),
                Associations = c.Associations.Join(db.Associations, l => l.AssociationId, a => a.Id, (_, a) => a.Name).ToList(),
                Staff = db.Users.Count(u => u.CrisisCentreId == c.Id && !u.Disabled),
            })
            .ToListAsync();
        Rows = rows.Select(r => new Row(r.Id, r.Name, r.Municipality, r.Associations.Order(StringComparer.CurrentCulture).ToList(), r.Staff)).ToList();
    }
}
