using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Data.Encryption;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Calendar;
using Ressursvenn.Web.Domain.Matching;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Infrastructure.Email;
using Ressursvenn.Web.Infrastructure.Messaging;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Infrastructure;

/// <summary>
/// Daily renewal reminders (docs/domain.md §4.1: the volunteer and her coordinators see what is due and are reminded). For
/// every approved or paused volunteer whose police certificate enters the first reminder window, the second reminder
/// window, or expires (<see cref="VolunteerRules.Renewal"/> with the programme settings), it sends one neutral e-mail
/// to her (a link to her own page, no details in the subject) and one to each active coordinator of her association
/// (no name anywhere; a link to the volunteers' list) — once per volunteer, due date and stage.
/// <para>
/// Nothing changes by itself: an expired certificate is only shown and reminded of, her status and matches stay.
/// </para>
/// <para>
/// The same run flags open matches (docs/domain.md §4.1, §5.3): when a volunteer in an open match no longer meets a requirement — her
/// police certificate has expired, a mandatory module added since her approval is not done, or she has not signed the
/// current declaration — the match's <see cref="Match.RequirementsFlaggedAt"/> is set (audited) and the coordinators of
/// the woman's association get one neutral e-mail. The match's status is never changed and it is never ended: the
/// coordinator decides. A flag stays, decided or not, until every requirement holds again; then it is cleared, so a
/// later expiry flags the match afresh. Each flag is claimed through the match's version, so with several instances
/// exactly one sets it and queues the e-mails.
/// </para>
/// <para>
/// Several instances may run it against one database. Each reminder is first claimed by inserting its
/// <see cref="RenewalReminder"/> row (with its audit entry and its e-mails, in the outbox) in a unit of work of its own;
/// the unique key (volunteer, kind, due date, stage) lets exactly one instance succeed, and only its e-mails are stored.
/// The outbox sends them and retries (ADR 0016); one that keeps failing is listed for the coordinators.
/// </para>
/// </summary>
public sealed partial class RenewalReminderJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<RenewalReminderJob> logger)
{
    public static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    private const string MatchEntity = "Match";

    private sealed record Candidate(Guid VolunteerId, Guid AssociationId, DateOnly DueOn, RenewalState Stage);

    /// <summary>One run now; returns how many reminders (volunteer and stage) this instance claimed and queued.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        // E-mails go out in the app's first language (a background thread has no request culture); set for this flow only.
        CultureInfo.CurrentCulture = InfrastructureServiceCollectionExtensions.Cultures[0];
        CultureInfo.CurrentUICulture = InfrastructureServiceCollectionExtensions.Cultures[0];
        var due = await DueAsync(ct);
        var sent = 0;
        foreach (var candidate in due)
        {
            if (await ClaimAsync(candidate, ct))
            {
                sent++;
            }
        }

        if (sent > 0)
        {
            Log.Sent(logger, sent);
        }

