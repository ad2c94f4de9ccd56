using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Security;
using Engine = Ressursvenn.Matching;

namespace Ressursvenn.Web.Features.Matching;

/// <summary>
/// The batch plan for an association's waiting list (docs/domain.md §5): the assignment with the highest total score over
/// every woman waiting without a proposal, next to picking one at a time (longest waiting first), with each planned
/// pair one click from its side-by-side page. Nothing is proposed here: the coordinator still proposes each match.
/// </summary>
public sealed class PlanModel(AppDbContext db, DataScope scope, MatchingService matching, AuditTrail audit) : AppPageModel
{
    public sealed record Association(Guid Id, string Name);

    public sealed record Totals(long TotalMilli, int Matched);

    public sealed record Pair(Guid WomanId, string Woman, Guid VolunteerId, string Volunteer, int ScoreMilli);

    public sealed record Woman(Guid Id, string Name);

    /// <summary>The coordinator's associations, for the chooser when she has several.</summary>
    public IReadOnlyList<Association> Associations { get; private set; } = [];

    public Association? Current { get; private set; }

    /// <summary>Women in the plan: waiting, without an open proposal, with a known area.</summary>
    public int WomenCount { get; private set; }

    public int VolunteerCount { get; private set; }

    public Totals Optimal { get; private set; } = new(0, 0);

    public Totals Greedy { get; private set; } = new(0, 0);

    public IReadOnlyList<Pair> Pairs { get; private set; } = [];

    public IReadOnlyList<Woman> Unmatched { get; private set; } = [];

    /// <summary>The association is chosen with "?forening={id}" (an association id, nothing personal); default: her first.</summary>
    public async Task<IActionResult> OnGetAsync(Guid? forening)
    {
        var ct = HttpContext.RequestAborted;
        IReadOnlyList<Guid> mine = scope.IsSystem ? [] : scope.AssociationIds;
        var byName = StringComparer.Create(CultureInfo.CurrentCulture, CompareOptions.IgnoreCase);
        Associations = (await db.Associations.AsNoTracking().Where(a => mine.Contains(a.Id)).ToListAsync(ct))
            .Select(a => new Association(a.Id, a.Name)).OrderBy(a => a.Name, byName).ToList();
        if (forening is { } chosen && Associations.All(a => a.Id != chosen))
        {
            return NotFound();
        }

        Current = Associations.FirstOrDefault(a => a.Id == (forening ?? (Associations.Count > 0 ? Associations[0].Id : null)));
        if (Current is null)
        {
            return Page();
        }

        var input = await matching.PlanInputAsync(Current.Id, ct);
        var optimal = Engine.BatchPlanner.Plan(input.Profiles, input.Volunteers, input.Context);
        var greedy = Engine.BatchPlanner.GreedyPlan(input.Profiles, input.Volunteers, input.Context);
        WomenCount = input.Women.Count;
        VolunteerCount = input.Volunteers.Count;
        Optimal = new Totals(optimal.TotalMilli, optimal.Pairs.Count);
        Greedy = new Totals(greedy.TotalMilli, greedy.Pairs.Count);

        var women = input.Women.ToDictionary(w => w.Id, w => w.Name);
        var volunteerIds = optimal.Pairs.Select(p => p.VolunteerId).Distinct().ToList();
        // Whole volunteers, not projections: names are encrypted and decrypted on load (ADR 0008).
        var volunteers = volunteerIds.Count == 0 ? []
            : (await db.Volunteers.AsNoTracking().Where(v => volunteerIds.Contains(v.Id)).ToListAsync(ct)).ToDictionary(v => v.Id, v => v.Name);
        Pairs = optimal.Pairs
            .Select(p => new Pair(p.WomanId, women.GetValueOrDefault(p.WomanId, "–"), p.VolunteerId, volunteers.GetValueOrDefault(p.VolunteerId, "–"), p.ScoreMilli))
            .ToList();
        Unmatched = optimal.Unmatched.Select(id => new Woman(id, women.GetValueOrDefault(id, "–"))).ToList();

        audit.Record(AuditActions.BatchPlanViewed, nameof(LocalAssociation), Current.Id);
        await db.SaveChangesAsync(ct);
        return Page();
    }

    /// <summary>Thousandths of a point as people read them (one decimal).</summary>
    public static string Points(long milli) => (milli / 1000.0).ToString("0.#", CultureInfo.CurrentCulture);
}
