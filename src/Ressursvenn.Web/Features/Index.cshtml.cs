using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Infrastructure;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features;

/// <summary>The front page: the login page for a visitor, each role's own home page for a signed-in user.</summary>
public sealed class IndexModel(AppDbContext db, ProgrammeSettingsService settings, AuditTrail audit, TimeProvider clock, MyPages.MyVolunteer mine, MyPages.MyMatches myMatches,
    Messages.UndeliveredMessages undelivered) : AppPageModel
{
    public string Role { get; private set; } = string.Empty;

    public string DisplayName { get; private set; } = string.Empty;

    /// <summary>The organisations the user works for (associations of a coordinator, the centre of crisis-centre staff).</summary>
    public IReadOnlyList<string> Organisations { get; private set; } = [];

    public AdminCounts? Admin { get; private set; }

    public sealed record AdminCounts(int Associations, int CrisisCentres, int ActiveUsers, int PendingInvitations, int EscalatedReferrals);

    public CoordinatorSummary? Coordinator { get; private set; }

    public sealed record CoordinatorSummary(int NewReferrals, IReadOnlyList<OverdueReferral> Overdue, int Waiting, int LongestWaitDays);

    public sealed record OverdueReferral(Guid ParticipantId, string Name, DateOnly DueBy);

    /// <summary>Open matches of her associations whose volunteer no longer meets a requirement, not yet decided on (a count only).</summary>
    public int FlaggedMatches { get; private set; }

    /// <summary>Running matches whose volunteer left: the woman waits again for a new volunteer.</summary>
    public int VolunteerLeftMatches { get; private set; }

    /// <summary>Neighbouring associations' requests to use her associations' volunteers, not yet answered (a count only).</summary>
    public int WideningRequests { get; private set; }

    public CentreSummary? Centre { get; private set; }

    /// <summary>E-mails the outbox could not send, for a coordinator (her associations') or a national admin (the rest).</summary>
    public Messages.UndeliveredMessages.Summary? Undelivered { get; private set; }

    public sealed record CentreSummary(int Open, int Answered);

    /// <summary>A volunteer's status; null when her account has no volunteer record.</summary>
    public MyPages.VolunteerOverview? Volunteer { get; private set; }

    /// <summary>What waits for a volunteer, first things first, and her running match (links only, nothing of the woman).</summary>
    public MyPages.VolunteerAgenda? Agenda { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (User.Identity?.IsAuthenticated != true || !Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            return Redirect("/logg-inn");
        }

        // The whole entity, not a projection: the display name is encrypted and decrypted on load (ADR 0008).
        var me = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId);
        if (me is null)
        {
            return Redirect("/logg-inn");
        }

        (Role, DisplayName) = (me.Role, me.DisplayName);
        Organisations = me.Role switch
        {
            Roles.Coordinator => await db.CoordinatorAssociations.Where(c => c.UserId == userId)
                .Join(db.Associations, c => c.AssociationId, a => a.Id, (_, a) => a.Name).OrderBy(n => n).ToListAsync(),
            Roles.CrisisCentreStaff => await db.CrisisCentres.Where(c => c.Id == me.CrisisCentreId).Select(c => c.Name).ToListAsync(),
            _ => [],
        };

        var policy = await settings.GetAsync();
        var now = clock.GetUtcNow();
        if (me.Role is Roles.NationalAdmin or Roles.Coordinator)
        {
            Undelivered = await undelivered.SummariseAsync(me.Role == Roles.NationalAdmin, HttpContext.RequestAborted);
        }

        switch (me.Role)
        {
            case Roles.NationalAdmin:
                // A count only: referrals left unacknowledged past the second limit, in any association (no identity).
                var unanswered = await db.Referrals.IgnoreQueryFilters().AsNoTracking()
                    .Where(r => r.AcknowledgedAt == null && r.ClosedAt == null).Select(r => r.CreatedAt).ToListAsync();
                Admin = new AdminCounts(
                    await db.Associations.CountAsync(),
                    await db.CrisisCentres.CountAsync(),
                    await db.Users.CountAsync(u => !u.Disabled && u.PasswordHash != null),
                    await db.Users.CountAsync(u => !u.Disabled && u.PasswordHash == null),
                    unanswered.Count(at => AcknowledgementDeadline.StateOf(at, null, policy, now) == AcknowledgementState.Escalated));
                break;
            case Roles.Coordinator:
                await SummariseForCoordinatorAsync(policy, now);
                break;
            case Roles.Volunteer:
                if (await mine.FindAsync(User) is { } volunteer)
                {
                    Volunteer = await mine.OverviewAsync(volunteer);
                    Agenda = MyPages.VolunteerAgenda.Build(Volunteer, await myMatches.CurrentAsync(volunteer));
                }

                break;
            case Roles.CrisisCentreStaff:
                var statuses = await db.Referrals.AsNoTracking().Where(r => r.CrisisCentreId == db.Scope.CrisisCentreId).Select(r => r.Status).ToListAsync();
                Centre = new CentreSummary(
                    statuses.Count(s => s is ReferralStatus.Received or ReferralStatus.Waiting),
                    statuses.Count(s => s is not (ReferralStatus.Received or ReferralStatus.Waiting)));
                break;
        }

        return Page();
    }

    private async Task SummariseForCoordinatorAsync(ProgrammeSettings policy, DateTimeOffset now)
    {
        // Her associations' women only (query filter); names are decrypted here for the overdue list.
        var open = await db.Participants.AsNoTracking().Include(p => p.Referrals)
            .Where(p => p.Status == ParticipantStatus.Referred || p.Status == ParticipantStatus.Intake || p.Status == ParticipantStatus.Waiting)
            .AsSplitQuery().ToListAsync();
        var overdue = open
            .Select(p => (p, r: p.Referrals.Where(r => r.ClosedAt == null).OrderByDescending(r => r.CreatedAt).FirstOrDefault()))
            .Where(x => x.r is not null && AcknowledgementDeadline.StateOf(x.r.CreatedAt, x.r.AcknowledgedAt, policy, now) >= AcknowledgementState.Overdue)
            .OrderBy(x => x.r!.CreatedAt)
            .Select(x => new OverdueReferral(x.p.Id, x.p.Name, AcknowledgementDeadline.DueBy(x.r!.CreatedAt, policy)))
            .ToList();
        var waiting = open.Where(p => p.Status == ParticipantStatus.Waiting && p.WaitingSince is not null).ToList();
        Coordinator = new CoordinatorSummary(
            open.Count(p => p.Status is ParticipantStatus.Referred or ParticipantStatus.Intake),
            overdue,
            waiting.Count,
            waiting.Count == 0 ? 0 : waiting.Max(p => (int)(now.UtcDateTime - p.WaitingSince!.Value).TotalDays));
        // Matches run by her associations only (the woman's association), whatever the volunteer's.
        var associations = db.Scope.AssociationIds.ToList();
        FlaggedMatches = await db.Matches.CountAsync(m => associations.Contains(m.AssociationId) && m.RequirementsFlaggedAt != null
            && m.RequirementsFlagDecidedAt == null && Domain.Matching.Match.Open.Contains(m.Status));
        VolunteerLeftMatches = await Matching.MatchWorkflowService.AwaitingNewVolunteer(db, associations).CountAsync();
        WideningRequests = await db.WideningRequests.CountAsync(w => associations.Contains(w.PartnerAssociationId)
            && w.Status == Domain.Matching.WideningStatus.Requested);
        if (overdue.Count > 0)
        {
            audit.Record(AuditActions.ParticipantListViewed, nameof(Participant), null, "home");
            await db.SaveChangesAsync();
        }
    }
}