        await FlagMatchesAsync(ct);
        return sent;
    }

    /// <summary>
    /// Flags the open matches whose volunteer no longer meets a requirement, and clears the flag of those whose
    /// volunteer meets them all again; returns how many matches this instance flagged (and e-mailed about).
    /// </summary>
    public async Task<int> FlagMatchesAsync(CancellationToken ct)
    {
        CultureInfo.CurrentCulture = InfrastructureServiceCollectionExtensions.Cultures[0];
        CultureInfo.CurrentUICulture = InfrastructureServiceCollectionExtensions.Cultures[0];
        List<(Guid Match, Guid Association)> toFlag = [];
        List<Guid> toClear = [];
        await using (var scope = scopes.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            // A match whose volunteer left or paused is handed back to the coordinator (MatchStatus.VolunteerLeft), never a
            // renewal case: only open matches of a volunteer still approved are looked at.
            var open = await db.Matches.AsNoTracking()
                .Where(m => Match.Open.Contains(m.Status) && m.VolunteerId != null
                    && db.Volunteers.Any(v => v.Id == m.VolunteerId && v.Status == VolunteerStatus.Approved))
                .Select(m => new { m.Id, VolunteerId = m.VolunteerId!.Value, m.AssociationId, m.RequirementsFlaggedAt })
                .ToListAsync(ct);
            if (open.Count == 0)
            {
                return 0;
            }

            var settings = await scope.ServiceProvider.GetRequiredService<ProgrammeSettingsService>().GetAsync(ct);
            var catalogue = await db.TrainingModules.AsNoTracking().ToListAsync(ct);
            var today = WorkingDays.OsloDate(clock.GetUtcNow());
            var ids = open.Select(m => m.VolunteerId).Distinct().ToList();
            // Plain columns only: nothing encrypted is read to decide.
            var certificates = (await db.PoliceCertificates.AsNoTracking().Where(c => ids.Contains(c.VolunteerId)).ToListAsync(ct))
                .ToDictionary(c => c.VolunteerId);
            var done = (await db.TrainingCompletions.AsNoTracking().Where(t => ids.Contains(t.VolunteerId))
                    .Select(t => new { t.VolunteerId, t.ModuleId }).ToListAsync(ct))
                .ToLookup(t => t.VolunteerId, t => t.ModuleId);
            var signed = (await db.DeclarationSignatures.AsNoTracking()
                    .Where(d => ids.Contains(d.VolunteerId) && d.TextVersion == DeclarationSignature.CurrentTextVersion)
                    .Select(d => d.VolunteerId).ToListAsync(ct))
                .ToHashSet();
            var lapsed = ids.ToDictionary(id => id, id =>
                RequirementLapsed(certificates.GetValueOrDefault(id), done[id].ToHashSet(), signed.Contains(id), catalogue, today, settings));
            foreach (var match in open)
            {
                var isLapsed = lapsed[match.VolunteerId];
                if (isLapsed && match.RequirementsFlaggedAt is null)
                {
                    toFlag.Add((match.Id, match.AssociationId));
                }
                else if (!isLapsed && match.RequirementsFlaggedAt is not null)
                {
                    toClear.Add(match.Id);
                }
            }
        }

        var flagged = 0;
        foreach (var (match, _) in toFlag)
        {
            if (await ChangeFlagAsync(match, flag: true, ct))
            {
                flagged++;
            }
        }

        foreach (var match in toClear)
        {
            await ChangeFlagAsync(match, flag: false, ct);
        }

        if (flagged > 0)
        {
            Log.Flagged(logger, flagged);
        }

        return flagged;
    }

    /// <summary>
    /// Whether one of the requirements a volunteer in a match must keep meeting has lapsed: the police certificate
    /// (missing, or past its renewal by <see cref="VolunteerRules.Renewal"/>), a mandatory module she has not done (one
    /// added after her approval), or the current declaration not signed — the facts the matching engine's hard rule
    /// "requirements expired" reads before any new proposal.
    /// </summary>
    public static bool RequirementLapsed(PoliceCertificateRecord? certificate, IReadOnlySet<Guid> modulesDone, bool declarationSigned,
        IReadOnlyList<TrainingModule> catalogue, DateOnly today, ProgrammeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(modulesDone);
        ArgumentNullException.ThrowIfNull(catalogue);
        var certificateLapsed = certificate is null
            || VolunteerRules.Renewal(VolunteerRules.CertificateValidUntil(certificate, settings), today, settings) == RenewalState.Expired;
        return certificateLapsed
            || catalogue.Any(m => m.Mandatory && m.Active && !modulesDone.Contains(m.Id))
            || !declarationSigned;
    }

    /// <summary>
    /// Sets (or clears) a match's flag with its audit entry, in a unit of work of its own. The save carries the version
    /// the match was read at, so when another instance (or a coordinator) changed it in between this one gives way and
    /// returns false.
    /// </summary>
    private async Task<bool> ChangeFlagAsync(Guid matchId, bool flag, CancellationToken ct)
    {
        await using var scope = scopes.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var match = await db.Matches.FirstOrDefaultAsync(m => m.Id == matchId, ct);
        if (match is null || !match.IsOpen || (match.RequirementsFlaggedAt is null) != flag)
        {
            return false;
        }

        var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
        if (flag)
        {
            // Only the flag: the match's status, slots and dates stay as they are.
            match.RequirementsFlaggedAt = clock.GetUtcNow().UtcDateTime;
            audit.Record(AuditActions.MatchRequirementsFlagged, MatchEntity, match.Id);
            // One neutral e-mail to each coordinator of the woman's association (no name, a link to the matches).
            var templates = scope.ServiceProvider.GetRequiredService<EmailTemplates>();
            await scope.ServiceProvider.GetRequiredService<Outbox>()
                .EnqueueToCoordinatorsAsync(match.AssociationId, templates.MatchRequirementsFlagged, ct: ct);
        }
        else
        {
            match.RequirementsFlaggedAt = null;
            match.RequirementsFlagDecidedAt = null;
            match.RequirementsFlagDecidedByUserId = null;
            audit.Record(AuditActions.MatchRequirementsCleared, MatchEntity, match.Id);
        }

        if (await scope.ServiceProvider.GetRequiredService<UnitOfWork>().SaveAsync(ct) == SaveOutcome.Saved)
        {
            return true;
        }

        logger.LogInformation("A match's requirements flag was already taken care of by another run");
        return false;
    }

    /// <summary>The reminders due today, from plain columns only (nothing encrypted is read to decide).</summary>
    private async Task<IReadOnlyList<Candidate>> DueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var settings = await scope.ServiceProvider.GetRequiredService<ProgrammeSettingsService>().GetAsync(ct);
        var today = WorkingDays.OsloDate(clock.GetUtcNow());
        var certificates = await (
                from c in db.PoliceCertificates.AsNoTracking()
                join v in db.Volunteers.AsNoTracking() on c.VolunteerId equals v.Id
                where v.Status == VolunteerStatus.Approved || v.Status == VolunteerStatus.Paused
                select new { Certificate = c, v.AssociationId })
            .ToListAsync(ct);
        var ids = certificates.Select(c => c.Certificate.VolunteerId).ToList();
        var reminded = (await db.RenewalReminders.AsNoTracking()
                .Where(r => r.Kind == RenewalKind.PoliceCertificate && ids.Contains(r.VolunteerId))
                .Select(r => new { r.VolunteerId, r.DueOn, r.Stage })
                .ToListAsync(ct))
            .ToLookup(r => (r.VolunteerId, r.DueOn), r => r.Stage);

        var due = new List<Candidate>();
        foreach (var row in certificates)
        {
            var validUntil = VolunteerRules.CertificateValidUntil(row.Certificate, settings);
            var state = VolunteerRules.Renewal(validUntil, today, settings);
            if (RenewalReminders.Due(state, reminded[(row.Certificate.VolunteerId, validUntil)]) is { } stage)
            {
                due.Add(new Candidate(row.Certificate.VolunteerId, row.AssociationId, validUntil, stage));
            }
        }

        return due;
    }

    /// <summary>Stores the reminder with its audit entry; false when another instance (or an earlier run) already did.</summary>
    private async Task<bool> ClaimAsync(Candidate candidate, CancellationToken ct)
    {
        await using var scope = scopes.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.RenewalReminders.Add(new RenewalReminder
        {
            VolunteerId = candidate.VolunteerId,
            AssociationId = candidate.AssociationId,
            Kind = RenewalKind.PoliceCertificate,
            DueOn = candidate.DueOn,
            Stage = candidate.Stage,
            SentAt = clock.GetUtcNow().UtcDateTime,
        });
        scope.ServiceProvider.GetRequiredService<AuditTrail>()
            .Record(AuditActions.RenewalReminderSent, nameof(Volunteer), candidate.VolunteerId, candidate.Stage.ToString());
        await QueueRemindersAsync(scope.ServiceProvider, db, candidate, ct);
        if (await scope.ServiceProvider.GetRequiredService<UnitOfWork>().SaveAsync(ct) == SaveOutcome.Saved)
        {
            return true;
        }

        // The unique key refused it: another instance claimed this reminder first (or she was erased meanwhile).
        logger.LogInformation("A renewal reminder was already taken care of by another run");
        return false;
    }

    /// <summary>One e-mail to her, one to each active coordinator of her association, in the outbox with the claim.</summary>
    private async Task QueueRemindersAsync(IServiceProvider services, AppDbContext db, Candidate candidate, CancellationToken ct)
    {
        var outbox = services.GetRequiredService<Outbox>();
        var templates = services.GetRequiredService<EmailTemplates>();
        var stage = candidate.Stage.ToString();
        string? address = null;
        try
        {
            address = (await db.Volunteers.AsNoTracking().FirstOrDefaultAsync(v => v.Id == candidate.VolunteerId, ct))?.Email;
        }
        catch (FieldDecryptionException)
        {
            Log.NoAddress(logger);
        }

        if (!string.IsNullOrWhiteSpace(address))
        {
            outbox.Enqueue(templates.RenewalReminderToVolunteer(address, stage), candidate.AssociationId);
        }

        await outbox.EnqueueToCoordinatorsAsync(candidate.AssociationId, to => templates.RenewalReminderToCoordinator(to, stage), ct: ct);
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Renewal reminders queued for {Count} volunteers")]
        public static partial void Sent(ILogger logger, int count);

        [LoggerMessage(Level = LogLevel.Warning, Message = "A renewal reminder is not addressed to a volunteer: her e-mail address does not decrypt")]
        public static partial void NoAddress(ILogger logger);

        [LoggerMessage(Level = LogLevel.Information, Message = "Requirements flagged on {Count} open matches")]
        public static partial void Flagged(ILogger logger, int count);
    }
}
