using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Matching;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Matching;

/// <summary>
/// The matches run by the coordinator's associations, grouped: running matches the volunteer left first (the woman
/// needs a new volunteer), proposals not yet started next (they wait for someone), then the active ones, then proposals that ended lately. A match where her association only lent the
/// volunteer belongs to the other association and is not listed; a lent volunteer is named by her association only.
/// </summary>
public sealed class MatchesModel(AppDbContext db, DataScope scope, AuditTrail audit, TimeProvider clock) : AppPageModel
{
    /// <summary>How long an ended proposal stays on the list.</summary>
    public static readonly TimeSpan RecentlyDeclined = TimeSpan.FromDays(90);

    public sealed record Row(Match Match, string Woman, string Volunteer);

    public IReadOnlyList<Row> Open { get; private set; } = [];

    /// <summary>Running matches the volunteer left: the woman waits again and needs a new volunteer (first on the page).</summary>
    public IReadOnlyList<Row> VolunteerLeft { get; private set; } = [];

    public IReadOnlyList<Row> Active { get; private set; } = [];

    public IReadOnlyList<Row> Declined { get; private set; } = [];

    public int Count => VolunteerLeft.Count + Open.Count + Active.Count + Declined.Count;

    public async Task<IActionResult> OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var since = clock.GetUtcNow().UtcDateTime - RecentlyDeclined;
        var associations = scope.AssociationIds.ToList();
        var left = MatchWorkflowService.AwaitingNewVolunteer(db, associations).Select(m => m.Id);
        var matches = await db.Matches.AsNoTracking()
            .Where(m => associations.Contains(m.AssociationId)
                        && (Match.Open.Contains(m.Status) || (m.Status == MatchStatus.Declined && m.DeclinedAt >= since) || left.Contains(m.Id)))
            .ToListAsync(ct);
        if (matches.Count > 0)
        {
            // Whole records, not projections: names are encrypted and decrypted on load (ADR 0008). Both sets are within
            // the coordinator's scope; a volunteer lent by another association is not read at all.
            var womanIds = matches.Where(m => m.ParticipantId != null).Select(m => m.ParticipantId!.Value).Distinct().ToList();
            var women = (await db.Participants.AsNoTracking().Where(p => womanIds.Contains(p.Id)).ToListAsync(ct)).ToDictionary(p => p.Id, p => p.Name);
            var ownIds = matches.Where(m => scope.Covers(m.VolunteerAssociationId)).Where(m => m.VolunteerId != null).Select(m => m.VolunteerId!.Value).Distinct().ToList();
            var volunteers = (await db.Volunteers.AsNoTracking().Where(v => ownIds.Contains(v.Id)).ToListAsync(ct)).ToDictionary(v => v.Id, v => v.Name);
            var lentFrom = matches.Where(m => !scope.Covers(m.VolunteerAssociationId)).Select(m => m.VolunteerAssociationId).Distinct().ToList();
            var partners = await db.Associations.AsNoTracking().Where(a => lentFrom.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
            var rows = matches.Select(m => new Row(
                    m,
                    m.ParticipantId is { } womanId ? women.GetValueOrDefault(womanId, "–") : "–",
                    scope.Covers(m.VolunteerAssociationId) ? m.VolunteerId is { } volunteerId ? volunteers.GetValueOrDefault(volunteerId, "–") : "–"
                        : T("MatchList.LentVolunteer", partners.GetValueOrDefault(m.VolunteerAssociationId, "–"))))
                .ToList();
            VolunteerLeft = rows.Where(r => r.Match.Status == MatchStatus.VolunteerLeft).OrderBy(r => r.Match.ClosedAt).ToList();
            Open = rows.Where(r => r.Match.IsBeforeStart).OrderBy(r => r.Match.ProposedAt).ToList();
            Active = rows.Where(r => r.Match.IsOpen && !r.Match.IsBeforeStart)
                .OrderByDescending(r => r.Match.RequirementsFlaggedAt is not null && r.Match.RequirementsFlagDecidedAt is null)
                .ThenBy(r => r.Match.StartMeetingOn).ToList();
            Declined = rows.Where(r => r.Match.Status == MatchStatus.Declined).OrderByDescending(r => r.Match.DeclinedAt).ToList();
            audit.Record(AuditActions.ParticipantListViewed, nameof(Participant), null, "matches");
            await db.SaveChangesAsync(ct);
        }

        return Page();
    }
}
