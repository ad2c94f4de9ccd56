using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Audit;

/// <summary>
/// The audit trail for the national admin and the privacy officer (SR17): who did what to which record and when —
/// never the content. Filter by user, record and period; export as CSV. Looking at the trail is itself audited.
/// </summary>
public sealed class IndexModel(AppDbContext db, AuditTrail audit) : AppPageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public AuditFilter Filter { get; set; } = new();

    [BindProperty(SupportsGet = true, Name = "side")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public int Total { get; private set; }

    public IReadOnlyDictionary<Guid, string> Names { get; private set; } = new Dictionary<Guid, string>();

    public IReadOnlyList<SelectListItem> Users { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var names = await AuditNames.UsersAsync(db);
        Names = names;
        Users = names.OrderBy(n => n.Value, StringComparer.CurrentCulture).Select(n => new SelectListItem(n.Value, n.Key.ToString())).ToList();
        if (!ModelState.IsValid)
        {
            return;
        }

        PageNumber = Math.Max(1, PageNumber);
        var query = Filter.Apply(db.AuditEntries.AsNoTracking());
        Total = await query.CountAsync();
        Entries = await query.OrderByDescending(e => e.Sequence).Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync();
        audit.Record(AuditActions.AuditViewed, nameof(AuditEntry), Filter.RecordId, Filter.UserId is null ? null : "ByUser");
        await db.SaveChangesAsync();
    }
}
