using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;

namespace Ressursvenn.Web.Features.Admin;

/// <summary>The local associations, with their county, the municipalities they cover and their coordinators.</summary>
public sealed class AssociationsModel(AppDbContext db) : AppPageModel
{
    public sealed record Row(Guid Id, string Name, string County, int Municipalities, int Coordinators, int CrisisCentres);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync() =>
        Rows = await db.Associations.AsNoTracking().OrderBy(a => a.Name)
            .Select(a => new Row(
                a.Id,
                a.Name,
                db.Counties.Where(c => c.Code == a.CountyCode).Select(c => c.Name).First(),
                a.Municipalities.Count,
                db.CoordinatorAssociations.Count(c => c.AssociationId == a.Id),
                a.CrisisCentres.Count))
            .ToListAsync();
}
