using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Calendar;
using Ressursvenn.Web.Domain.Volunteers;

namespace Ressursvenn.Web.Features.Volunteers;

/// <summary>
/// The coordinator's gatherings for volunteers (supervision, experience exchange, training evenings) in her
/// associations (by the query filter): the upcoming ones first, soonest first, then the latest past ones with how many
/// came. Nothing personal is shown here, so viewing it is not audited.
/// </summary>
public sealed class GatheringsModel(AppDbContext db, TimeProvider clock) : AppPageModel
{
    /// <summary>How many past gatherings are listed.</summary>
    public const int PastShown = 30;

    public sealed record Row(Guid Id, GatheringKind Kind, DateTime StartsAt, string Place, string? Association, int Present);

    public IReadOnlyList<Row> Upcoming { get; private set; } = [];

    public IReadOnlyList<Row> Past { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        // From the start of today in Oslo: a gathering later today is still upcoming.
        var today = WorkingDays.OsloDate(clock.GetUtcNow());
        var startOfToday = TimeZoneInfo.ConvertTimeToUtc(today.ToDateTime(TimeOnly.MinValue), WorkingDays.Oslo);
        var associations = await db.Associations.AsNoTracking().Where(a => db.Scope.AssociationIds.Contains(a.Id))
            .ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        var several = associations.Count > 1;
        // Plain columns only (the note is encrypted and not needed here).
        var upcoming = await db.Gatherings.AsNoTracking().Where(g => g.StartsAt >= startOfToday).OrderBy(g => g.StartsAt)
            .Select(g => new { g.Id, g.Kind, g.StartsAt, g.Place, g.AssociationId, Present = g.Attendance.Count })
            .ToListAsync(ct);
        var past = await db.Gatherings.AsNoTracking().Where(g => g.StartsAt < startOfToday).OrderByDescending(g => g.StartsAt).Take(PastShown)
            .Select(g => new { g.Id, g.Kind, g.StartsAt, g.Place, g.AssociationId, Present = g.Attendance.Count })
            .ToListAsync(ct);
        Upcoming = upcoming.Select(g => new Row(g.Id, g.Kind, g.StartsAt, g.Place, several ? associations.GetValueOrDefault(g.AssociationId) : null, g.Present)).ToList();
        Past = past.Select(g => new Row(g.Id, g.Kind, g.StartsAt, g.Place, several ? associations.GetValueOrDefault(g.AssociationId) : null, g.Present)).ToList();
    }

    /// <summary>A stored start time as the Oslo date and time the page shows.</summary>
    public static string Local(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), WorkingDays.Oslo).ToString("dd.MM.yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
