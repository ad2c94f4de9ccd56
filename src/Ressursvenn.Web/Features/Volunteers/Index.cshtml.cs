using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Calendar;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Infrastructure;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Volunteers;

/// <summary>
/// The coordinator's pipeline of volunteers (her associations only, by the query filter), as a board by step:
/// Applied → Interview → Checks → Training → Approved, then Paused, and folded lists of the rejected, withdrawn and
/// departed. Each card says what is missing before approval, and for an approved volunteer whether her police
/// certificate is due for renewal. Names are decrypted here, within that set, for display and sorting (ADR 0011).
/// </summary>
public sealed class IndexModel(AppDbContext db, AuditTrail audit, ProgrammeSettingsService settings, TimeProvider clock) : AppPageModel
{
    /// <summary>The steps shown as columns of the board, in order.</summary>
    public static readonly IReadOnlyList<VolunteerStatus> Board =
        [VolunteerStatus.Applied, VolunteerStatus.Interview, VolunteerStatus.Checks, VolunteerStatus.Training, VolunteerStatus.Approved, VolunteerStatus.Paused];

    /// <summary>The ends, folded away.</summary>
    public static readonly IReadOnlyList<VolunteerStatus> Ended = [VolunteerStatus.Rejected, VolunteerStatus.Withdrawn, VolunteerStatus.Left];

    public sealed record Row(
        Guid Id, string Name, VolunteerStatus Status, DateOnly AppliedOn, DateOnly? EndedOn, IReadOnlyList<Requirement> Missing,
        bool WaitingForSecond, RenewalState? Renewal, DateOnly? CertificateValidUntil, int NewModules);

    public IReadOnlyDictionary<VolunteerStatus, IReadOnlyList<Row>> Groups { get; private set; } = new Dictionary<VolunteerStatus, IReadOnlyList<Row>>();

    public int Total { get; private set; }

    public IReadOnlyList<Row> In(VolunteerStatus status) => Groups.TryGetValue(status, out var rows) ? rows : [];

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var today = WorkingDays.OsloDate(clock.GetUtcNow());
        var policy = await settings.GetAsync(ct);
        var catalogue = await db.TrainingModules.AsNoTracking().ToListAsync(ct);
        var volunteers = await db.Volunteers.AsNoTracking().WithScreening().ToListAsync(ct);
        var rows = volunteers.Select(v =>
        {
            var missing = v.IsOpenApplication ? VolunteerRules.Missing(v, catalogue, today, policy) : [];
            DateOnly? validUntil = v.PoliceCertificate is { } certificate ? VolunteerRules.CertificateValidUntil(certificate, policy) : null;
            var approved = v.Status is VolunteerStatus.Approved or VolunteerStatus.Paused;
            return new Row(
                v.Id, v.Name, v.Status, WorkingDays.OsloDate(v.AppliedAt), v.EndedAt is { } ended ? WorkingDays.OsloDate(ended) : null,
                missing, v.IsOpenApplication && v.ApprovalRequestedBy is not null,
                approved && validUntil is { } until ? VolunteerRules.Renewal(until, today, policy) : null,
                approved ? validUntil : null,
                approved ? VolunteerRules.MissingModules(v, catalogue).Count : 0);
        }).ToList();

        var byName = StringComparer.Create(CultureInfo.CurrentCulture, CompareOptions.IgnoreCase);
        Groups = rows.GroupBy(r => r.Status).ToDictionary(
            g => g.Key,
            g => (IReadOnlyList<Row>)(g.Key switch
            {
                // Open applications: the longest waiting first.
                VolunteerStatus.Applied or VolunteerStatus.Interview or VolunteerStatus.Checks or VolunteerStatus.Training
                    => g.OrderBy(r => r.AppliedOn).ThenBy(r => r.Name, byName),
                VolunteerStatus.Approved or VolunteerStatus.Paused => g.OrderBy(r => r.Name, byName),
                _ => g.OrderByDescending(r => r.EndedOn).ThenBy(r => r.Name, byName),
            }).ToList());
        Total = rows.Count(r => !Ended.Contains(r.Status));

        audit.Record(AuditActions.VolunteerListViewed, nameof(Volunteer), null);
        await db.SaveChangesAsync(ct);
    }
}
