using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;

namespace Ressursvenn.Web.Features.Admin;

/// <summary>
/// The national training catalogue (docs/domain.md §4.1): every module, whether it is mandatory and in use, and how many
/// volunteers have completed it (a count, no names).
/// </summary>
public sealed class TrainingModulesModel(AppDbContext db) : AppPageModel
{
    public sealed record Row(Guid Id, string Name, bool Mandatory, bool Active, int Completions);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync()
    {
        // The completions in every association, only counted: past the association filter, which shows a national admin none.
        var modules = await db.TrainingModules.IgnoreQueryFilters().AsNoTracking()
            .Select(m => new { m.Id, m.Name, m.Mandatory, m.Active, Completions = db.TrainingCompletions.Count(c => c.ModuleId == m.Id) })
            .ToListAsync();
        Rows = modules
            .OrderByDescending(m => m.Active).ThenByDescending(m => m.Mandatory).ThenBy(m => m.Name, StringComparer.CurrentCulture)
            .Select(m => new Row(m.Id, m.Name, m.Mandatory, m.Active, m.Completions))
            .ToList();
    }
}
