using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Infrastructure;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Participants;

/// <summary>
/// The coordinator's participants: new referrals with their acknowledgement deadline, the waiting list ordered by
/// waiting time, the matched and the closed. Only her associations' women (query filter); names are decrypted here,
/// within that set, for display, search and sorting (ADR 0011). A name search is posted, never put in the URL.
/// </summary>
public sealed class IndexModel(AppDbContext db, AuditTrail audit, ProgrammeSettingsService settings, TimeProvider clock) : AppPageModel
{
    [BindProperty]
    [StringLength(100, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Participants.Search")]
    public string? Query { get; set; }

    public IReadOnlyList<Row> NewReferrals { get; private set; } = [];

    public IReadOnlyList<Row> Waiting { get; private set; } = [];

    public IReadOnlyList<Row> Matched { get; private set; } = [];

    public IReadOnlyList<Row> Ended { get; private set; } = [];

    public bool Searched { get; private set; }

    public sealed record Row(
        Guid Id, string Name, ParticipantStatus Status, bool IsProtected, bool HasSafetyMarker, string? Reference, string? Centre,
        DateTime ReferredAt, DateOnly AcknowledgeBy, AcknowledgementState Acknowledgement, int? DaysWaited, DateTime? ClosedAt);

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    public Task<IActionResult> OnPostAsync()
    {
        Searched = !string.IsNullOrWhiteSpace(Query);
        return ShowAsync();
    }

    private async Task<IActionResult> ShowAsync()
    {
        var now = clock.GetUtcNow();
        var policy = await settings.GetAsync();
        var centres = await db.CrisisCentres.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name);
        var participants = await db.Participants.AsNoTracking().Include(p => p.Referrals).AsSplitQuery().ToListAsync();
        var query = ModelState.IsValid ? Query?.Trim() : null;
        var rows = participants
            .Where(p => string.IsNullOrEmpty(query) || p.Name.Contains(query, StringComparison.CurrentCultureIgnoreCase))
            .Select(p =>
            {
                var latest = p.Referrals.OrderByDescending(r => r.CreatedAt).FirstOrDefault();
                var referredAt = latest?.CreatedAt ?? p.CreatedAt;
                return new Row(
                    p.Id, p.Name, p.Status, p.IsProtected, !string.IsNullOrEmpty(p.SafetyMarker), latest?.Reference,
                    latest is null ? null : centres.GetValueOrDefault(latest.CrisisCentreId),
                    referredAt, AcknowledgementDeadline.DueBy(referredAt, policy),
                    AcknowledgementDeadline.StateOf(referredAt, latest?.AcknowledgedAt, policy, now),
                    p.WaitingSince is { } since ? (int)(now.UtcDateTime - since).TotalDays : null,
                    p.ClosedAt);
            })
            .ToList();
        var byName = StringComparer.Create(CultureInfo.CurrentCulture, CompareOptions.IgnoreCase);
        NewReferrals = rows.Where(r => r.Status is ParticipantStatus.Referred or ParticipantStatus.Intake)
            .OrderByDescending(r => r.Acknowledgement).ThenBy(r => r.ReferredAt).ToList();
        Waiting = rows.Where(r => r.Status == ParticipantStatus.Waiting).OrderByDescending(r => r.DaysWaited).ThenBy(r => r.Name, byName).ToList();
        Matched = rows.Where(r => r.Status == ParticipantStatus.Matched).OrderBy(r => r.Name, byName).ToList();
        Ended = rows.Where(r => r.Status is ParticipantStatus.Closed or ParticipantStatus.Declined).OrderByDescending(r => r.ClosedAt).ToList();

        audit.Record(AuditActions.ParticipantListViewed, nameof(Participant), null);
        await db.SaveChangesAsync();
        return Page();
    }
}
