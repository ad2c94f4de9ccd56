using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;

namespace Ressursvenn.Web.Features.Admin;

/// <summary>
/// The choices the admin forms offer (counties, municipalities grouped by county, associations, centres). Ids are
/// formatted in .NET, not in SQL, so they compare equal to posted values on every provider.
/// </summary>
public sealed class AdminOptions(AppDbContext db)
{
    public async Task<IReadOnlyList<SelectListItem>> CountiesAsync() =>
        await db.Counties.OrderBy(c => c.Name).Select(c => new SelectListItem(c.Name, c.Code)).ToListAsync();

    public async Task<IReadOnlyList<SelectListItem>> MunicipalitiesAsync()
    {
        var rows = await db.Municipalities.Where(m => m.Current)
            .Join(db.Counties, m => m.CountyCode, c => c.Code, (m, c) => new { m.Code, m.Name, County = c.Name })
            .ToListAsync();
        var groups = rows.Select(r => r.County).Distinct().ToDictionary(n => n, n => new SelectListGroup { Name = n }, StringComparer.Ordinal);
        return rows.OrderBy(r => r.County, StringComparer.CurrentCulture).ThenBy(r => r.Name, StringComparer.CurrentCulture)
            .Select(r => new SelectListItem($"{r.Name} ({r.Code})", r.Code) { Group = groups[r.County] }).ToList();
    }

    public async Task<IReadOnlyList<SelectListItem>> AssociationsAsync() =>
        (await db.Associations.OrderBy(a => a.Name).Select(a => new { a.Id, a.Name }).ToListAsync()).Select(a => new SelectListItem(a.Name, a.Id.ToString())).ToList();

    public async Task<IReadOnlyList<SelectListItem>> CrisisCentresAsync() =>
        (await db.CrisisCentres.OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync()).Select(c => new SelectListItem(c.Name, c.Id.ToString())).ToList();
}
